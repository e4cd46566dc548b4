"""Forms of the consultation pages. They validate input; the services hold the rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import RoleAssignment, Unit

from .models import ANSWER_MAX_CHARS, COMMENT_MAX_CHARS, Outcome

DOCUMENT = "document"


class CommentForm(forms.Form):
    target = forms.ChoiceField(
        label=_("What is your comment about?"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"class": "form-input input-width-xl", "rows": 6}),
    )

    def __init__(self, *args, outline, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength attribute: a browser would cut a long paste silently. The service
        # refuses an over-long text and the form shows it again, whole.
        self.fields["text"].help_text = _(
            "Say what should change and why. Quote the words you mean. "
            "At most %(limit)s characters."
        ) % {"limit": number_format(COMMENT_MAX_CHARS, force_grouping=True)}
        choices = [(DOCUMENT, _("The whole document"))]
        for group in outline:
            options = []
            for item in group.items:
                options.append((item.key, item.label))
                options.extend(
                    (child.key, f"{item.label} › {child.kind}: {child.label}")
                    for child in item.children
                )
            choices.append((group.label, options))
        self.fields["target"].choices = choices

    def clean_target(self):
        """(model name, id), or (None, None) for the whole document."""
        value = self.cleaned_data["target"]
        if value == DOCUMENT:
            return None, None
        model_name, _sep, pk = value.partition(":")
        return model_name, int(pk)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        roles = ", ".join(
            f"{assignment.get_role_level_display()}"
            + (f", {assignment.unit.name}" if assignment.unit_id else "")
            for assignment in obj.organisation_roles
        )
        return f"{obj} ({roles})" if roles else str(obj)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        depth = len(obj.ancestor_ids()) - 1
        return f"{'– ' * depth}{obj.name}"


class InviteForm(forms.Form):
    units = UnitChoiceField(
        queryset=Unit.objects.none(), required=False,
        label=_("Units"),
        help_text=_("Everyone with a role in a chosen unit, or in a unit below it, is invited."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    users = PersonChoiceField(
        queryset=get_user_model().objects.none(), required=False,
        label=_("People"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.for_organisation(organisation).order_by("path")
        self.fields["users"].queryset = (
            get_user_model().objects.filter(
                role_assignments__organisation=organisation, is_active=True
            )
            .distinct()
            .order_by("full_name", "username")
            .prefetch_related(
                Prefetch(
                    "role_assignments",
                    queryset=RoleAssignment.objects.filter(organisation=organisation)
                    .select_related("unit").order_by("role_level"),
                    to_attr="organisation_roles",
                )
            )
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("users") and not cleaned.get("units") and not self.errors:
            raise forms.ValidationError(_("Choose at least one person or unit to invite."))
        return cleaned


class AnswerForm(forms.Form):
    response = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"class": "form-input input-width-xl", "rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].help_text = _("At most %(limit)s characters.") % {
            "limit": number_format(ANSWER_MAX_CHARS, force_grouping=True)
        }
    outcome = forms.ChoiceField(
        label=_("How was the comment handled?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    resulting_change = forms.CharField(
        label=_("Resulting change"), required=False,
        widget=forms.Textarea(attrs={"class": "form-input input-width-xl", "rows": 3}),
        help_text=_("Required when the comment is accepted in whole or in part: "
                    "describe what was changed in the text."),
    )


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the comment hidden?"),
        widget=forms.Textarea(attrs={"class": "form-input input-width-xl", "rows": 2}),
        help_text=_(
            "The comment stays in the record, marked as hidden with this reason; only the "
            "communications department can read its text."
        ),
    )
