"""Reads for the public site: the comments pages show, and what a link names.

Only approved comments are ever public. Each listing selector fetches what
its listing shows in one query (principle, article and the municipality's
reply joined), so a page's query count does not grow with the number of
comments.
"""

from django.db.models import Exists, Q, QuerySet

from feedback.models import CommentStatus, ResidentComment
from feedback.tokens import comment_pk_from_withdraw_token, token_hash
from news.models import Principle


def _public() -> QuerySet[ResidentComment]:
    return ResidentComment.objects.filter(status=CommentStatus.APPROVED).defer(
        # Never needed on a public page; not even loaded.
        "author_email",
        "email_hash",
        "ip_hash",
        "token_hash",
    )


def approved_comments_for_article(article) -> QuerySet[ResidentComment]:
    """The article's approved comments, oldest first."""
    return (
        _public()
        .filter(article=article)
        .select_related("principle", "official_reply")
        .order_by("created_at", "pk")
    )


def approved_comments_for_principle(principle) -> QuerySet[ResidentComment]:
    """The principle's approved comments on live articles, newest first."""
    return (
        _public()
        .filter(principle=principle, article__live=True)
        .select_related("principle", "official_reply", "article")
        .order_by("-created_at", "-pk")
    )


def principles_for_comment(article) -> QuerySet[Principle]:
    """The principles a comment on ``article`` may name.

    The article's live principles, or every live principle when it is tagged
    with none. One query: the choice is made by the database.
    """
    tagged = Principle.objects.live().filter(articles=article)
    return Principle.objects.live().filter(
        Q(pk__in=tagged.values("pk")) | ~Exists(tagged)
    )


def comment_for_token(token: str) -> ResidentComment | None:
    """The comment a verification token belongs to, or None (unknown token)."""
    if not token or len(token) > 200:
        return None
    return (
        ResidentComment.objects.filter(token_hash=token_hash(token))
        .select_related("article")
        .first()
    )


def comment_from_withdraw_token(token: str) -> ResidentComment | None:
    """The comment a signed withdrawal link names, or None if it is not valid."""
    pk = comment_pk_from_withdraw_token(token)
    if pk is None:
        return None
    return ResidentComment.objects.filter(pk=pk).select_related("article").first()
