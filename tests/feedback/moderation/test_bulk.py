"""Bulk actions from the listing: exactly the selected (or filtered) comments."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from feedback.models import CommentStatus, ResidentComment
from tests.factories import ArticlePageFactory, ResidentCommentFactory

pytestmark = pytest.mark.django_db
S = CommentStatus


def bulk_url(action, query):
    base = reverse("wagtail_bulk_action", args=["feedback", "residentcomment", action])
    return f"{base}?{query}"


def statuses(comments):
    result = []
    for comment in comments:
        comment.refresh_from_db()
        result.append(comment.status)
    return result


@pytest.fixture
def five(article, principles):
    return [
        ResidentCommentFactory(article=article, principle=principles[0])
        for _ in range(5)
    ]


def test_bulk_approve_publishes_exactly_the_selected(client_a, five):
    query = f"id={five[1].pk}&id={five[3].pk}"

    response = client_a.post(bulk_url("moderation_approve", query))

    assert response.status_code == 302
    assert statuses(five) == [S.PENDING, S.APPROVED, S.PENDING, S.APPROVED, S.PENDING]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [five[1].author_email, five[3].author_email]
    )


def test_bulk_approve_confirmation_lists_the_selected(client_a, five):
    response = client_a.get(bulk_url("moderation_approve", f"id={five[0].pk}"))

    assert response.status_code == 200
    assert [item["item"].pk for item in response.context["items"]] == [five[0].pk]
    assert statuses(five) == [S.PENDING] * 5


def test_select_all_applies_the_listing_filters(client_a, five, news_index, principles):
    other_article = ArticlePageFactory(parent=news_index, principles=principles)
    in_filter = [
        ResidentCommentFactory(article=other_article, principle=principles[0])
        for _ in range(2)
    ]

    client_a.post(bulk_url("moderation_approve", f"article={other_article.pk}&id=all"))

    assert statuses(in_filter) == [S.APPROVED, S.APPROVED]
    assert statuses(five) == [S.PENDING] * 5


def test_select_all_applies_the_search(client_a, five, article, principles):
    match = ResidentCommentFactory(
        article=article, principle=principles[0], body="Cykelbanan är för smal"
    )

    client_a.post(bulk_url("moderation_approve", "q=cykelbanan&id=all"))

    assert statuses([match]) == [S.APPROVED]
    assert statuses(five) == [S.PENDING] * 5


def test_select_all_defaults_to_the_pending_queue(client_a, article, principles):
    rejected = ResidentCommentFactory(
        article=article, principle=principles[0], status=S.REJECTED
    )
    pending = ResidentCommentFactory(article=article, principle=principles[0])

    client_a.post(bulk_url("moderation_approve", "id=all"))

    assert statuses([pending, rejected]) == [S.APPROVED, S.REJECTED]


def test_bulk_reject_needs_a_reason(client_a, five):
    response = client_a.post(
        bulk_url("moderation_reject", f"id={five[0].pk}"), {"reason_text": ""}
    )

    assert response.status_code == 200
    assert "Ange ett skäl" in response.content.decode()
    assert statuses(five[:1]) == [S.PENDING]


def test_bulk_reject_rejects_with_the_reason_and_logs_each(client_a, moderator_a, five):
    query = f"id={five[0].pk}&id={five[1].pk}"

    client_a.post(bulk_url("moderation_reject", query), {"reason_text": "Reklam"})

    assert statuses(five[:3]) == [S.REJECTED, S.REJECTED, S.PENDING]
    logged = ModelLogEntry.objects.filter(action="feedback.comment.reject")
    assert sorted(int(e.object_id) for e in logged) == [five[0].pk, five[1].pk]
    assert {e.data["reason"] for e in logged} == {"Reklam"}
    assert {e.user for e in logged} == {moderator_a}


def test_bulk_spam(client_a, five):
    client_a.post(bulk_url("moderation_spam", f"id={five[4].pk}"))
    assert statuses(five) == [S.PENDING] * 4 + [S.SPAM]
    assert mail.outbox == []


def test_bulk_skips_and_reports_comments_changed_meanwhile(
    client_a, article, principles
):
    rejected = ResidentCommentFactory(
        article=article, principle=principles[0], status=S.SPAM
    )
    pending = ResidentCommentFactory(article=article, principle=principles[0])

    response = client_a.post(
        bulk_url("moderation_reject", f"id={rejected.pk}&id={pending.pk}"),
        {"reason_text": "Nej"},
        follow=True,
    )

    assert statuses([rejected, pending]) == [S.SPAM, S.REJECTED]
    messages = [str(m).strip() for m in response.context["messages"]]
    assert any(m.startswith(f"Kommentar {rejected.pk} ändrades inte") for m in messages)
    assert "1 kommentar avvisades." in messages


def test_bulk_skips_a_comment_changed_after_the_confirmation_page(client_a, five):
    """The confirmation page sends the status it showed for each comment: a
    comment another moderator rejected before the POST is not approved over
    that decision, and the moderator is told."""
    query = f"id={five[0].pk}&id={five[1].pk}"
    page = client_a.get(bulk_url("moderation_approve", query)).content.decode()
    seen = re.search(r'name="seen" value="([^"]*)"', page)[1]
    assert seen == f"{five[0].pk}:pending {five[1].pk}:pending"
    assert "Väntar på granskning" in page  # each comment's status, shown
    ResidentComment.objects.filter(pk=five[1].pk).update(status=S.REJECTED)

    response = client_a.post(
        bulk_url("moderation_approve", query), {"seen": seen}, follow=True
    )

    assert statuses(five[:2]) == [S.APPROVED, S.REJECTED]
    messages = [str(m).strip() for m in response.context["messages"]]
    assert (
        f"Kommentar {five[1].pk} ändrades inte: Kommentaren har redan ändrats av "
        "någon annan. Ingenting ändrades."
    ) in messages
    assert "1 kommentar godkändes." in messages
