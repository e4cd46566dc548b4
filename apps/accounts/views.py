from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .services import user_set_language


@require_POST
def set_language(request):
    language = request.POST.get("language", "")
    try:
        user_set_language(user=request.user, language=language)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        translation.activate(language or settings.LANGUAGE_CODE)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "home"
    return redirect(target)
