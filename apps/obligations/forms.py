from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, CheckInStatus

HASH_PATTERN = r"^[0-9a-f]{64}$"


class AcknowledgeForm(forms.Form):
    strategy = forms.IntegerField(min_value=1)
    text_hash = forms.RegexField(HASH_PATTERN)
    next = forms.CharField(required=False, max_length=500)


class CheckInForm(forms.Form):
    """One obligation's check-in; each form on the page has the obligation as prefix."""

    status = forms.ChoiceField(
        label=_("How is the work going?"),
        choices=CheckInStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the work on this obligation is going.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, at most 500 characters."),
        error_messages={
            "max_length": _("Keep the note to %(limit_value)s characters (it has %(show_value)s).")
        },
    )
