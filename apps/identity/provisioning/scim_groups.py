"""The identity provider's groups, and what each means here: a role, in a unit or in
the whole organisation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.organisations.models import RoleLevel, Unit

from ..administration.forms import _Styled, _UnitChoices
from ..administration.views.common import add_service_errors, organisation_of
from ..models import ScimGroup
from ..services import scim_group_map


class GroupMappingForm(_UnitChoices, _Styled):
    role_level = forms.ChoiceField(
        label=gettext_lazy("Role level"), required=False,
        choices=[("", gettext_lazy("No role"))] + list(RoleLevel.choices),
        help_text=gettext_lazy("The role the group's members hold. No role: the group gives none."),
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)

    def setup(self):
        self.unit_field("unit", required=False, label=gettext_lazy("Unit"))
        self.fields["unit"].help_text = gettext_lazy(
            "Leave empty for a role in the whole organisation, such as a politician's."
        )

    def style_fields(self):
        super().style_fields()
        # The mixin would call the empty choice "None"; here it means no role.
        self.fields["role_level"].choices = [("", _("No role"))] + list(RoleLevel.choices)


def scim_groups(request):
    organisation = organisation_of(request)
    groups = ScimGroup.objects.for_organisation(organisation).select_related("unit")
    return render(request, "identity/scim_groups.html", {
        "organisation": organisation, "groups": groups,
    })


def scim_group_edit(request, pk):
    organisation = organisation_of(request)
    group = ScimGroup.objects.for_organisation(organisation).filter(pk=pk).first()
    if group is None:
        raise Http404
    form = GroupMappingForm(
        request.POST or None, organisation=organisation,
        initial={"role_level": group.role_level, "unit": group.unit_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            scim_group_map(
                actor=request.user, group=group, role_level=form.cleaned_data["role_level"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The group's meaning was saved; its members' roles follow it.")
            )
            return redirect("identity:scim_groups")
    return render(request, "identity/scim_group_form.html", {
        "organisation": organisation, "group": group, "form": form,
        "members": group.members.count(),
    })
