from urllib.parse import urlencode

from django import template

from apps.identity.models import IdentityProvider
from apps.identity.sso.forms import WorkAccountForm
from apps.identity.sso.views import REMEMBER_COOKIE

register = template.Library()


@register.inclusion_tag("identity/sso/login_options.html", takes_context=True)
def sso_login_options(context):
    """The login page's work-account part: "Log in with <organisation>" for the
    organisation this browser signed in with last, and the e-mail field that finds it."""
    request = context["request"]
    # Just found from the e-mail address (views.sso_start), or remembered by this browser.
    slug = request.GET.get("organisation") or request.COOKIES.get(REMEMBER_COOKIE, "")
    remembered = (
        IdentityProvider.objects.enabled()
        .select_related("organisation")
        .filter(organisation__slug=slug)
        .first()
        if slug
        else None
    )
    query = {
        key: value
        for key, value in (
            ("login_hint", request.GET.get("login_hint", "")),
            ("next", context.get("next", "")),
        )
        if value
    }
    return {
        "remembered": remembered.organisation if remembered else None,
        "query": urlencode(query),
        "login_hint": request.GET.get("login_hint", ""),
        "form": WorkAccountForm(),
        "next": context.get("next", ""),
        "any_provider": remembered is not None or IdentityProvider.objects.enabled().exists(),
    }
