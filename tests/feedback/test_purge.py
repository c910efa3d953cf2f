"""The HTTP cache forgets what a change touches, once, after commit.

A recording backend stands in for Varnish (the real one is in
tests/portal/test_varnish.py). Tasks run immediately in tests, so a purge
the commit sends is recorded before the test goes on.
"""

import pytest
from django.db import transaction
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from feedback.models import CommentStatus
from feedback.services.moderation import (
    comment_approve,
    comment_reclassify,
    comment_reject,
    comments_bulk_approve,
)
from feedback.services.replies import reply_publish
from feedback.services.withdrawal import comment_withdraw
from tests.factories import ArticlePageFactory, ResidentCommentFactory

pytestmark = pytest.mark.django_db

BATCHES: list[list[str]] = []
ROOT = "http://testserver"


class RecordingBackend(BaseBackend):
    def purge_batch(self, urls):
        BATCHES.append(sorted(urls))

    def purge(self, url):
        self.purge_batch([url])


@pytest.fixture
def cache_backend(settings):
    """Listed after the fixtures that build pages, so their publishing is not
    noted (in a test the outer transaction never commits)."""
    BATCHES.clear()
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.feedback.test_purge.RecordingBackend"}
    }
    yield
    BATCHES.clear()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chef", "chef@example.se", "x")


@pytest.fixture
def other_article(news_index, principles):
    return ArticlePageFactory(parent=news_index, principles=principles)


def comment_on(article, principle, status=CommentStatus.PENDING):
    return ResidentCommentFactory(article=article, principle=principle, status=status)


def article_urls(article, principle):
    return {
        f"{ROOT}/",
        f"{ROOT}/nyheter/",
        f"{ROOT}/nyheter/feed/",
        f"{ROOT}{article.url}",
        f"{ROOT}/kommentarer/artikel/{article.pk}/feed/",
        f"{ROOT}/principer/{principle.slug}/",
        f"{ROOT}/principer/{principle.slug}/feed/",
    }


def purged() -> set[str]:
    return {url for batch in BATCHES for url in batch}


def test_approval_purges_article_principle_listings_and_feeds_after_commit(
    article, principles, superuser, django_capture_on_commit_callbacks, cache_backend
):
    comment = comment_on(article, principles[0])

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, actor=superuser)
        assert BATCHES == []  # nothing before the commit

    assert len(BATCHES) == 1
    assert article_urls(article, principles[0]) <= purged()


def test_rejecting_a_pending_comment_purges_nothing(
    article, principles, superuser, django_capture_on_commit_callbacks, cache_backend
):
    comment = comment_on(article, principles[0])

    with django_capture_on_commit_callbacks(execute=True):
        comment_reject(comment=comment, actor=superuser, reason="Utanför ämnet")

    assert BATCHES == []


def test_withdrawing_a_published_comment_purges_its_pages(
    article, principles, django_capture_on_commit_callbacks, cache_backend
):
    comment = comment_on(article, principles[1], CommentStatus.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        comment_withdraw(comment=comment)

    assert article_urls(article, principles[1]) <= purged()


def test_official_reply_purges_the_comments_pages(
    article, principles, superuser, django_capture_on_commit_callbacks, cache_backend
):
    comment = comment_on(article, principles[0], CommentStatus.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        reply_publish(comment=comment, actor=superuser, body="Tack, vi tittar på det.")

    assert article_urls(article, principles[0]) <= purged()


@pytest.fixture
def one_principle_article(news_index, principles):
    return ArticlePageFactory(parent=news_index, principles=[principles[0]])


def test_moving_a_published_comment_purges_both_principles_pages(
    one_principle_article,
    principles,
    superuser,
    django_capture_on_commit_callbacks,
    cache_backend,
):
    article = one_principle_article
    comment = comment_on(article, principles[0], CommentStatus.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        comment_reclassify(comment=comment, actor=superuser, principle=principles[2])

    urls = purged()
    assert article_urls(article, principles[0]) <= urls
    assert f"{ROOT}/principer/{principles[2].slug}/" in urls
    assert f"{ROOT}/principer/{principles[2].slug}/feed/" in urls
    assert f"{ROOT}/principer/{principles[1].slug}/" not in urls


def test_moving_a_pending_comment_purges_nothing(
    article, principles, superuser, django_capture_on_commit_callbacks, cache_backend
):
    comment = comment_on(article, principles[0])

    with django_capture_on_commit_callbacks(execute=True):
        comment_reclassify(comment=comment, actor=superuser, principle=principles[1])

    assert BATCHES == []


def test_bulk_approval_sends_one_batch_of_a_few_urls(
    article,
    other_article,
    principles,
    superuser,
    django_capture_on_commit_callbacks,
    cache_backend,
):
    other = other_article
    comments = [comment_on(article, principles[i % 3]) for i in range(30)] + [
        comment_on(other, principles[0]) for _ in range(30)
    ]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = comments_bulk_approve(comments=comments, actor=superuser)

    assert len(result.done) == 60
    assert len(BATCHES) == 1
    # Two articles, three principles, and the shared listings and feeds.
    assert len(BATCHES[0]) == 2 * 2 + 3 * 2 + 3
    # The batch is one callback of the transaction, not one per comment.
    assert sum(1 for c in callbacks if type(c).__name__ == "PendingPurge") == 1


def test_a_rolled_back_change_purges_nothing(
    article, principles, superuser, django_capture_on_commit_callbacks, cache_backend
):
    comment = comment_on(article, principles[0])

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        comment_approve(comment=comment, actor=superuser)
        raise RuntimeError("the request failed after the approval")

    assert BATCHES == []


def test_without_a_configured_cache_nothing_is_noted(
    article,
    principles,
    superuser,
    settings,
    django_capture_on_commit_callbacks,
    cache_backend,
):
    del settings.WAGTAILFRONTENDCACHE
    comment = comment_on(article, principles[0])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_approve(comment=comment, actor=superuser)

    assert not any(type(c).__name__ == "PendingPurge" for c in callbacks)


def test_publishing_an_article_purges_listings_feeds_and_its_principles(
    news_index, principles, django_capture_on_commit_callbacks, cache_backend
):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(
            parent=news_index, slug="ny-artikel", principles=principles[:2]
        )

    urls = purged()
    assert article_urls(article, principles[0]) <= urls
    assert f"{ROOT}/principer/{principles[1].slug}/" in urls
    assert f"{ROOT}/principer/{principles[2].slug}/" not in urls


def test_unpublishing_an_article_purges_the_listings(
    article, principles, django_capture_on_commit_callbacks, cache_backend
):
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert {f"{ROOT}/", f"{ROOT}/nyheter/", f"{ROOT}/nyheter/feed/"} <= purged()
