from django.utils import translation

from apps.organisations.selectors import header_organisation


class UserLanguageMiddleware:
    """Signed-in people see the interface in their chosen language, or else their
    organisation's. Runs after authentication; anonymous visitors keep what
    LocaleMiddleware chose from the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            language = user.preferred_language or self._organisation_language(request)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    @staticmethod
    def _organisation_language(request):
        # The header's organisation, read once per request (the header shows it too).
        organisation = header_organisation(request)
        return organisation.language if organisation else None
