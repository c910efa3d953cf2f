"""Absolute links for emails, feeds and exports.

Built from settings.PORTAL_BASE_URL, never from a request's Host header, which
a client controls.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def page_absolute_url(page) -> str:
    """A Wagtail page's public address under PORTAL_BASE_URL."""
    parts = page.get_url_parts()
    return absolute_url(parts[2] if parts else "/")
