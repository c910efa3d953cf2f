from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from feedback import ratelimit
from feedback.selectors_open_data import published_principles
from portal.api.http import RATE_LIMIT_SCOPE, max_age


def open_data(request):
    """What the portal publishes as data and feeds, and on which terms."""
    requests, window = ratelimit.limit_for(RATE_LIMIT_SCOPE)
    return TemplateResponse(
        request,
        "portal/open_data.html",
        {
            "principles": published_principles(),
            "rate_limit": requests,
            "rate_window": window,
            "page_size_max": getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20),
            "max_age": max_age(),
        },
    )


@never_cache
def language_switch(request, code: str):
    """The footer's language links: remember the choice, go back to the page.

    A GET with a link, not Django's ``set_language`` form: a form needs a CSRF
    token, and a token on every page would keep every page out of the HTTP
    cache. The cookie is the one ``set_language`` sets, read by
    ``portal.middleware.SwedishFirstLocaleMiddleware``. Changing a display
    preference is all this GET does, so a mail scanner opening it harms nothing.
    """
    if code not in {language for language, _name in settings.LANGUAGES}:
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
