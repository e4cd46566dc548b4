from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.identity.models import GroupMapping, IdentityProvider, Protocol, SignInDomain

from .services import identity_provider_discover


class SignInDomainInline(admin.TabularInline):
    model = SignInDomain
    extra = 1


class GroupMappingInline(admin.TabularInline):
    model = GroupMapping
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = (
        "organisation",
        "protocol",
        "is_enabled",
        "allow_just_in_time",
        "local_passwords_allowed",
    )
    list_filter = ("protocol", "is_enabled", "local_passwords_allowed")
    search_fields = ("organisation__name", "issuer")
    inlines = [SignInDomainInline, GroupMappingInline]
    actions = ["discover_endpoints"]
    fieldsets = [
        (None, {"fields": ("organisation", "protocol", "is_enabled", "issuer")}),
        (
            "OpenID Connect",
            {
                "fields": (
                    "client_id",
                    "client_secret_env",
                    "scopes",
                    "authorization_endpoint",
                    "token_endpoint",
                    "jwks_endpoint",
                    "userinfo_endpoint",
                )
            },
        ),
        ("SAML 2.0", {"fields": ("idp_metadata_xml",)}),
        (
            None,
            {
                "fields": (
                    "email_claim",
                    "name_claim",
                    "groups_claim",
                    "allow_just_in_time",
                    "local_passwords_allowed",
                )
            },
        ),
    ]

    @admin.action(description=_("Read the OpenID Connect endpoints from the issuer"))
    def discover_endpoints(self, request, queryset):
        for provider in queryset.filter(protocol=Protocol.OIDC):
            try:
                identity_provider_discover(provider=provider)
            except ValidationError as error:
                self.message_user(request, f"{provider}: {error.messages[0]}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The endpoints of %(provider)s were read from its issuer.")
                    % {"provider": provider},
                    messages.SUCCESS,
                )
