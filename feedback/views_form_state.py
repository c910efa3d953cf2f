"""The comment form's per-request values, kept out of the cacheable article.

The article page is the same for every anonymous reader, so an HTTP cache
may keep it (portal.http_cache). What must differ per visitor, the CSRF token
and the signed time the form was shown (``started``, the fill-time check),
comes from :func:`comment_form_state`, which static/js/portal.js fetches when
the page loads. Without JavaScript the form is sent without them; the CSRF
check fails and ``portal.csrf.csrf_failure`` answers with a retry page that
holds the text, a token and a retry stamp (``spam.sign_retry_started_at``).
See docs/decisions/0005-http-cache.md.
"""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .spam import sign_started_at


@never_cache
@require_GET
def comment_form_state(request):
    """A CSRF token (the cookie comes with it) and a freshly signed ``started``."""
    return JsonResponse(
        {"csrfmiddlewaretoken": get_token(request), "started": sign_started_at()}
    )
