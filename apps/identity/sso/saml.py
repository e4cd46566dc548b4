"""SAML 2.0 service provider through djangosaml2 and pysaml2, one per organisation.

Each organisation that signs in with SAML (AD FS, a national federation) has its own SP
entity, whose ID is its stable metadata URL (/sso/<organisation>/saml/metadata/): the
IdP is registered with that, and answers to that organisation's assertion consumer
service only. The IdP's metadata is stored in the organisation's IdentityProvider row.

AuthnRequests go by HTTP-Redirect, signed (RSA-SHA256) with the installation's SP key
(KOMPAS_SAML_KEY_FILE / KOMPAS_SAML_CERT_FILE); the IdP answers by HTTP-POST. pysaml2
checks the assertion's signature against the stored metadata (so a wrong issuer has no
key to be trusted with), its audience, its time window, and that it answers a request
this browser made (InResponseTo), which also makes a replayed assertion useless: the
outstanding request is gone once answered. Unsolicited (IdP-initiated) responses are
refused.
"""

import saml2
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2.views import AssertionConsumerServiceView, LoginView, MetadataView
from saml2.config import SPConfig
from saml2.response import UnsolicitedResponse
from saml2.saml import NAMEID_FORMAT_UNSPECIFIED
from saml2.validate import ResponseLifetimeExceed
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from apps.core.post_only import post_only
from apps.identity.models import IdentityProvider, Protocol

from .services import Identity, SignInRefused, sso_refusal_record, sso_sign_in
from .views import enabled_provider, remember_organisation

SSO_BACKEND = "apps.identity.sso.backends.SingleSignOnBackend"


def sp_config(provider: IdentityProvider, request) -> SPConfig:
    slug = provider.organisation.slug
    metadata_url = request.build_absolute_uri(
        reverse("sso:saml_metadata", kwargs={"organisation": slug})
    )
    acs_url = request.build_absolute_uri(reverse("sso:saml_acs", kwargs={"organisation": slug}))
    config = SPConfig()
    config.load(
        {
            "entityid": metadata_url,
            "xmlsec_binary": settings.KOMPAS_SAML_XMLSEC_BINARY,
            "allow_unknown_attributes": True,
            "key_file": settings.KOMPAS_SAML_KEY_FILE,
            "cert_file": settings.KOMPAS_SAML_CERT_FILE,
            "accepted_time_diff": 60,
            "service": {
                "sp": {
                    "name": f"Kompas – {provider.organisation.name}",
                    "endpoints": {
                        "assertion_consumer_service": [(acs_url, saml2.BINDING_HTTP_POST)],
                    },
                    "authn_requests_signed": True,
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "allow_unsolicited": False,
                    "name_id_format": NAMEID_FORMAT_UNSPECIFIED,
                }
            },
            "metadata": {"inline": [provider.idp_metadata_xml]}
            if provider.idp_metadata_xml
            else {},
        }
    )
    return config


class ProviderConfig:
    provider: IdentityProvider

    def get_sp_config(self, request):
        try:
            return sp_config(self.provider, request)
        except Exception as error:  # noqa: BLE001 (bad metadata or key files, of any kind)
            raise SignInRefused("misconfigured", f"SP configuration: {error}"[:500]) from error


class SAMLLoginView(ProviderConfig, LoginView):
    def get(self, request, *args, provider, **kwargs):
        self.provider = provider
        return super().get(request)


def saml_login(request, provider):
    """Sends the person to their organisation's SAML IdP (called by views.sso_login)."""
    try:
        if not (settings.KOMPAS_SAML_KEY_FILE and settings.KOMPAS_SAML_CERT_FILE):
            raise SignInRefused("misconfigured", "KOMPAS_SAML_KEY_FILE/CERT_FILE not set")
        return SAMLLoginView.as_view()(request, provider=provider)
    except SignInRefused as refusal:
        sso_refusal_record(provider=provider, refusal=refusal)
        messages.error(request, refusal.message)
        return redirect(settings.LOGIN_URL)


@method_decorator(login_not_required, name="dispatch")
class SAMLMetadataView(ProviderConfig, MetadataView):
    """The SP metadata of one organisation, to register Kompas at its IdP."""

    def get(self, request, organisation):
        self.provider = saml_provider(organisation)
        return super().get(request)


@post_only("accounts:login")
@method_decorator([login_not_required, csrf_exempt], name="dispatch")
class SAMLAssertionConsumerView(ProviderConfig, AssertionConsumerServiceView):
    """Where the IdP posts its answer."""

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if isinstance(exception, SignInRefused):
            refusal = exception  # sso_sign_in has audited it
        else:
            if isinstance(exception, ResponseLifetimeExceed | UnsolicitedResponse):
                reason = "expired"
            else:
                reason = "invalid_response"
            refusal = SignInRefused(reason, f"{type(exception).__name__}: {exception}"[:500])
            sso_refusal_record(provider=self.provider, refusal=refusal)
        messages.error(request, refusal.message)
        return redirect(settings.LOGIN_URL)

    def authenticate_user(self, request, session_info, *args, **kwargs):
        attributes = {name: values for name, values in (session_info.get("ava") or {}).items()}
        name_id = session_info.get("name_id")
        subject = getattr(name_id, "text", "") or ""
        if self.provider.email_claim not in attributes and "@" in subject:
            attributes[self.provider.email_claim] = [subject]  # a NameID that is the UPN
        identity = Identity.from_claims(self.provider, attributes, subject=subject)
        user = sso_sign_in(provider=self.provider, identity=identity)
        auth.login(request, user, backend=SSO_BACKEND)
        return user

    def post(self, request, organisation):
        self.provider = saml_provider(organisation)
        try:
            return super().post(request)
        except SignInRefused as refusal:
            if refusal.reason == "misconfigured":
                sso_refusal_record(provider=self.provider, refusal=refusal)
            return self.handle_acs_failure(request, exception=refusal)

    def custom_redirect(self, user, relay_state, session_info):
        return None

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.user.is_authenticated and response.status_code == 302:
            remember_organisation(response, self.provider.organisation)
        return response


def saml_provider(slug: str) -> IdentityProvider:
    provider = enabled_provider(slug)
    if provider.protocol != Protocol.SAML:
        raise Http404
    return provider
