"""How the organisation's people sign in: its identity provider (OpenID Connect or
SAML 2.0), the group mappings, local passwords on or off, and a test of the connection.
Every write goes through apps/identity/services/sign_in.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.post_only import post_only
from apps.identity import services
from apps.identity.models import GroupMapping, IdentityProvider, Protocol

from ..sign_in_forms import GroupMappingForm, SignInForm
from .common import add_service_errors, organisation_of


def _provider(organisation):
    return IdentityProvider.objects.filter(organisation=organisation).first()


def _initial(provider):
    if provider is None:
        return {"protocol": Protocol.OIDC, "is_enabled": True, "local_passwords_allowed": True,
                "scopes": "openid email profile", "email_claim": "email",
                "name_claim": "name", "groups_claim": "groups"}
    initial = {name: getattr(provider, name) for name in (
        "protocol", "is_enabled", "client_id", "client_secret_env", "scopes", "email_claim",
        "name_claim", "groups_claim", "allow_just_in_time", "local_passwords_allowed",
    )}
    initial["domains"] = ", ".join(provider.domains.values_list("domain", flat=True))
    if provider.protocol == Protocol.OIDC:
        initial["issuer"] = provider.issuer
    return initial


def _page(request, organisation, provider, form, mapping_form=None, status=200):
    sp_metadata = request.build_absolute_uri(
        reverse("sso:saml_metadata", kwargs={"organisation": organisation.slug})
    )
    return render(request, "identity/sign_in.html", {
        "organisation": organisation,
        "provider": provider,
        "form": form,
        "mapping_form": mapping_form or GroupMappingForm(organisation=organisation),
        "mappings": list(provider.group_mappings.select_related("unit")) if provider else [],
        "sp_metadata_url": sp_metadata,
        "oidc_callback_url": request.build_absolute_uri(reverse("sso:oidc_callback")),
        "secret_set": bool(provider and provider.client_secret),
    }, status=status)


def sign_in_settings(request):
    organisation = organisation_of(request)
    provider = _provider(organisation)
    form = SignInForm(
        request.POST or None, request.FILES or None, organisation=organisation,
        provider=provider, initial=_initial(provider),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            metadata = None
            if data["protocol"] == Protocol.SAML:
                if data["metadata_url"]:
                    metadata = services.saml_metadata_fetch(data["metadata_url"])
                else:
                    metadata = data["metadata_file"] or data["idp_metadata_xml"] or None
                if metadata is None and not (provider and provider.idp_metadata_xml):
                    raise ValidationError({"idp_metadata_xml": _(
                        "Give the identity provider's metadata: its address, a file or "
                        "the document itself."
                    )})
            services.sign_in_save(
                actor=request.user, organisation=organisation,
                data=form.provider_data(metadata), domains=data["domains"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict") and data["protocol"] == Protocol.SAML:
                form.add_error("idp_metadata_xml", error.messages)  # what is wrong with it
            else:
                add_service_errors(form, error)
        else:
            messages.success(request, _("The sign-in settings were saved."))
            return redirect("identity:sign_in")
    status = 422 if request.method == "POST" else 200
    return _page(request, organisation, provider, form, status=status)


@post_only("identity:sign_in")
def sign_in_test(request):
    organisation = organisation_of(request)
    provider = _provider(organisation)
    if provider is None:
        raise Http404
    try:
        found = services.sign_in_connection_test(actor=request.user, provider=provider)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, found)
    return redirect("identity:sign_in")


@post_only("identity:sign_in")
def group_mapping_add(request):
    organisation = organisation_of(request)
    provider = _provider(organisation)
    if provider is None:
        raise Http404
    form = GroupMappingForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            services.group_mapping_add(
                actor=request.user, provider=provider, group=form.cleaned_data["group"],
                role_level=form.cleaned_data["role_level"], unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group now gives that role."))
            return redirect("identity:sign_in")
    page_form = SignInForm(organisation=organisation, provider=provider,
                           initial=_initial(provider))
    return _page(request, organisation, provider, page_form, form, status=422)


@post_only("identity:sign_in")
def group_mapping_remove(request, pk):
    organisation = organisation_of(request)
    mapping = GroupMapping.objects.filter(
        pk=pk, provider__organisation=organisation
    ).select_related("provider", "unit").first()
    if mapping is None:
        raise Http404
    services.group_mapping_remove(actor=request.user, mapping=mapping)
    messages.success(request, _("The group no longer gives that role."))
    return redirect("identity:sign_in")
