from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its relaxed policy (it needs inline scripts).

    Listed after Django's ContentSecurityPolicyMiddleware so that its response
    phase runs first and the CSP middleware then builds the header from it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(("/admin/", "/django-admin/")):
            response._csp_config = settings.PORTAL_ADMIN_CSP
        return response


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the visitor chose another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which
    would show many Swedish residents (with English browsers) an English site.
    The language switch sets the language cookie; nothing else changes it.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The base class adds Content-Language and handles i18n_patterns
        # redirects (we use none); the response varies by cookie, not header.
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
