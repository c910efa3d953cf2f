"""Page fragments kept in the cache until what they show changes.

The home page's latest news (cards with their pictures and principles) and
principles, and an article as published (its text, picture and principles),
are most of what those pages cost to render, and the same for every reader in
one language. The templates keep them with Wagtail's
``{% wagtailpagecache %}`` (which adds the page's own state and skips
previews) under a *version*: a random value the first reader sets, which
:func:`forget_listings` drops at a change, and again once it commits — an
article published, unpublished, moved or deleted, a principle or an image
saved or deleted. The next reader makes a new version, and the old fragments
are never read again. A cache that is down costs the render (portal.cache);
a drop lost to such an outage is bounded by the fragments' lifetime,
``NEWS_LISTING_SECONDS``.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.cache import current_version

VERSION_KEY = "news:listings-version"


def listing_seconds() -> int:
    return getattr(settings, "NEWS_LISTING_SECONDS", 600)


def listings_version() -> str:
    """The listings' current version; without a cache, one nobody reuses."""
    return current_version(VERSION_KEY) or secrets.token_hex(8)


def kept_fragments() -> dict:
    """What a page's template needs to keep its fragments (``{% wagtailpagecache
    listing_seconds "name" listings_version language %}``)."""
    return {
        "listings_version": listings_version(),
        "listing_seconds": listing_seconds(),
    }


def forget_listings(**kwargs) -> None:
    """Drop the kept listings now, and again once the change commits (a
    reader between the two kept the old listings under a new version).

    A signal receiver: any sender, any arguments.
    """
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY), robust=True)
