"""What every open-data response shares, whatever view answers it.

Anonymous and read-only: GET and HEAD, and OPTIONS for CORS preflights. Every
answer is allowed to any origin without credentials. A successful answer is
cacheable for ``PORTAL_API_MAX_AGE`` seconds and carries an ETag, so a client
that sends it back in If-None-Match gets 304 Not Modified. Each client address
(an IPv4 address or an IPv6 /64, with the trusted-proxy rule of
``feedback.ratelimit.client_ip``) has a budget of requests per window, the
``api_ip`` scope of ``feedback.ratelimit``; past it the answer is 429 with
Retry-After.
"""

import functools
import ipaddress

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext

from feedback import ratelimit
from feedback.identity import ip_network

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
RATE_LIMIT_SCOPE = "api_ip"
# Headers a cross-origin script may read and send.
EXPOSED_HEADERS = "ETag, Retry-After, Content-Disposition"
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, If-None-Match"
PREFLIGHT_MAX_AGE = 24 * 60 * 60


def max_age() -> int:
    return getattr(settings, "PORTAL_API_MAX_AGE", 120)


def allow_cross_origin(response):
    """Any site may read the answer; no cookies or credentials are involved."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def client_key(request) -> str:
    """The client's IPv4 address, or its IPv6 /64 (one household's prefix).

    Not the /24 the comment limits use: many readers of open data share
    an office network, and reading is cheap.
    """
    address = ratelimit.client_ip(request)
    try:
        if ipaddress.ip_address(address).version == 4:
            return address
    except ValueError:
        pass
    return ip_network(address)


def preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join(SAFE_METHODS)
    response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
    response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def too_many_requests(retry_after: int) -> JsonResponse:
    """429 in Swedish and English: API clients rarely carry a language cookie."""
    messages = {}
    for language, key in (("sv", "message"), ("en", "message_en")):
        with translation.override(language):
            messages[key] = gettext(
                "För många anrop från din adress. Försök igen om %(seconds)d sekunder."
            ) % {"seconds": retry_after}
    response = JsonResponse(
        {**messages, "retry_after": retry_after},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(retry_after)
    # A shared cache must never hand one client's 429 to another.
    response["Cache-Control"] = "no-store"
    return response


def make_cacheable(request, response):
    """Cache-Control and ETag on a 200; 304 when the client already has it."""
    if response.status_code != 200 or response.streaming:
        return response
    response["Cache-Control"] = f"public, max-age={max_age()}"
    set_response_etag(response)
    if not response.has_header("ETag"):
        return response
    return get_conditional_response(request, etag=response["ETag"], response=response)


def public_api(view):
    """Wrap an API view with the shared behaviour described above."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return allow_cross_origin(preflight())
        if request.method not in SAFE_METHODS:
            return allow_cross_origin(HttpResponseNotAllowed(SAFE_METHODS))
        try:
            ratelimit.enforce(RATE_LIMIT_SCOPE, client_key(request))
        except ratelimit.RateLimitExceeded:
            window = ratelimit.limit_for(RATE_LIMIT_SCOPE)[1]
            return allow_cross_origin(too_many_requests(window))
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            # DRF responses render lazily; the ETag needs the bytes.
            response = response.render()
        return allow_cross_origin(make_cacheable(request, response))

    return wrapped
