"""503, never 500, while the database or the cache is away.

Whatever a request needs that is not there (PostgreSQL restarting, Redis
down for the rate limits) surfaces as an exception somewhere: in a view, in a
template, in a middleware saving the session. Two places turn it into a clean
Swedish 503 with ``Retry-After``:

- :class:`ServiceUnavailableMiddleware` for views and templates (also under
  ``DEBUG``);
- :func:`server_error`, the project's ``handler500``, for everything else.

The page is rendered from ``templates/503.html`` without a request context, so
it needs neither the database nor the cache. A POST view marked with
:func:`keep_typed_text` gets its fields back in a retry form, so a resident's
comment is not lost; that response is never stored by any cache. The page a
failed CSRF check shows (``portal.csrf``) uses the same retry form.
"""

import logging
import sys
from collections.abc import Callable, Iterable

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class ServiceUnavailable(Exception):
    """Something the request needs is unavailable for now; the answer is a 503."""


UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisError, ServiceUnavailable)


def keep_typed_text(
    *,
    form_class,
    fields: Iterable[str],
    hidden: Iterable[str] = (),
    renew: dict[str, Callable[[], str]] | None = None,
    fragment: str = "",
):
    """Give a POST view's form text back in a retry form.

    Used by the 503 page and by the page a failed CSRF check shows
    (``portal.csrf``). ``fields`` are shown (with their labels) so the person
    can check or copy them, ``hidden`` go back as they were sent. ``renew``
    names hidden fields whose value the CSRF retry page makes afresh (a
    signed time stamp), with the function that makes it. ``fragment``: where
    the page that answers the retry should open (its error summary). Nothing
    else of the POST is repeated. Put it outermost, above the view's other
    decorators.
    """

    def decorate(view: Callable) -> Callable:
        view.retry_form = (
            form_class,
            tuple(fields),
            tuple(hidden),
            renew or {},
            f"#{fragment}" if fragment else "",
        )
        return view

    return decorate


def retry_form(request, *, csrf_token: str | None = None) -> dict | None:
    """What a retry form needs, or None when the view did not ask for one.

    ``csrf_token``: a fresh token (the CSRF retry page), which also renews the
    ``renew`` fields; by default the POST's own token and values go back.
    """
    match = getattr(request, "resolver_match", None)
    spec = getattr(getattr(match, "func", None), "retry_form", None)
    if request.method != "POST" or spec is None:
        return None
    form_class, visible, hidden, renew, fragment = spec
    data = request.POST
    shown = []
    for name in visible:
        field = form_class.base_fields[name]
        shown.append(
            {
                "name": name,
                "label": field.label,
                "value": data.get(name, ""),
                "multiline": field.widget.__class__.__name__ == "Textarea",
                "input_type": getattr(field.widget, "input_type", "text"),
            }
        )
    fresh = csrf_token is not None
    return {
        "action": request.path + fragment,
        "fields": shown,
        "hidden": [
            (name, renew[name]() if fresh and name in renew else data.get(name, ""))
            for name in hidden
        ],
        "csrf_token": csrf_token if fresh else data.get("csrfmiddlewaretoken", ""),
    }


def unavailable_response(request) -> HttpResponse:
    """The 503 page, with a retry form where the view asked for one."""
    form = retry_form(request)
    # No request passed: no context processors, so nothing reads the
    # database or the cache while rendering.
    html = render_to_string("503.html", {"retry_form": form})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # It may hold what the person typed: no cache keeps it.
    add_never_cache_headers(response)
    return response


def _log(request, error: Exception) -> None:
    # The path only (its tokens are redacted by the log filter); never the data.
    logger.warning(
        "Service unavailable (%s) for %s %s",
        type(error).__name__,
        request.method,
        request.path,
    )


class ServiceUnavailableMiddleware:
    """Answer 503 when a view or its template finds the database or cache away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE_ERRORS):
            return None
        _log(request, exception)
        return unavailable_response(request)


def server_error(request, *args, **kwargs):
    """``handler500``: a 503 when what failed was the database or the cache.

    Django calls it for exceptions raised anywhere in the middleware chain,
    while the exception is being handled.
    """
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE_ERRORS):
        _log(request, error)
        return unavailable_response(request)
    return defaults.server_error(request, *args, **kwargs)
