from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .services import password_login_refused_by, password_refusal_record


class PasswordLoginForm(AuthenticationForm):
    """The login form, refusing local passwords where the organisation has switched
    them off, with a message that points to the work-account login instead."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            provider = password_login_refused_by(username)
            if provider is not None:
                password_refusal_record(provider=provider, username=username)
                raise forms.ValidationError(
                    _(
                        "%(organisation)s signs in with work accounts only. Use “Log in "
                        "with your work account” on this page."
                    ),
                    code="work_account_only",
                    params={"organisation": provider.organisation.name},
                )
        return super().clean()


class WorkAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Work e-mail address"),
        max_length=254,
        error_messages={"required": _("Enter your work e-mail address.")},
    )
