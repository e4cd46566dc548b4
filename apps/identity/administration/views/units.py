"""The unit tree: creating, renaming, moving, closing and reopening units."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission
from apps.organisations.models import Unit

from ... import permissions, services
from ..forms import UnitForm
from .common import add_service_errors, organisation_of


def unit_list(request):
    organisation = organisation_of(request)
    units = list(
        Unit.objects.for_organisation(organisation).annotate(
            people=Count(
                "role_assignments__user",
                filter=Q(role_assignments__user__is_active=True),
                distinct=True,
            )
        ).order_by("path")
    )
    names = {unit.pk: unit.name for unit in units}
    # The tree in reading order: each unit after its parent, siblings by name.
    for unit in units:
        unit.depth = len(unit.ancestor_ids()) - 1
        unit.sort_key = tuple(names[pk].lower() for pk in unit.ancestor_ids())
    units.sort(key=lambda unit: unit.sort_key)
    return render(request, "identity/unit_list.html", {
        "organisation": organisation, "units": units,
    })


def _save(request, organisation, unit=None):
    form = UnitForm(
        request.POST or None, organisation=organisation, unit=unit,
        initial={"name": unit.name, "kind": unit.kind, "parent": unit.parent_id} if unit else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if unit is None:
                services.unit_create(
                    actor=request.user, organisation=organisation, name=data["name"],
                    kind=data["kind"], parent=data["parent"],
                )
                messages.success(request, _("The unit was created."))
            else:
                services.unit_update(
                    actor=request.user, unit=unit, name=data["name"], kind=data["kind"],
                    parent=data["parent"],
                )
                messages.success(request, _("The changes were saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("identity:unit_list")
    return render(request, "identity/unit_form.html", {
        "organisation": organisation, "form": form, "unit": unit,
    })


@once_per_submission
def unit_create(request):
    return _save(request, organisation_of(request))


def unit_edit(request, pk):
    organisation = organisation_of(request)
    return _save(request, organisation, permissions.get_unit(organisation, pk))


def _state(request, pk, service, done):
    organisation = organisation_of(request)
    unit = permissions.get_unit(organisation, pk)
    try:
        service(actor=request.user, unit=unit)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect("identity:unit_list")


@post_only("identity:unit_edit", pk="pk")
def unit_close(request, pk):
    return _state(request, pk, services.unit_close, _("The unit was closed."))


@post_only("identity:unit_edit", pk="pk")
def unit_reopen(request, pk):
    return _state(request, pk, services.unit_reopen, _("The unit was reopened."))
