"""Comments in every state, as the public-page tests make them, for open data."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from feedback.services import comment_transition
from tests.factories import ResidentCommentFactory, UserFactory

S = CommentStatus

# Strings that would betray a private field if they reached a response.
SECRET_EMAIL = "hemlig.skribent@example.se"
SECRET_REASON = "Intern motivering från granskningen"
SECRET_TOKEN_HASH = "f" * 64
SECRET_NONCE = "n" * 40
SECRET_IP_HASH = "a" * 64
SECRET_SUSPECT_WORD = "misstänktord"
MODERATOR_USERNAME = "granskaren-gustav"


def comment(article, principle, status, **kwargs):
    return ResidentCommentFactory(
        article=article,
        principle=principle,
        status=status,
        body=f"Text med status {kwargs.pop('label', status)}",
        author_email=SECRET_EMAIL,
        token_hash=SECRET_TOKEN_HASH,
        token_nonce=SECRET_NONCE,
        ip_hash=SECRET_IP_HASH,
        suspect_words=[SECRET_SUSPECT_WORD],
        recaptcha_score=0.123456,
        **kwargs,
    )


@pytest.fixture
def moderator(db):
    return UserFactory(
        username=MODERATOR_USERNAME,
        email="gustav.granskare@kommunen.example.se",
        is_superuser=True,
    )


@pytest.fixture
def comments_in_every_state(article, principles, moderator):
    """One comment per status, one approved and taken down, one published.

    The published one has the municipality's reply and went through the
    services, so its moderation fields are filled in like a real one's.
    """
    made = {status: comment(article, principles[0], status) for status in S.values}
    made["approved"].delete()

    published = comment(article, principles[0], S.PENDING, label="approved")
    published = comment_transition(
        comment=published,
        to_status=S.APPROVED,
        action="feedback.comment.approve",
        actor=moderator,
        reason=SECRET_REASON,
    )
    OfficialReply.objects.create(
        comment=published, body="Kommunen svarar här.", author=moderator
    )

    revoked = comment(article, principles[0], S.PENDING, label="revoked")
    revoked = comment_transition(
        comment=revoked,
        to_status=S.APPROVED,
        action="feedback.comment.approve",
        actor=moderator,
    )
    revoked = comment_transition(
        comment=revoked,
        to_status=S.REJECTED,
        action="feedback.comment.reject",
        actor=moderator,
        reason=SECRET_REASON,
    )
    made["approved"] = published
    made["revoked"] = revoked
    assert ResidentComment.objects.filter(status=S.APPROVED).count() == 1
    return SimpleNamespace(
        published=published,
        hidden=[c for key, c in made.items() if key != "approved"],
        moderated_at=published.moderated_at or timezone.now(),
    )
