"""The article's comment list kept in the cache (feedback.fragments).

Kept between requests, and never shown once a change to the article's
published comments has committed.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.models import CommentStatus, ResidentComment
from feedback.services.moderation import comment_approve, comment_reclassify
from feedback.services.replies import reply_publish
from feedback.services.withdrawal import comment_withdraw
from tests.factories import ResidentCommentFactory, UserFactory

pytestmark = pytest.mark.django_db
S = CommentStatus


def comment_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return sum("feedback_residentcomment" in q["sql"] for q in queries)


def html(client, url) -> str:
    return client.get(url).content.decode()


def kept_page(client, article) -> str:
    """The article's page, once rendered and then served with the kept list."""
    page = html(client, article.url)
    assert comment_queries(client, article.url) == 0
    return page


def published(capture, article, principle, **fields):
    """A published comment, committed as far as the kept lists know (created
    outside a captured commit, it would make the test's transaction render
    its own list forever)."""
    with capture(execute=True):
        return ResidentCommentFactory(
            article=article, principle=principle, status=S.APPROVED, **fields
        )


def test_the_list_is_kept_between_requests(
    client, article, principles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ResidentCommentFactory(
            article=article, principle=principles[0], status=S.APPROVED, body="Kvar"
        )
    first = html(client, article.url)

    assert comment_queries(client, article.url) == 0
    assert html(client, article.url) == first
    assert "Kvar" in first


def test_a_bad_page_number_is_rendered_not_kept(client, article, principles):
    ResidentCommentFactory(article=article, principle=principles[0], status=S.APPROVED)

    client.get(f"{article.url}?page=abc")

    assert comment_queries(client, f"{article.url}?page=abc") > 0


def test_an_approval_shows_at_once(
    client, article, principles, django_capture_on_commit_callbacks
):
    moderator = UserFactory(is_superuser=True)
    pending = ResidentCommentFactory(
        article=article, principle=principles[0], status=S.PENDING, body="Ny åsikt"
    )
    assert "Ny åsikt" not in html(client, article.url)

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=pending, actor=moderator)

    assert "Ny åsikt" in html(client, article.url)


def test_a_reply_and_a_withdrawal_show_at_once(
    client, article, principles, django_capture_on_commit_callbacks
):
    moderator = UserFactory(is_superuser=True)
    comment = published(
        django_capture_on_commit_callbacks, article, principles[0], body="Fråga"
    )
    kept_page(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        reply_publish(comment=comment, body="Kommunens svar här", actor=moderator)
    assert "Kommunens svar här" in kept_page(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        comment_withdraw(comment=ResidentComment.objects.get(pk=comment.pk))
    assert "Fråga" not in html(client, article.url)


def test_a_moved_comment_shows_its_new_principle_at_once(
    client, article, principles, django_capture_on_commit_callbacks
):
    moderator = UserFactory(is_superuser=True)
    comment = published(django_capture_on_commit_callbacks, article, principles[0])
    new_link = f'href="{principles[1].get_absolute_url()}"'
    # Once, in the article's own list of principles.
    assert kept_page(client, article).count(new_link) == 1

    with django_capture_on_commit_callbacks(execute=True):
        comment_reclassify(comment=comment, actor=moderator, principle=principles[1])

    assert html(client, article.url).count(new_link) == 2


def test_a_deleted_comment_goes_at_once(
    client, article, principles, django_capture_on_commit_callbacks
):
    comment = published(
        django_capture_on_commit_callbacks, article, principles[0], body="Raderas"
    )
    assert "Raderas" in kept_page(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        comment.delete()

    assert "Raderas" not in html(client, article.url)


def test_a_rolled_back_change_leaves_the_list_as_it_was(
    client, article, principles, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        comment = ResidentCommentFactory(
            article=article,
            principle=principles[0],
            status=S.APPROVED,
            body="Står kvar",
        )
    html(client, article.url)

    with pytest.raises(RuntimeError), transaction.atomic():
        comment.delete()
        raise RuntimeError

    assert comment_queries(client, article.url) == 0
    assert "Står kvar" in html(client, article.url)


def test_a_change_not_yet_committed_is_read_by_its_own_transaction_only(
    client, article, principles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ResidentCommentFactory(
            article=article, principle=principles[0], status=S.APPROVED, body="Först"
        )
    html(client, article.url)

    # The test's transaction is this request's: it sees its own new comment
    # without keeping it for others, until it commits.
    ResidentCommentFactory(
        article=article, principle=principles[0], status=S.APPROVED, body="Sedan"
    )
    assert "Sedan" in html(client, article.url)
    assert comment_queries(client, article.url) > 0


def test_each_language_has_its_own_list(client, article, principles):
    ResidentCommentFactory(article=article, principle=principles[0], status=S.APPROVED)
    swedish = html(client, article.url)

    client.cookies["django_language"] = "en"
    english = html(client, article.url)

    assert "1 kommentar" in swedish
    assert "1 comment" in english


def test_another_page_size_is_another_list(client, article, principles, settings):
    for number in range(3):
        ResidentCommentFactory(
            article=article,
            principle=principles[0],
            status=S.APPROVED,
            body=f"Nummer {number}",
        )
    settings.FEEDBACK_COMMENTS_PER_PAGE = 2
    assert "Nummer 2" not in html(client, article.url)

    settings.FEEDBACK_COMMENTS_PER_PAGE = 50

    assert "Nummer 2" in html(client, article.url)
