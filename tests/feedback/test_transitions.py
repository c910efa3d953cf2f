import pytest
from django.db import transaction
from wagtail.models import ModelLogEntry

from feedback.models import CommentStatus
from feedback.services import (
    ConcurrentChangeError,
    TransitionError,
    actions,
    comment_transition,
)
from feedback.services.transitions import ALLOWED_TRANSITIONS
from feedback.signals import comment_transition_committed, comment_transitioned
from tests.factories import ResidentCommentFactory, UserFactory

pytestmark = pytest.mark.django_db
S = CommentStatus


@pytest.fixture
def comment(article, principles):
    return ResidentCommentFactory(article=article, principle=principles[0])


def test_transition_updates_status_and_stamps_the_moderator(comment):
    moderator = UserFactory()

    comment_transition(
        comment=comment,
        to_status=S.APPROVED,
        action="feedback.comment.approve",
        actor=moderator,
    )

    comment.refresh_from_db()
    assert comment.status == S.APPROVED
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None


def test_transition_writes_an_audit_entry_with_from_to_and_reason(comment):
    moderator = UserFactory()

    comment_transition(
        comment=comment,
        to_status=S.REJECTED,
        action="feedback.comment.reject",
        actor=moderator,
        reason="Personangrepp",
    )

    entry = ModelLogEntry.objects.get(object_id=str(comment.pk))
    assert entry.action == "feedback.comment.reject"
    assert entry.user == moderator
    assert entry.data == {
        "from": "pending",
        "to": "rejected",
        "reason": "Personangrepp",
    }


def test_disallowed_transition_raises_and_changes_nothing(comment):
    comment.status = S.WITHDRAWN
    comment.save()

    with pytest.raises(TransitionError):
        comment_transition(
            comment=comment, to_status=S.APPROVED, action="feedback.comment.approve"
        )

    comment.refresh_from_db()
    assert comment.status == S.WITHDRAWN
    assert not ModelLogEntry.objects.filter(object_id=str(comment.pk)).exists()


def test_stale_instance_loses_to_the_first_change(comment):
    stale = type(comment).objects.get(pk=comment.pk)
    comment_transition(
        comment=comment, to_status=S.APPROVED, action="feedback.comment.approve"
    )

    with pytest.raises(ConcurrentChangeError):
        comment_transition(
            comment=stale, to_status=S.SPAM, action="feedback.comment.spam"
        )

    comment.refresh_from_db()
    assert comment.status == S.APPROVED
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk)).count() == 1


def test_every_status_has_a_transition_entry():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)


def test_transition_is_announced_in_the_transaction_with_the_previous_status(
    comment,
):
    moderator = UserFactory()
    heard = []

    def receiver(sender, **event):
        heard.append(event)

    comment_transitioned.connect(receiver)
    try:
        comment_transition(
            comment=comment,
            to_status=S.REJECTED,
            action="feedback.comment.reject",
            actor=moderator,
            reason="Reklam",
        )
    finally:
        comment_transitioned.disconnect(receiver)

    [event] = heard
    assert event["comment"] == comment
    assert event["action"] is actions.REJECT
    assert (event["from_status"], event["to_status"]) == (S.PENDING, S.REJECTED)
    assert (event["actor"], event["reason"]) == (moderator, "Reklam")


def test_committed_announcement_waits_for_the_commit(
    comment, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, **event):
        heard.append((event["action"], event["from_status"]))

    comment_transition_committed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            comment_transition(
                comment=comment, to_status=S.SPAM, action="feedback.comment.spam"
            )
            assert heard == []
        for callback in callbacks:
            callback()
    finally:
        comment_transition_committed.disconnect(receiver)

    assert heard == [(actions.MARK_SPAM, S.PENDING)]


def test_a_rolled_back_transition_is_never_announced_as_committed(
    comment, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        comment_transition(
            comment=comment, to_status=S.SPAM, action="feedback.comment.spam"
        )
        raise RuntimeError

    assert callbacks == []
    comment.refresh_from_db()
    assert comment.status == S.PENDING


def test_a_failing_committed_reaction_is_logged_not_raised(
    comment, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **event):
        raise ValueError("cache unreachable")

    comment_transition_committed.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment_transition(
                comment=comment, to_status=S.SPAM, action="feedback.comment.spam"
            )
    finally:
        comment_transition_committed.disconnect(broken)

    comment.refresh_from_db()
    assert comment.status == S.SPAM
    assert "cache unreachable" in caplog.text


def test_a_move_no_action_declares_is_refused(comment):
    with pytest.raises(TransitionError):
        comment_transition(
            comment=comment, to_status=S.PENDING, action="feedback.comment.approve"
        )

    comment.refresh_from_db()
    assert comment.status == S.PENDING
