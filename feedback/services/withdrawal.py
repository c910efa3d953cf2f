"""Withdrawal by the author, from the signed link in their email."""

from django.conf import settings
from django.core import signing
from django.db import transaction

from feedback.models import CommentStatus, ResidentComment

from .transitions import ConcurrentChangeError, comment_transition
from .verification import WITHDRAW_SALT


def comment_from_withdraw_token(token: str) -> ResidentComment | None:
    """The comment a signed withdrawal link names, or None if it is not valid."""
    max_age = getattr(settings, "FEEDBACK_WITHDRAW_LINK_MAX_AGE", 365 * 24 * 3600)
    try:
        pk = signing.loads(token, salt=WITHDRAW_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return ResidentComment.objects.filter(pk=pk).select_related("article").first()


@transaction.atomic
def comment_withdraw(*, comment: ResidentComment) -> ResidentComment:
    """Withdraw a comment at its author's request, from whatever state it is in.

    Withdrawing twice is harmless: an already withdrawn comment is returned
    unchanged. Logged as "feedback.comment.withdraw" without an actor (the
    author has no account).
    """
    for _attempt in range(3):
        if comment.status == CommentStatus.WITHDRAWN:
            return comment
        try:
            return comment_transition(
                comment=comment,
                to_status=CommentStatus.WITHDRAWN,
                action="feedback.comment.withdraw",
            )
        except ConcurrentChangeError:
            # A moderator acted at the same moment: withdraw from the new state.
            comment.refresh_from_db()
    return comment
