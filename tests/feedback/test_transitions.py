import pytest
from wagtail.models import ModelLogEntry

from feedback.models import CommentStatus
from feedback.services import (
    ConcurrentChangeError,
    TransitionError,
    comment_transition,
)
from feedback.services.transitions import ALLOWED_TRANSITIONS
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
