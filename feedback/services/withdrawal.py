"""Withdrawal by the author, from the signed link in their email."""

from django.db import transaction

from feedback.models import CommentStatus, ResidentComment

from . import actions
from .transitions import ConcurrentChangeError, comment_transition


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
                to_status=actions.WITHDRAW.to_status,
                action=actions.WITHDRAW.log.name,
            )
        except ConcurrentChangeError:
            # A moderator acted at the same moment: withdraw from the new state.
            comment.refresh_from_db()
    return comment
