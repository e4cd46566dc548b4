"""The SCIM tokens of an organisation: create one (shown once), revoke one."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission

from ..administration.views.common import add_service_errors, organisation_of
from ..models import ScimToken
from ..services import scim_token_create, scim_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the token"), max_length=100,
        help_text=gettext_lazy("What uses it, such as “Entra ID”."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )


@once_per_submission
def scim_tokens(request):
    organisation = organisation_of(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = scim_token_create(
                actor=request.user, organisation=organisation, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    response = render(request, "identity/scim_tokens.html", {
        "organisation": organisation,
        "form": form,
        "secret": secret,
        "tokens": ScimToken.objects.for_organisation(organisation).select_related("created_by"),
        "base_url": request.build_absolute_uri(
            reverse("scim:users", kwargs={"organisation": organisation.slug})
        ).removesuffix("/Users"),
    })
    # The page may hold a token's secret: no cache keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


@post_only("identity:scim_tokens")
def scim_token_revoke_view(request, pk):
    organisation = organisation_of(request)
    token = ScimToken.objects.for_organisation(organisation).filter(pk=pk).first()
    if token is None:
        raise Http404
    scim_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked. It no longer works."))
    return redirect("identity:scim_tokens")
