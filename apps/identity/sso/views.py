"""The public doors of single sign-on: from the login page to the right provider."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.core.post_only import post_only
from apps.identity.models import IdentityProvider, Protocol

from .forms import WorkAccountForm

# Remembers on this browser which organisation signed in last, so the login page can
# offer "Log in with <organisation>" at once. Holds a public slug, nothing personal.
REMEMBER_COOKIE = "kompas_sso_organisation"
REMEMBER_SECONDS = 60 * 60 * 24 * 365


def remember_organisation(response, organisation):
    response.set_cookie(
        REMEMBER_COOKIE,
        organisation.slug,
        max_age=REMEMBER_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def enabled_provider(slug: str) -> IdentityProvider:
    provider = (
        IdentityProvider.objects.enabled()
        .select_related("organisation")
        .filter(organisation__slug=slug)
        .first()
    )
    if provider is None:
        raise Http404
    return provider


@login_not_required
@post_only("accounts:login")
def sso_start(request):
    """The login page's e-mail field: finds the organisation from the address's domain."""
    form = WorkAccountForm(request.POST)
    next_url = safe_next(request)
    if not form.is_valid():
        messages.error(request, form.errors["email"][0])
        return redirect(_login_url(next_url))
    email = form.cleaned_data["email"]
    provider = IdentityProvider.objects.for_email(email).select_related("organisation").first()
    if provider is None:
        messages.error(
            request,
            _(
                "No organisation in Kompas signs in with work accounts at %(domain)s. "
                "Log in with your username and password instead."
            )
            % {"domain": email.rpartition("@")[2]},
        )
        return redirect(_login_url(next_url))
    # Back to the login page, which now offers "Log in with <organisation>": a link, not
    # a redirect, because the CSP (form-action 'self') rightly stops a form's redirect
    # chain from ending at another origin such as the identity provider.
    query = {"organisation": provider.organisation.slug, "login_hint": email}
    if next_url:
        query["next"] = next_url
    return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}")


@login_not_required
@require_safe
def sso_login(request, organisation):
    """Starts the sign-in at the organisation's identity provider."""
    provider = enabled_provider(organisation)
    if provider.protocol == Protocol.OIDC:
        from .oidc import OIDCStartView

        return OIDCStartView.as_view()(request, provider=provider)
    from .saml import saml_login

    return saml_login(request, provider)


def _login_url(next_url: str) -> str:
    url = reverse(settings.LOGIN_URL)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
