"""Two moderators at once: the first wins, the second is told, nothing twice.

Only meaningful on PostgreSQL (SQLite serialises writers for the whole
database); run with scripts/test-postgres.sh.
"""

import threading

import pytest
from django.core import mail
from django.db import connection
from wagtail.models import ModelLogEntry

from feedback.models import CommentStatus, EmailDelivery, ResidentComment
from feedback.selectors_moderation import selected_comments
from feedback.services import moderation as services
from feedback.services.transitions import ConcurrentChangeError
from tests.factories import ResidentCommentFactory

S = CommentStatus

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locking"
    ),
]


def run_together(*calls):
    """Run each call in its own thread and connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - collected for the asserts
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_approve_and_reject_at_once_first_wins_second_is_told(
    comment_a, moderator_a, chief_moderator
):
    # Each moderator acts on the comment as their own page showed it: pending.
    seen_by_a = ResidentComment.objects.get(pk=comment_a.pk)
    seen_by_chief = ResidentComment.objects.get(pk=comment_a.pk)

    for _ in range(5):
        outcomes = run_together(
            lambda: services.comment_approve(
                comment=seen_by_a, actor=moderator_a, expected_status=S.PENDING
            ),
            lambda: services.comment_reject(
                comment=seen_by_chief,
                actor=chief_moderator,
                reason="Olämpligt",
                expected_status=S.PENDING,
            ),
        )
        kinds = sorted(kind for kind, _value in outcomes)
        assert kinds == ["error", "ok"]
        [error] = [value for kind, value in outcomes if kind == "error"]
        assert isinstance(error, ConcurrentChangeError)
        assert str(error) == (
            "Kommentaren har redan ändrats av någon annan. Ingenting ändrades."
        )

        comment_a.refresh_from_db()
        [winner] = [value for kind, value in outcomes if kind == "ok"]
        assert comment_a.status == winner.status
        entries = ModelLogEntry.objects.filter(object_id=str(comment_a.pk))
        assert entries.count() == 1
        assert EmailDelivery.objects.filter(comment=comment_a).count() == 1
        assert len(mail.outbox) == 1

        # Reset for the next round.
        ResidentComment.objects.filter(pk=comment_a.pk).update(status=S.PENDING)
        entries.delete()
        EmailDelivery.objects.all().delete()
        mail.outbox.clear()


def test_overlapping_bulk_approvals_approve_each_comment_once(
    article, principles, moderator_a, chief_moderator
):
    comments = [
        ResidentCommentFactory(article=article, principle=principles[0])
        for _ in range(6)
    ]

    def bulk(actor):
        def call():
            selected = selected_comments(actor=actor, ids=[c.pk for c in comments])
            return services.comments_bulk_approve(comments=selected, actor=actor)

        return call

    outcomes = run_together(bulk(moderator_a), bulk(chief_moderator))

    assert [kind for kind, _value in outcomes] == ["ok", "ok"]
    done = [c.pk for _kind, result in outcomes for c in result.done]
    assert sorted(done) == sorted(c.pk for c in comments)
    assert set(
        ResidentComment.objects.filter(pk__in=done).values_list("status", flat=True)
    ) == {S.APPROVED}
    assert ModelLogEntry.objects.filter(action="feedback.comment.approve").count() == 6
    assert len(mail.outbox) == 6


def test_a_bulk_approval_and_a_single_rejection_at_once_decide_each_comment_once(
    article, principles, moderator_a, chief_moderator
):
    comments = [
        ResidentCommentFactory(article=article, principle=principles[0])
        for _ in range(6)
    ]
    contested = comments[3]

    def bulk():
        selected = selected_comments(actor=moderator_a, ids=[c.pk for c in comments])
        return services.comments_bulk_approve(comments=selected, actor=moderator_a)

    def reject():
        return services.comment_reject(
            comment=ResidentComment.objects.get(pk=contested.pk),
            actor=chief_moderator,
            reason="Olämpligt",
        )

    outcomes = run_together(bulk, reject)

    [(bulk_kind, result), (reject_kind, rejected)] = outcomes
    assert bulk_kind == "ok"
    contested.refresh_from_db()
    if reject_kind == "ok":  # the rejection came first: the batch skipped it
        assert contested.status == S.REJECTED
        assert [c.pk for c, _why in result.skipped] == [contested.pk]
    else:  # the batch came first: the rejection was told
        assert isinstance(rejected, ConcurrentChangeError)
        assert contested.status == S.APPROVED
        assert not result.skipped
    assert len(result.done) == 6 - len(result.skipped)
    entries = ModelLogEntry.objects.filter(object_id=str(contested.pk))
    assert entries.count() == 1
    assert EmailDelivery.objects.filter(comment=contested).count() == 1
    assert len(mail.outbox) == 6
