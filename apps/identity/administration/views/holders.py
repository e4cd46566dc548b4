"""The responsibility holders the organisation's policies name: committees, municipal
companies, the union representatives, offices. Created, changed and, while no strategy
names them, deleted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission
from apps.organisations.models import ResponsibilityHolder

from ... import permissions, services
from ..forms import HolderForm
from .common import add_service_errors, organisation_of


def holder_list(request):
    organisation = organisation_of(request)
    holders = services.holders_with_uses(
        ResponsibilityHolder.objects.filter(organisation=organisation)
    ).order_by("name", "pk")
    return render(request, "identity/holder_list.html", {
        "organisation": organisation, "holders": holders,
    })


def _save(request, organisation, holder=None):
    form = HolderForm(
        request.POST or None, organisation=organisation,
        initial={
            "name": holder.name, "kind": holder.kind, "role_level": holder.role_level,
            "description": holder.description,
        } if holder else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "name": data["name"], "kind": data["kind"], "role_level": data["role_level"],
            "description": data["description"],
        }
        try:
            if holder is None:
                services.holder_create(actor=request.user, organisation=organisation, **values)
                messages.success(request, _("The holder was created."))
            else:
                services.holder_update(actor=request.user, holder=holder, **values)
                messages.success(request, _("The changes were saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("identity:holder_list")
    return render(request, "identity/holder_form.html", {
        "organisation": organisation, "form": form, "holder": holder,
        "uses": services.holder_uses(holder) if holder else 0,
    })


@once_per_submission
def holder_create(request):
    return _save(request, organisation_of(request))


def holder_edit(request, pk):
    organisation = organisation_of(request)
    return _save(request, organisation, permissions.get_holder(organisation, pk))


@post_only("identity:holder_edit", pk="pk")
def holder_delete(request, pk):
    organisation = organisation_of(request)
    holder = permissions.get_holder(organisation, pk)
    try:
        services.holder_delete(actor=request.user, holder=holder)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("identity:holder_edit", pk=holder.pk)
    messages.success(request, _("The holder was deleted."))
    return redirect("identity:holder_list")
