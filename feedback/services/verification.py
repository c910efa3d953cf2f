"""Email verification: sending the link, confirming, resending, suppression.

The tokens are made and read in feedback.tokens; the email itself is built
by feedback.emails when the worker sends it.
"""

import contextlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from feedback import ratelimit
from feedback.models import (
    CommentStatus,
    EmailDelivery,
    EmailSuppression,
    ResidentComment,
)
from feedback.outbox import delivery_enqueue
from feedback.policy import should_auto_approve
from feedback.selectors import comment_for_token
from feedback.selectors_discussion import discussion_settings_for
from feedback.signals import comment_awaits_moderation
from feedback.tokens import (
    VerifyOutcome,
    email_hash_from_suppress_token,
    new_token_fields,
    token_state,
)

from . import actions
from .transitions import ConcurrentChangeError, comment_transition


@dataclass(frozen=True)
class VerifyResult:
    outcome: VerifyOutcome
    comment: ResidentComment | None = None


def verification_send(*, comment: ResidentComment) -> EmailDelivery | None:
    """Enqueue the verification email, unless the address had its share today.

    The per-recipient cap keeps the form from being used to mail-bomb a third
    party; when it is reached the comment is kept but nothing is sent, and the
    resident sees the same response as always.
    """
    if not ratelimit.hit("email_recipient", comment.email_hash):
        return None
    return delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comment)


@transaction.atomic
def comment_verify(*, token: str) -> VerifyResult:
    """Confirm the comment a token belongs to: unverified -> pending.

    Single use and safe under concurrent clicks: the status moves with a
    conditional UPDATE, so of two confirmations one wins and the other is told
    the comment was already confirmed. Expired and unknown tokens change
    nothing. With auto-approval configured (``should_auto_approve``) the
    comment goes straight on to approved; otherwise it waits for the
    moderators, which is announced (``comment_awaits_moderation``).
    """
    comment = comment_for_token(token)
    state = token_state(comment)
    if state is not VerifyOutcome.CONFIRMED:
        return VerifyResult(state, comment)
    try:
        comment = comment_transition(
            comment=comment,
            to_status=actions.VERIFY.to_status,
            action=actions.VERIFY.log.name,
            expected_status=CommentStatus.UNVERIFIED,
            fields={"verified_at": timezone.now()},
        )
    except ConcurrentChangeError:
        comment.refresh_from_db()
        return VerifyResult(VerifyOutcome.ALREADY_CONFIRMED, comment)

    if should_auto_approve(comment, discussion_settings_for(comment.article)):
        comment = comment_transition(
            comment=comment,
            to_status=actions.AUTO_APPROVE.to_status,
            action=actions.AUTO_APPROVE.log.name,
            expected_status=CommentStatus.PENDING,
            fields={"moderated_at": timezone.now()},
        )
        return VerifyResult(VerifyOutcome.AUTO_APPROVED, comment)
    comment_awaits_moderation.send(sender=ResidentComment, comment=comment)
    return VerifyResult(VerifyOutcome.CONFIRMED, comment)


@transaction.atomic
def verification_resend(*, token: str) -> None:
    """Send a fresh link for the unverified comment an (expired) token names.

    Returns nothing on purpose: the caller answers the same whether the token
    was known, the address suppressed or the cap reached.
    """
    comment = comment_for_token(token)
    if comment is None or comment.status != CommentStatus.UNVERIFIED:
        return
    fields = new_token_fields(discussion_settings_for(comment.article))
    ResidentComment.objects.filter(
        pk=comment.pk, status=CommentStatus.UNVERIFIED
    ).update(**fields)
    comment.refresh_from_db()
    verification_send(comment=comment)


@transaction.atomic
def email_suppress(*, token: str) -> bool:
    """Stop all further mail to the address a signed "I did not ask" link names.

    Also withdraws that address's unconfirmed comments: whoever typed the
    address was not its owner. Returns False for a tampered link.
    """
    address_hash = email_hash_from_suppress_token(token)
    if not address_hash:
        return False
    EmailSuppression.objects.get_or_create(email_hash=address_hash)
    for comment in ResidentComment.objects.filter(
        email_hash=address_hash, status=CommentStatus.UNVERIFIED
    ):
        # Confirmed or withdrawn meanwhile: nothing to undo.
        with contextlib.suppress(ConcurrentChangeError):
            comment_transition(
                comment=comment,
                to_status=actions.WITHDRAW.to_status,
                action=actions.WITHDRAW.log.name,
            )
    return True
