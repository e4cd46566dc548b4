"""Forms of the consultation pages. They validate input; the services hold the rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import RoleAssignment, RoleLevel, Unit

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


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        depth = len(obj.ancestor_ids()) - 1
        return f"{'– ' * depth}{obj.name}"


class InviteForm(forms.Form):
    """Units and role levels are short lists; people are found by searching (a large
    municipality has thousands), so the people field is never rendered as a whole."""

    units = UnitChoiceField(
        queryset=Unit.objects.none(), required=False,
        label=_("Units"),
        help_text=_("Everyone with a role in a chosen unit, or in a unit below it, is invited."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    role_levels = forms.MultipleChoiceField(
        choices=RoleLevel.choices, required=False,
        label=_("Role levels"),
        help_text=_("Everyone of the organisation with a chosen role level is invited."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    users = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), required=False, label=_("People"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.for_organisation(organisation).order_by("path")
        self.fields["users"].queryset = get_user_model().objects.filter(
            role_assignments__organisation=organisation, is_active=True
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("users") or cleaned.get("units") or cleaned.get("role_levels")
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose at least one person or unit to invite."))
        return cleaned


PEOPLE_SEARCH_LIMIT = 25


def people_search(organisation, query: str, limit: int = PEOPLE_SEARCH_LIMIT):
    """Active people of the organisation whose name, user name or e-mail contains the
    query, with their roles there: 2 queries whatever the organisation's size."""
    query = (query or "").strip()
    if not query:
        return []
    people = (
        get_user_model().objects.filter(
            role_assignments__organisation=organisation, is_active=True
        )
        .filter(
            Q(full_name__icontains=query) | Q(username__icontains=query)
            | Q(email__icontains=query)
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
    return list(people[:limit])


def person_label(person) -> str:
    roles = ", ".join(
        f"{assignment.get_role_level_display()}"
        + (f", {assignment.unit.name}" if assignment.unit_id else "")
        for assignment in person.organisation_roles
    )
    return f"{person} ({roles})" if roles else str(person)


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


class PartiesForm(forms.Form):
    parties = forms.CharField(
        label=_("Outside parties' e-mail addresses"),
        widget=forms.Textarea(attrs={"class": "form-input input-width-xl", "rows": 4}),
        help_text=_(
            "One party per line: the address, and after a comma the party's name, e.g. "
            "“handicapraad@example.dk, Handicaprådet”. Each gets a personal link by e-mail "
            "and answers without an account."
        ),
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d"),
        help_text=_("Comments can be made until the end of this day."),
    )
    reason = forms.CharField(
        label=_("Why is the deadline extended?"),
        widget=forms.Textarea(attrs={"class": "form-input input-width-xl", "rows": 2}),
        help_text=_("Saved with the change, for the record."),
    )


class RespondForm(CommentForm):
    """A høringssvar without an account: who answers, then the answer as text or letter."""

    name = forms.CharField(
        label=_("Your name"), max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input input-width-l",
                                      "autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("On behalf of organisation"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"class": "form-input input-width-l",
                                      "autocomplete": "organization"}),
        help_text=_("Leave empty when you answer for yourself."),
    )
    contact = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"class": "form-input input-width-l",
                                       "autocomplete": "email"}),
        help_text=_("So that the communications department can reach you. It is not published."),
    )
    letter = forms.FileField(
        label=_("Or upload your answer as a letter (PDF)"), required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-input", "accept": ".pdf,application/pdf"}
        ),
        help_text=_("A PDF file of at most 10 MB."),
    )
    accept_notice = forms.BooleanField(
        label=_("I accept that my answer, with my name and organisation, is published as "
                "part of the consultation."),
        required=False, widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    field_order = ["name", "organisation", "contact", "target", "text", "letter",
                   "accept_notice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].label = _("Your answer")
