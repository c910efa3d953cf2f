"""The page a failed CSRF check shows: for a form that keeps its text, one more try.

Public pages carry no CSRF token, so that an HTTP cache may keep them: the
browser fetches the token when the page loads (``feedback.views_form_state``,
static/js/portal.js). A browser without JavaScript, or whose fetch failed,
sends the form without one and Django refuses it. For a view marked with
:func:`portal.unavailable.keep_typed_text` that is answered with the person's
text in a retry form holding a fresh token (the cookie is set with this
response) and fresh values for the view's ``renew`` fields, so one more
press sends it. Every other failure gets Django's own 403 page.

Settings: ``CSRF_FAILURE_VIEW = "portal.csrf.csrf_failure"``.
"""

from django.http import HttpResponseForbidden
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import csrf

from .unavailable import retry_form

# Sent from another site (Origin or Referer not ours): no retry form, or a
# page elsewhere could put words in a person's mouth with one press on ours.
FOREIGN_REASONS = ("Origin checking failed", "Referer checking failed")


def csrf_failure(request, reason: str = ""):
    if reason.startswith(FOREIGN_REASONS):
        return csrf.csrf_failure(request, reason)
    form = retry_form(request, csrf_token=get_token(request))
    if form is None:
        return csrf.csrf_failure(request, reason)
    html = render_to_string("403_retry.html", {"retry_form": form})
    response = HttpResponseForbidden(html)
    # It holds what the person typed and their token: no cache keeps it.
    add_never_cache_headers(response)
    return response
