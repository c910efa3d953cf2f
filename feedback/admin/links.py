"""Addresses of the moderation screens; imported by the admin and by email."""

from django.contrib.admin.utils import quote
from django.urls import reverse

URL_NAMESPACE = "feedback_moderation"


def url(name, *args) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def detail_url(comment) -> str:
    return url("detail", quote(comment.pk))


def queue_url(principle=None) -> str:
    """The pending queue: every principle's, or one principle's."""
    if principle is None:
        return f"{url('list')}?status=pending"
    return f"{url('list')}?principle={principle.pk}&status=pending"
