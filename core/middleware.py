from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def language_of(request) -> str:
    """The visitor's language: the one they chose with the language switch (a cookie), else Dutch."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose English with the language switch (a cookie).

    Django's own middleware would follow the browser's Accept-Language header; a Dutch
    government platform starts in Dutch and offers English alongside.
    """

    def process_request(self, request):
        translation.activate(language_of(request))
        request.LANGUAGE_CODE = translation.get_language()
