"""OpenID Connect, authorisation code flow with PKCE, through mozilla-django-oidc.

mozilla-django-oidc reads one provider from the settings. Here every organisation has
its own: the views and the backend take their settings from the organisation's
IdentityProvider row instead (get_settings), chosen from the URL when the flow starts
and from the session (keyed by the flow's state) when the provider sends the person
back. PKCE (S256) and the nonce are always on.

mozilla-django-oidc 5 checks the token's signature and expiry but neither its audience
nor its issuer; _verify_jws checks all four, and a refusal is told to the person in
their language instead of an error page.
"""

from urllib.parse import parse_qs, urlparse

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from apps.identity.models import IdentityProvider, Protocol

from .services import Identity, SignInRefused, sso_refusal_record, sso_sign_in

SESSION_KEY = "sso_oidc_flows"  # state -> IdentityProvider pk
SIGNING_ALGORITHM = "RS256"
CLOCK_LEEWAY_SECONDS = 60


def provider_settings(provider: IdentityProvider) -> dict:
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": provider.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": provider.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": provider.userinfo_endpoint or None,
        "OIDC_OP_JWKS_ENDPOINT": provider.jwks_endpoint,
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_RP_SIGN_ALGO": SIGNING_ALGORITHM,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": " ".join(provider.scope_list),
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:oidc_callback",
        "OIDC_CREATE_USER": False,
        "OIDC_TIMEOUT": settings.KOMPAS_SSO_HTTP_TIMEOUT,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "LOGIN_REDIRECT_URL": settings.LOGIN_REDIRECT_URL,
    }


class ProviderSettings:
    provider: IdentityProvider | None = None

    def get_settings(self, attr, *args):
        if self.provider is not None:
            values = provider_settings(self.provider)
            if attr in values:
                return values[attr]
        return import_from_settings(attr, *args)


class OIDCStartView(ProviderSettings, OIDCAuthenticationRequestView):
    """Sends the person to their organisation's provider (called by views.sso_login)."""

    def __init__(self, **kwargs):
        # The parent reads the provider from the settings here; ours is known in get().
        View.__init__(self, **kwargs)

    def get(self, request, provider):
        self.provider = provider
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response["Location"]).query)["state"][0]
        # Only flows mozilla-django-oidc still keeps (it drops the oldest past
        # OIDC_MAX_STATES), so abandoned sign-ins do not pile up in the session.
        live = request.session.get("oidc_states", {})
        flows = {key: pk for key, pk in request.session.get(SESSION_KEY, {}).items() if key in live}
        flows[state] = provider.pk
        request.session[SESSION_KEY] = flows
        return response

    def get_extra_params(self, request):
        hint = request.GET.get("login_hint", "")
        return {"login_hint": hint} if hint else {}


class OIDCCallbackView(ProviderSettings, OIDCAuthenticationCallbackView):
    """Where the provider sends the person back with a code (or an error)."""

    http_method_names = ["get", "head"]  # HEAD as GET, like every other page

    def get(self, request):
        state = request.GET.get("state", "")
        provider_pk = request.session.get(SESSION_KEY, {}).pop(state, None)
        if provider_pk is not None:
            request.session.modified = True
            request.session.save()
        self.provider = (
            IdentityProvider.objects.filter(pk=provider_pk, protocol=Protocol.OIDC)
            .select_related("organisation")
            .first()
        )
        if self.provider is None:
            # No flow of ours has this state: used already, expired with the session,
            # or never started here.
            return self.refuse(SignInRefused("expired", "state not in session"))
        request.sso_provider = self.provider
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            return self.refuse(SignInRefused("expired", str(error)))

    def login_failure(self):
        refusal = getattr(self.request, "sso_refusal", None)
        if refusal is None:
            error = self.request.GET.get("error", "")
            reason = (
                "cancelled"
                if error in {"access_denied", "login_required"}
                else ("invalid_response")
            )
            refusal = SignInRefused(reason, error or "no code in the callback")
            return self.refuse(refusal)
        # The backend has already written its refusal to the audit log.
        return self.refuse(refusal, audited=True)

    def refuse(self, refusal: SignInRefused, *, audited: bool = False):
        if not audited:
            sso_refusal_record(provider=self.provider, refusal=refusal)
        messages.error(self.request, refusal.message)
        return redirect(settings.LOGIN_URL)

    def login_success(self):
        response = super().login_success()
        from .views import remember_organisation

        remember_organisation(response, self.provider.organisation)
        return response


class OrganisationOIDCBackend(ProviderSettings, OIDCAuthenticationBackend):
    """Signs people in with the ID token of the provider the callback view chose."""

    def __init__(self, *args, **kwargs):
        # The parent reads one provider from the settings; ours comes with the request.
        self.UserModel = get_user_model()

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        # Only the callback view passes a nonce (password logins pass a username).
        provider = getattr(request, "sso_provider", None)
        if request is None or nonce is None or provider is None:
            return None
        self.provider = provider
        for name, value in provider_settings(provider).items():
            setattr(self, name, value)
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except SignInRefused as refusal:
            request.sso_refusal = refusal  # sso_sign_in has audited it
            return None
        except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError) as error:
            refusal = SignInRefused("expired", f"id token: {error}")
        except (jwt.InvalidTokenError, SuspiciousOperation, ValueError, KeyError) as error:
            refusal = SignInRefused("invalid_response", f"id token: {error}")
        except requests.HTTPError as error:
            refusal = SignInRefused("invalid_response", f"token endpoint: {error}"[:500])
        except requests.RequestException as error:
            refusal = SignInRefused("unavailable", str(error))
        sso_refusal_record(provider=provider, refusal=refusal)
        request.sso_refusal = refusal
        return None

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != SIGNING_ALGORITHM:
            raise SuspiciousOperation(f"token signed with {header.get('alg')!r}")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[SIGNING_ALGORITHM],
            audience=self.provider.client_id,
            issuer=self.provider.issuer,
            leeway=CLOCK_LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
            raise jwt.InvalidAudienceError("several audiences and another authorised party")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.provider.userinfo_endpoint:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # The userinfo response must be about the same person (OIDC Core 5.3.2).
            if userinfo.get("sub") != payload["sub"]:
                raise SuspiciousOperation("userinfo is about another subject")
            claims = {**userinfo, **payload}
        identity = Identity.from_claims(self.provider, claims, subject=payload["sub"])
        return sso_sign_in(provider=self.provider, identity=identity)

    def get_user(self, user_id):
        # A person deactivated in Kompas loses the session they signed in with, too.
        user = self.UserModel.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
