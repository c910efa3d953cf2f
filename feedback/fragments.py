"""An article's rendered comment list, kept in the cache between changes.

Printing a page of 50 comments is most of what an article costs to render,
and that list (its heading with the count, the comments, the pagination) is
the same for every reader of that page of the article in one language. So it
is kept in Django's default cache (Redis in production) under the article's
*version*: a random value the first reader sets, which
:func:`forget_article` drops once any change commits — a comment published,
changed, withdrawn or taken down, a reply, a deletion. The next
reader then makes a new version, and the old lists are never read again.

The HTTP cache is purged after the version is dropped (their receivers are
connected in that order in ``feedback.signal_handlers``), so a page fetched
again after a purge never gets an old list. A cache that is down costs the
render, not the page (portal.cache); a drop lost to such an outage is
bounded by the lists' lifetime, ``FEEDBACK_COMMENT_LIST_SECONDS``.
"""

from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.cache import current_version
from portal.transactions import note_for_commit

from .conf import setting
from .models import CommentStatus

# Pages beyond this are rendered but not kept: the key is in the URL, which
# anybody may vary.
MAX_CACHED_PAGE = 1000


def _version_key(article_id: int) -> str:
    return f"feedback:comment-list-version:{article_id}"


def page_key(page_parameter) -> int | None:
    """The page number a ``?page=`` value names, if it is one worth keeping."""
    if page_parameter in (None, ""):
        return 1
    try:
        number = int(page_parameter)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_CACHED_PAGE else None


def cached_comment_list(article_id: int, page_parameter, render) -> str:
    """The list for that page of the article: kept, or ``render()`` and kept."""
    number = page_key(page_parameter)
    if number is None or changed_in_this_transaction(article_id):
        return render()
    version = current_version(_version_key(article_id))
    if version is None:
        return render()
    per_page = setting("FEEDBACK_COMMENTS_PER_PAGE")
    key = (
        f"feedback:comment-list:{article_id}:{version}:"
        f"{number}x{per_page}:{get_language()}"
    )
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=setting("FEEDBACK_COMMENT_LIST_SECONDS"))
    # Our own template's output, kept as a plain string.
    return mark_safe(html)  # noqa: S308


class _Forgotten:
    """The articles one transaction changed; their lists dropped when it commits."""

    def __init__(self):
        self.article_ids: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        cache.delete_many([_version_key(pk) for pk in self.article_ids])


def changed_in_this_transaction(article_id: int) -> bool:
    """Whether this transaction changed the article's comments and has not
    committed yet: it must read its own writes, not the kept list, and must
    not keep what only it can see."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        isinstance(callback, _Forgotten)
        and not callback.done
        and article_id in callback.article_ids
        for _savepoints, callback, _robust in connection.run_on_commit
    )


def forget_article(article_id: int) -> None:
    """Drop the article's kept lists once the change commits.

    Before that, other readers rightly see the list as it was, and this
    transaction renders its own (:func:`changed_in_this_transaction`). Once
    per article and transaction, so a bulk action of a thousand comments
    ends with a handful of deletes.
    """
    note_for_commit(_Forgotten, lambda forgotten: forgotten.article_ids.add(article_id))


def forget_on_comment_transition(sender, comment, from_status, to_status, **kwargs):
    """A comment became public or stopped being public."""
    if CommentStatus.APPROVED in (from_status, to_status):
        forget_article(comment.article_id)


def forget_on_comment_reclassified(sender, comment, **kwargs):
    """A published comment shows its principle."""
    if comment.status == CommentStatus.APPROVED:
        forget_article(comment.article_id)


def forget_on_official_reply(sender, comment, **kwargs):
    """The reply shows under the comment."""
    forget_article(comment.article_id)


def forget_on_comment_saved_or_deleted(sender, instance, **kwargs):
    """A published comment saved as a whole (not by a status change, which
    :func:`forget_on_comment_transition` sees) or deleted (erasure, or with
    its article)."""
    if instance.status == CommentStatus.APPROVED:
        forget_article(instance.article_id)
