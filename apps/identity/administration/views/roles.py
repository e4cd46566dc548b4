"""Giving a person a role, changing it (unit, job title, manager) and taking it away."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission

from ... import permissions, services
from ..forms import RoleForm
from .common import add_service_errors, organisation_of


@post_only("identity:person_detail", pk="pk")
@once_per_submission
def role_create(request, pk):
    organisation = organisation_of(request)
    person = permissions.get_person(organisation, pk)
    form = RoleForm(request.POST, organisation=organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_create(
                actor=request.user, organisation=organisation, person=person,
                role_level=data["role_level"], unit=data["unit"], title=data["title"],
                manager=data["manager"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The role was given."))
            return redirect("identity:person_detail", pk=person.pk)
    return render(request, "identity/role_form.html", {
        "organisation": organisation, "person": person, "form": form, "assignment": None,
    }, status=400)


def role_edit(request, pk):
    organisation = organisation_of(request)
    assignment = permissions.get_assignment(organisation, pk)
    manager = assignment.manager
    form = RoleForm(
        request.POST or None, organisation=organisation,
        initial={
            "role_level": assignment.role_level,
            "unit": assignment.unit_id,
            "title": assignment.title,
            "manager": (manager.email or manager.username) if manager else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_update(
                actor=request.user, assignment=assignment, role_level=data["role_level"],
                unit=data["unit"], title=data["title"], manager=data["manager"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("identity:person_detail", pk=assignment.user_id)
    return render(request, "identity/role_form.html", {
        "organisation": organisation, "person": assignment.user, "form": form,
        "assignment": assignment,
    })


@post_only("identity:role_edit", pk="pk")
def role_delete(request, pk):
    organisation = organisation_of(request)
    assignment = permissions.get_assignment(organisation, pk)
    try:
        services.assignment_delete(actor=request.user, assignment=assignment)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The role was taken away."))
    return redirect("identity:person_detail", pk=assignment.user_id)
