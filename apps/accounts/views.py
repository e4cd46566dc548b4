from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from apps.core.post_only import page_of, post_only

from .services import user_set_language


def _page_to_return_to(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return "home"
    # A form rejected at a POST-only URL is shown at that URL: going back there with
    # GET would be no page, so the switch goes to the page the form belongs to.
    return page_of(request, target)


@post_only(lambda request: redirect(_page_to_return_to(request)).url)
def set_language(request):
    language = request.POST.get("language", "")
    try:
        user_set_language(user=request.user, language=language)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        translation.activate(language or settings.LANGUAGE_CODE)
    return redirect(_page_to_return_to(request))
