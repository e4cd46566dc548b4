"""Forms of the authoring and lifecycle screens, and the registry of content types.

Forms validate input and nothing else: views hand the cleaned data to the
services, which check permission, lock the draft and write the audit row.
"""

import functools
from dataclasses import dataclass

from django import forms
from django.db import models
from django.forms import modelform_factory
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from apps.klarsprog import widgets as klarsprog
from apps.organisations.models import ResponsibilityHolder, Unit

from . import dates
from . import models as m
from .parts import part_position
from .services import VERSION_EDITABLE_FIELDS, content_fields, snapshot
from .wording import apply_wording

# --- Content types -----------------------------------------------------------


@dataclass(frozen=True)
class ContentType:
    """One kind of version content as the editor shows it."""

    key: str
    model: type[m.VersionContent]
    add_label: str
    # For children: the foreign key to the parent row they are edited under.
    parent_field: str | None = None
    children: tuple[str, ...] = ()
    # Shown next to each item in the editor's list.
    summary_fields: tuple[str, ...] = ()
    text_field: str | None = None
    # Text fields rendered as Markdown on the version page and in the PDF.
    markdown_fields: tuple[str, ...] = ()
    orderable: bool = True
    # Where the model's own field order reads badly in a form.
    field_order: tuple[str, ...] = ()
    # Shown as the item's title instead of str(), which may reach into other rows.
    title_field: str | None = None
    plural_label: str | None = None

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.plural_label or self.model._meta.verbose_name_plural

    @property
    def fields(self) -> list[str]:
        names = [name for name in content_fields(self.model) if name != self.parent_field]
        first = [name for name in self.field_order if name in names]
        return first + [name for name in names if name not in first]

    @property
    def parent_model(self):
        return self.model._meta.get_field(self.parent_field).related_model

    @property
    def accessor(self) -> str:
        """The name under which a parent row holds its children of this type."""
        return self.model._meta.get_field(self.parent_field).remote_field.get_accessor_name()

    @property
    def link_fields(self) -> list[str]:
        """Foreign keys shown in the editor's list, fetched along with the rows."""
        names = [*self.summary_fields, *filter(None, [self.title_field])]
        return [name for name in names if self.model._meta.get_field(name).is_relation]

    @property
    def child_types(self) -> list["ContentType"]:
        return [CONTENT_TYPES[key] for key in self.children]

    @property
    def top_level(self) -> "ContentType":
        """The type whose list holds this one: itself, or its parent's type."""
        if self.parent_field is None:
            return self
        return next(t for t in CONTENT_TYPES.values() if self.key in t.children)


_TYPES = (
    ContentType(
        "section", m.Section, _("Add a section"),
        summary_fields=("kind", "audience"), text_field="body", markdown_fields=("body",),
    ),
    ContentType(
        "legal-basis", m.LegalBasis, _("Add a law or rule the document rests on"),
        text_field="text", markdown_fields=("text",),
    ),
    ContentType(
        "goal", m.Goal, _("Add a goal"), children=("indicator", "target-group"),
        summary_fields=("kind", "parent", "audience"), text_field="description",
        markdown_fields=("description",), field_order=("kind", "parent", "title"),
    ),
    ContentType(
        "indicator", m.Indicator, _("Add an indicator"), parent_field="goal",
        summary_fields=("target", "unit"), text_field="measurement",
    ),
    ContentType(
        # The target groups a goal is for: a set of the version's stakeholders.
        "target-group", m.GoalTargetGroup, _("Add a target group of this goal"),
        parent_field="goal", title_field="stakeholder", orderable=False,
    ),
    ContentType(
        "evaluation", m.Evaluation, _("Add how the document is measured and evaluated"),
        summary_fields=("method", "frequency"), text_field="description",
        markdown_fields=("description",),
    ),
    ContentType(
        "focus-area", m.FocusArea, _("Add a focus area"),
        text_field="description", markdown_fields=("description",),
    ),
    ContentType(
        "value", m.Value, _("Add a value"),
        text_field="description", markdown_fields=("description",),
    ),
    ContentType(
        "principle", m.Principle, _("Add a principle"),
        summary_fields=("value", "audience"), text_field="text", markdown_fields=("text",),
        field_order=("title", "text"),
    ),
    ContentType(
        "stakeholder", m.Stakeholder, _("Add a stakeholder"),
        summary_fields=("priority", "audience"), text_field="description",
    ),
    ContentType(
        "role", m.MunicipalityRole, _("Add a role of the municipality"),
        children=("sender", "audience"),
        summary_fields=("kind",), text_field="description", markdown_fields=("description",),
    ),
    ContentType(
        "sender", m.RoleSender, _("Add a sender"), parent_field="municipality_role",
        summary_fields=("role_level",),
    ),
    ContentType(
        "audience", m.RoleAudience, _("Add an audience"), parent_field="municipality_role",
        summary_fields=("stakeholder",),
    ),
    ContentType(
        "responsibility", m.Responsibility, _("Add a responsibility"), children=("duty",),
        summary_fields=("role_level", "holder", "context"), text_field="description",
        markdown_fields=("description",),
    ),
    ContentType(
        "duty", m.ResponsibilityItem, _("Add a duty"), parent_field="responsibility",
    ),
    ContentType(
        "platform", m.Platform, _("Add a platform"), children=("channel", "platform-use"),
        summary_fields=("audience",), text_field="description", markdown_fields=("description",),
    ),
    ContentType(
        "channel", m.Channel, _("Add a channel"), parent_field="platform",
        text_field="description",
    ),
    ContentType(
        # Which roles use a platform is a set, shown as the platforms x roles table.
        "platform-use", m.PlatformRoleUse, _("Add a role that uses this platform"),
        parent_field="platform", title_field="municipality_role",
        plural_label=_("Roles that use this platform"), orderable=False,
    ),
    ContentType(
        "spokesperson-rule", m.SpokespersonRule, _("Add a spokesperson rule"),
        summary_fields=("role_level", "holder", "scope"), text_field="text",
        markdown_fields=("text",),
    ),
    ContentType(
        "action", m.Action, _("Add an action"),
        summary_fields=("owner_unit", "owner_label", "due_date", "status"),
        text_field="description", markdown_fields=("description",),
    ),
    ContentType(
        # The annual wheel is ordered by month, so moving events up and down means nothing.
        "annual-wheel-event", m.AnnualWheelEvent, _("Add an event to the annual wheel"),
        summary_fields=("month", "audience", "owner_label"), text_field="description",
        orderable=False,
    ),
    ContentType(
        "related-document", m.RelatedDocument, _("Add a related document"),
        summary_fields=("relation", "strategy", "year"), text_field="note",
    ),
    ContentType(
        "definition", m.Definition, _("Add a definition"),
        text_field="explanation", markdown_fields=("explanation",),
    ),
)

# Keyed by the slug used in URLs, in the order the editor shows them.
CONTENT_TYPES: dict[str, ContentType] = {t.key: t for t in _TYPES}
# The editor's parts in reading order (parts.py), the same as the page and the PDF.
TOP_LEVEL_TYPES: list[ContentType] = sorted(
    (t for t in _TYPES if t.parent_field is None), key=lambda t: part_position(t.model)
)


# --- Shared form behaviour ---------------------------------------------------


class KompasFormMixin:
    """DKFDS classes on every widget, and text with the browser's line endings undone."""

    def style_fields(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.Textarea) or (
                isinstance(widget, (forms.TextInput, forms.URLInput))
                and (getattr(field, "max_length", None) or 0) >= 200
            ):
                css = "form-input input-width-xl"
            else:
                css = "form-input"
            widget.attrs["class"] = css
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = _("None") if not field.required else _("Choose…")
            elif isinstance(field, forms.ChoiceField):
                blank = _("None") if not field.required else _("Choose…")
                field.choices = [
                    (value, blank if value == "" else label) for value, label in field.choices
                ]

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            # Browsers send CRLF from text areas; stored text uses LF.
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


def _formfield(db_field, **kwargs):
    if isinstance(db_field, models.DateField):
        kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    elif isinstance(db_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
    return db_field.formfield(**kwargs)


DAMAGED = _("The form was damaged on its way. Reload the page and try again.")


class BaseField(forms.JSONField):
    """The values an editor started from, sent back with the save (stale-edit check).

    Required: without it a save could not tell someone else's edit from a change.
    """

    widget = forms.HiddenInput
    default_error_messages = {"required": DAMAGED, "invalid": DAMAGED}

    def clean(self, value):
        value = super().clean(value)
        if not isinstance(value, dict):
            raise forms.ValidationError(DAMAGED, code="base")
        return value


# --- Content items -----------------------------------------------------------


class ContentItemForm(KompasFormMixin, forms.ModelForm):
    """One row of version content; foreign keys offer only rows of the same version."""

    base = BaseField()

    def __init__(self, *args, version, content_type, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.content_type = content_type
        if self.instance.pk is None:
            del self.fields["base"]
        elif not self.is_bound and "base" not in self.initial:
            self.initial["base"] = snapshot(self.instance, content_type.fields)
        self.style_fields()
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                related = field.queryset.model
                if related in (Unit, ResponsibilityHolder):
                    field.queryset = related.objects.filter(
                        organisation_id=version.strategy.organisation_id
                    )
                elif related is m.Strategy:
                    field.queryset = other_strategies(version)
                else:
                    field.queryset = related.objects.filter(version=version)
                if choices is not None and related in choices:
                    # One query per page for all the forms that offer the same rows.
                    blank = [] if field.empty_label is None else [("", field.empty_label)]
                    field.widget.choices = [*blank, *choices[related]]
            if name == "month":
                field.choices = [("", _("Choose…")), *MONTHS.items()]
            if name in content_type.markdown_fields:
                # The running text of the document: room to write.
                field.widget.attrs["rows"] = 8
        # The editor's own hints, and the formatting hint with its preview (wording.py).
        apply_wording(self, content_type.model, content_type.markdown_fields)
        for name in content_type.markdown_fields:
            if name in self.fields:
                klarsprog.attach(self, name)

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "base"}


@functools.cache
def item_form_class(key: str) -> type[ContentItemForm]:
    content_type = CONTENT_TYPES[key]
    return modelform_factory(
        content_type.model, form=ContentItemForm, fields=content_type.fields,
        formfield_callback=_formfield,
    )


def other_strategies(version):
    """The strategies a version may name as related: its organisation's others."""
    return m.Strategy.objects.filter(
        organisation_id=version.strategy.organisation_id
    ).exclude(pk=version.strategy_id)


def choice_rows(version) -> dict:
    """The rows every foreign-key choice on the editor may offer, fetched once per page."""
    organisation_id = version.strategy.organisation_id
    rows = {
        Unit: Unit.objects.filter(organisation_id=organisation_id),
        ResponsibilityHolder: ResponsibilityHolder.objects.filter(organisation_id=organisation_id),
        m.Strategy: other_strategies(version),
        m.Goal: m.Goal.objects.filter(version=version),
        m.Value: m.Value.objects.filter(version=version),
        m.Stakeholder: m.Stakeholder.objects.filter(version=version),
        m.MunicipalityRole: m.MunicipalityRole.objects.filter(version=version),
    }
    return {model: [(row.pk, str(row)) for row in qs] for model, qs in rows.items()}


# --- Strategies and versions -------------------------------------------------


class StrategyCreateForm(KompasFormMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Municipality"))

    class Meta:
        model = m.Strategy
        fields = ["title", "subtitle", "kind"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            # Nothing to choose: the strategy belongs to the one municipality.
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0].pk
        self.style_fields()


class VersionForm(KompasFormMixin, forms.ModelForm):
    base = BaseField()

    class Meta:
        model = m.StrategyVersion
        fields = list(VERSION_EDITABLE_FIELDS)
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "base" not in self.initial:
            self.initial["base"] = snapshot(self.instance, VERSION_EDITABLE_FIELDS)
        self.style_fields()
        apply_wording(self, m.StrategyVersion, ("adoption_note", "change_summary"))

    def clean(self):
        cleaned = super().clean()
        for name, error in dates.version_details_errors(cleaned).items():
            self.add_error(name, error)
        return cleaned

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "base"}


# --- Lifecycle ---------------------------------------------------------------

S = m.VersionStatus

# The buttons of the lifecycle, by the state they move a version to.
TRANSITION_LABELS = {
    S.CONSULTATION: _("Send to consultation"),
    S.PROPOSED: _("Propose to the council"),
    S.ADOPTED: _("Record the adoption"),
    S.DRAFT: _("Move back to draft"),
    S.WITHDRAWN: _("Withdraw this version"),
}


class TransitionForm(KompasFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Saved in the status history."),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def service_kwargs(self) -> dict:
        return {"note": self.cleaned_data["note"]}


class AdoptForm(TransitionForm):
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decided_by = forms.CharField(
        label=_("Deciding body"), max_length=200,
        help_text=_("The body that adopted the version, usually the council."),
    )
    case_reference = forms.CharField(label=_("Case reference"), max_length=100)

    field_order = ["decided_on", "decided_by", "case_reference", "note"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["decided_by"].initial = organisation.council_name

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if error := dates.adoption_error(decided_on):
            raise forms.ValidationError(error)
        return decided_on

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "note": data["note"],
            "decided_on": data["decided_on"],
            "decided_by": data["decided_by"],
            "case_reference": data["case_reference"],
        }


class ConsultationForm(TransitionForm):
    deadline = forms.DateField(
        label=_("Consultation deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day comments can be made. They close at the end of that day."),
    )
    public = forms.BooleanField(
        label=_("Public consultation: anyone may answer from a public page"), required=False,
    )

    field_order = ["deadline", "public", "note"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "note": data["note"],
            "consultation_deadline": data["deadline"],
            "consultation_public": data["public"],
        }


def transition_form_class(to_status):
    if to_status == S.CONSULTATION:
        return ConsultationForm
    return AdoptForm if to_status == S.ADOPTED else TransitionForm
