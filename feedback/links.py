"""Every address the app builds: the moderation screens, and links for email.

Admin paths are relative (the admin answers on the request's host). Links in
email are absolute and built from PORTAL_BASE_URL (``portal.links``), never
from a request's Host header. The admin, the email builders and the services
all take their addresses from here.
"""

from django.contrib.admin.utils import quote
from django.urls import reverse

from feedback.models import ResidentComment
from feedback.tokens import suppress_token, verification_token, withdraw_token
from portal.links import absolute_url, page_absolute_url

URL_NAMESPACE = "feedback_moderation"


# --- the moderation screens --------------------------------------------------


def url(name, *args) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def detail_url(comment: ResidentComment) -> str:
    return url("detail", quote(comment.pk))


def action_url(comment: ResidentComment, action_name: str) -> str:
    return url("action", comment.pk, action_name)


def queue_url(principle=None) -> str:
    """The pending queue: every principle's, or one principle's."""
    if principle is None:
        return f"{url('list')}?status=pending"
    return f"{url('list')}?principle={principle.pk}&status=pending"


# --- absolute links, for email -----------------------------------------------


def comment_public_url(comment: ResidentComment) -> str:
    """The comment's place on its article page."""
    return f"{page_absolute_url(comment.article)}#kommentar-{comment.pk}"


def comment_admin_url(comment: ResidentComment) -> str:
    return absolute_url(detail_url(comment))


def verification_url(comment: ResidentComment) -> str:
    path = reverse("feedback:confirm", kwargs={"token": verification_token(comment)})
    return absolute_url(path)


def withdraw_url(comment: ResidentComment) -> str:
    path = reverse("feedback:withdraw", kwargs={"token": withdraw_token(comment)})
    return absolute_url(path)


def suppress_url(comment: ResidentComment) -> str:
    path = reverse("feedback:suppress", kwargs={"token": suppress_token(comment)})
    return absolute_url(path)
