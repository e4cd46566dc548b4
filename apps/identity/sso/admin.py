from django.contrib import admin

from apps.identity.models import GroupMapping, IdentityProvider, SignInDomain


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
