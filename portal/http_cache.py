"""Cache-Control for the public site, so that a shared HTTP cache may keep it.

A response that nobody marked is given a policy here, on its way out:

- anonymous GET/HEAD of a public page (200, 301, 404) that sets no cookie and
  embeds no CSP nonce: ``public, max-age=0, s-maxage=PORTAL_HTTP_CACHE_SECONDS``.
  Browsers revalidate every time; the shared cache (Varnish, see
  deploy/varnish/portal.vcl) keeps it until Wagtail purges it or the time runs
  out. The locale middleware has already added ``Vary: Cookie`` (the language
  cookie), which the VCL reduces to that one cookie.
- a signed-in user (editors previewing, moderators): ``private, no-cache``,
  so no shared cache ever serves them, or anyone else, their page.
- anything that sets a cookie or carries a per-request nonce: ``private,
  no-cache`` too.

Responses that already say something (``never_cache`` views: the admin, the
confirm and withdraw pages, the form-token endpoint; the API's own max-age)
keep what they say.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

PUBLIC_STATUSES = frozenset({200, 301, 404})
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def shared_cache_seconds() -> int:
    return getattr(settings, "PORTAL_HTTP_CACHE_SECONDS", 600)


def _signed_in(request) -> bool:
    # Only a request that carries a session can be signed in; looking no
    # further spares anonymous requests a session lookup.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def _has_nonce(response) -> bool:
    policy = response.get("Content-Security-Policy", "")
    return "'nonce-" in policy


class HttpCacheHeadersMiddleware:
    """Give unmarked responses a Cache-Control (see the module docstring).

    Listed before the session, CSRF and CSP middleware, so that its response
    phase runs after theirs and sees their cookies and headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header(
            "Cache-Control"
        ):
            return response
        if response.cookies or _has_nonce(response) or _signed_in(request):
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code in PUBLIC_STATUSES and not request.path.startswith(
            ADMIN_PREFIXES
        ):
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=shared_cache_seconds()
            )
            patch_vary_headers(response, ("Cookie",))
        return response
