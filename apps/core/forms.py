from django import forms
from django.utils.translation import gettext_lazy as _

from .services import DESCRIPTION_MAX_CHARS, PAGE_URL_MAX_CHARS


class AccessibilityReportForm(forms.Form):
    page_url = forms.CharField(
        label=_("Which page is the problem on?"),
        max_length=PAGE_URL_MAX_CHARS,
        required=False,
        help_text=_("The address of the page, or where in Kompas you were."),
        widget=forms.TextInput(attrs={"class": "form-input input-width-xl"}),
    )
    description = forms.CharField(
        label=_("What is the problem?"),
        max_length=DESCRIPTION_MAX_CHARS,
        help_text=_(
            "Describe what you tried to do and what stopped you. "
            "Mention any assistive technology you use."
        ),
        error_messages={
            "required": _("Describe the problem, so that we can find and fix it."),
            "max_length": _("Shorten the description to at most %(limit_value)d characters."),
        },
        widget=forms.Textarea(attrs={"class": "form-input input-width-xl", "rows": 6}),
    )
    contact_email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        help_text=_("Only if you want an answer. We use it for nothing else."),
        error_messages={
            "invalid": _(
                "Enter an email address such as name@example.dk, or leave the field empty."
            ),
        },
        widget=forms.EmailInput(attrs={"class": "form-input", "autocomplete": "email"}),
    )
