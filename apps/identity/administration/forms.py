from django import forms
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import HolderKind, RoleLevel, Unit, UnitKind
from apps.strategies.forms import KompasFormMixin

from .. import permissions
from ..provisioning.tabular import MAX_BYTES


class _Styled(KompasFormMixin, forms.Form):
    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.setup()
        self.style_fields()

    def setup(self):
        pass


def open_units(organisation):
    """Open units, each labelled with its path, in the order of the tree."""
    units = list(Unit.objects.for_organisation(organisation).open())
    names = {unit.pk: unit.name for unit in units}
    for unit in units:
        unit.label = " / ".join(names.get(pk, "…") for pk in unit.ancestor_ids())
    return units


class _UnitChoices:
    def unit_field(self, name, *, required, label, exclude=None):
        units = [u for u in open_units(self.organisation)
                 if exclude is None or not u.path.startswith(exclude.path)]
        field = self.fields[name]
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        labels = {u.pk: u.label for u in units}
        field.label_from_instance = lambda unit: labels.get(unit.pk, unit.name)
        field.required = required
        field.label = label
        # Order of the tree, not of the queryset.
        field.choices = [("", field.empty_label)] + [(u.pk, u.label) for u in units]


class UnitForm(_UnitChoices, _Styled):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, unit=None, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def setup(self):
        self.unit_field(
            "parent", required=False, label=_("Placed under"), exclude=self.unit
        )
        self.fields["parent"].help_text = _("Leave empty for a unit at the top of the tree.")


class HolderForm(_Styled):
    name = forms.CharField(
        label=_("Name"), max_length=200,
        help_text=_(
            "The name the organisation's policies use, such as “Økonomiudvalget”, "
            "“Forsyning A/S”, “The union representatives” or “The mayor”."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=HolderKind.choices,
        help_text=_(
            "A holder is someone a policy gives responsibilities or the right to speak who "
            "is not one of the role levels: a committee or board, a municipal company, the "
            "union representatives, or an office such as the mayor's."
        ),
    )
    role_level = forms.ChoiceField(
        label=_("Carried by role level"), choices=[("", "")] + RoleLevel.choices,
        required=False,
        help_text=_(
            "Whose obligations the holder's duties become: the people with this role level "
            "get them as their own obligations. Leave empty if the holder is only named in "
            "the document: its duties are then nobody's obligations in Kompas."
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: who the holder is, for colleagues who do not know it."),
    )


class PersonForm(_Styled):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address the person signs in with through the organisation's login."),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.dk.")},
    )


class RoleForm(_UnitChoices, _Styled):
    role_level = forms.ChoiceField(label=_("Role level"), choices=RoleLevel.choices)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    manager = forms.CharField(
        label=_("Manager's e-mail address"), required=False, max_length=254,
        help_text=_("The e-mail address of the person's manager in this role."),
    )

    def setup(self):
        self.unit_field("unit", required=False, label=_("Unit"))
        self.fields["unit"].help_text = _(
            "Leave empty for a role in the whole organisation, such as a politician's."
        )

    def clean_manager(self):
        email = self.cleaned_data["manager"].strip().lower()
        if not email:
            return None
        found = (
            permissions.people_of(self.organisation)
            .filter(is_active=True)
            .filter(email__iexact=email)
            .first()
        ) or permissions.people_of(self.organisation).filter(
            is_active=True, username__iexact=email
        ).first()
        if found is None:
            raise forms.ValidationError(
                _("No active person of the organisation has this e-mail address.")
            )
        return found


class NewPersonForm(RoleForm, PersonForm):
    field_order = ["full_name", "email", "role_level", "unit", "title", "manager"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File from the HR system or AD"),
        help_text=_("A CSV file (.csv) or an Excel workbook (.xlsx) with one row a role."),
        widget=forms.ClearableFileInput(attrs={"class": "form-file-input", "accept": ".csv,.xlsx"}),
    )
    full = forms.BooleanField(
        label=_("The file lists everyone in the organisation"),
        help_text=_(
            "People who are not in the file are then deactivated (never deleted), and roles "
            "an earlier import gave that are not in the file are taken away."
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 20 MB. Split it or remove unused columns.")
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(
                _("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")
            )
        return upload


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    status = forms.ChoiceField(
        required=False,
        choices=[("", _("Everyone")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )
