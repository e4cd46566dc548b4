"""The API tokens of an organisation: create one (shown once), revoke one."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.post_only import post_only

from . import permissions
from .models import ApiToken
from .services import api_token_create, api_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the token"), max_length=100,
        help_text=gettext_lazy("What uses it, such as “Intranet” or “Data warehouse”."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )


def tokens(request):
    organisation = permissions.managed_organisation(request.user)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = api_token_create(
                actor=request.user, organisation=organisation, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            for message in error.message_dict.get("name", error.messages):
                form.add_error("name", message)
        else:
            form = TokenForm()
    response = render(request, "api/tokens.html", {
        "organisation": organisation,
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.for_organisation(organisation).select_related("created_by"),
        "schema_url": request.build_absolute_uri(reverse("api:openapi-json")),
    })
    # The page may hold a token's secret: no cache keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


@post_only("api_tokens:list")
def token_revoke(request, pk):
    organisation = permissions.managed_organisation(request.user)
    token = ApiToken.objects.for_organisation(organisation).filter(pk=pk).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked. It no longer works."))
    return redirect("api_tokens:list")
