"""Reads for open data: the API, the feeds and the exports.

One rule for all of them: an approved comment on a live article, in a part of
the site without view restrictions, of the site that is asked. Nothing a
moderator or the author's mailbox needs is ever loaded, so no serializer can
leak it by mistake.
"""

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from news.models import ArticlePage, Principle
from news.selectors import public_pages

from .models import CommentStatus, ResidentComment

# Never read for open data: who the author is beyond the displayed name, how
# the comment was verified and how it was moderated.
PRIVATE_FIELDS = (
    "author_email",
    "email_hash",
    "ip_hash",
    "token_hash",
    "token_expires_at",
    "token_nonce",
    "verified_at",
    "moderated_by",
    "moderation_reason",
    "link_count",
    "suspect_words",
    "recaptcha_score",
)


def public_articles(site):
    """Live articles of ``site`` outside every view restriction."""
    return public_pages(site, ArticlePage)


def published_comments(site) -> QuerySet[ResidentComment]:
    """The comments open data may show, with their article, principle and reply.

    ``published_at`` is when the comment was approved (by a moderator or
    automatically); comments approved before that was recorded fall back to
    when they were written.
    """
    return (
        ResidentComment.objects.filter(
            status=CommentStatus.APPROVED,
            article__in=public_articles(site).values("pk"),
        )
        .defer(*PRIVATE_FIELDS)
        .annotate(published_at=Coalesce(F("moderated_at"), F("created_at")))
        .select_related("article", "principle", "official_reply")
    )


def published_principles() -> QuerySet[Principle]:
    """The principles residents can see (each has a public page)."""
    return Principle.objects.live().only(
        "id", "name", "slug", "short_description", "body", "sort_order"
    )


def in_period(comments, *, since=None, until=None):
    """Comments published from ``since`` to ``until`` (dates, both inclusive).

    Dates are taken in the site's time zone; the database compares them, so
    any date (year 1 or 9999) works without overflowing a datetime.
    """
    if since is not None:
        comments = comments.filter(published_at__date__gte=since)
    if until is not None:
        comments = comments.filter(published_at__date__lte=until)
    return comments
