"""Email verification: tokens, the verification email, confirming, suppression.

The token in the emailed link is an HMAC (keyed from SECRET_KEY) of a random
256-bit nonce stored on the comment; the database keeps the nonce and a hash
of the token (for lookup), never the token itself. The worker that builds
the email later re-derives the token from the nonce, so the token is never
written to the task queue either. A leaked database alone confirms nothing.
"""

import base64
import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from importlib.util import find_spec

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from feedback import ratelimit
from feedback.delivery import delivery_enqueue, email_builder, render_email
from feedback.identity import _key
from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    EmailSuppression,
    ResidentComment,
)
from feedback.policy import should_auto_approve
from portal.links import absolute_url

from .transitions import ConcurrentChangeError, comment_transition

S = CommentStatus
WITHDRAW_SALT = "feedback.comment.withdraw"
SUPPRESS_SALT = "feedback.email.suppress"


class VerifyOutcome(StrEnum):
    CONFIRMED = "confirmed"
    AUTO_APPROVED = "auto_approved"
    ALREADY_CONFIRMED = "already_confirmed"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class VerifyResult:
    outcome: VerifyOutcome
    comment: ResidentComment | None = None


# --- tokens ---------------------------------------------------------------


def _token_from_nonce(nonce: str) -> str:
    digest = hmac.new(_key("verify-token"), nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def expiry_hours(discussion_settings=None) -> int:
    hours = getattr(discussion_settings, "verification_expiry_hours", None)
    return hours or getattr(settings, "FEEDBACK_VERIFICATION_EXPIRY_HOURS", 48)


def new_token_fields(discussion_settings=None) -> dict:
    """Columns for a fresh token: nonce, token hash and expiry."""
    nonce = secrets.token_urlsafe(32)
    return {
        "token_nonce": nonce,
        "token_hash": token_hash(_token_from_nonce(nonce)),
        "token_expires_at": timezone.now()
        + timedelta(hours=expiry_hours(discussion_settings)),
    }


def verification_token(comment: ResidentComment) -> str:
    """The token the comment's current link carries (derivable, never stored)."""
    return _token_from_nonce(comment.token_nonce)


def verification_url(comment: ResidentComment) -> str:
    path = reverse("feedback:confirm", kwargs={"token": verification_token(comment)})
    return absolute_url(path)


def withdraw_token(comment: ResidentComment) -> str:
    return signing.dumps(comment.pk, salt=WITHDRAW_SALT)


def withdraw_url(comment: ResidentComment) -> str:
    path = reverse("feedback:withdraw", kwargs={"token": withdraw_token(comment)})
    return absolute_url(path)


def suppress_url(comment: ResidentComment) -> str:
    signed = signing.dumps(comment.email_hash, salt=SUPPRESS_SALT)
    return absolute_url(reverse("feedback:suppress", kwargs={"token": signed}))


# --- reads ----------------------------------------------------------------


def comment_for_token(token: str) -> ResidentComment | None:
    """The comment a verification token belongs to, or None (unknown token)."""
    if not token or len(token) > 200:
        return None
    return (
        ResidentComment.objects.filter(token_hash=token_hash(token))
        .select_related("article")
        .first()
    )


def token_state(comment: ResidentComment | None, *, now=None) -> VerifyOutcome:
    """What a click on the link would do, without doing it (for the GET page)."""
    if comment is None:
        return VerifyOutcome.INVALID
    if comment.status != S.UNVERIFIED:
        return VerifyOutcome.ALREADY_CONFIRMED
    if comment.token_expires_at and comment.token_expires_at <= (now or timezone.now()):
        return VerifyOutcome.EXPIRED
    return VerifyOutcome.CONFIRMED


# --- services -------------------------------------------------------------


def verification_send(*, comment: ResidentComment) -> EmailDelivery | None:
    """Enqueue the verification email, unless the address had its share today.

    The per-recipient cap keeps the form from being used to mail-bomb a third
    party; when it is reached the comment is kept but nothing is sent, and the
    resident sees the same response as always.
    """
    if not ratelimit.hit("email_recipient", comment.email_hash):
        return None
    return delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comment)


def _notify_moderators(comment: ResidentComment) -> None:
    # Moderation (feedback.notifications) is optional for this flow.
    if find_spec("feedback.notifications") is None:
        return
    from feedback.notifications import notify_moderators_of_pending

    notify_moderators_of_pending(comment)


@transaction.atomic
def comment_verify(*, token: str) -> VerifyResult:
    """Confirm the comment a token belongs to: unverified -> pending.

    Single use and safe under concurrent clicks: the status moves with a
    conditional UPDATE, so of two confirmations one wins and the other is told
    the comment was already confirmed. Expired and unknown tokens change
    nothing. With auto-approval configured (``should_auto_approve``) the
    comment goes straight on to approved; otherwise the moderators are told.
    """
    comment = comment_for_token(token)
    state = token_state(comment)
    if state is not VerifyOutcome.CONFIRMED:
        return VerifyResult(state, comment)
    try:
        comment = comment_transition(
            comment=comment,
            to_status=S.PENDING,
            action="feedback.comment.verify",
            expected_status=S.UNVERIFIED,
            fields={"verified_at": timezone.now()},
        )
    except ConcurrentChangeError:
        comment.refresh_from_db()
        return VerifyResult(VerifyOutcome.ALREADY_CONFIRMED, comment)

    discussion_settings = DiscussionSettings.for_site(comment.article.get_site())
    if should_auto_approve(comment, discussion_settings):
        comment = comment_transition(
            comment=comment,
            to_status=S.APPROVED,
            action="feedback.comment.auto_approve",
            expected_status=S.PENDING,
            fields={"moderated_at": timezone.now()},
        )
        return VerifyResult(VerifyOutcome.AUTO_APPROVED, comment)
    _notify_moderators(comment)
    return VerifyResult(VerifyOutcome.CONFIRMED, comment)


@transaction.atomic
def verification_resend(*, token: str) -> None:
    """Send a fresh link for the unverified comment an (expired) token names.

    Returns nothing on purpose: the caller answers the same whether the token
    was known, the address suppressed or the cap reached.
    """
    comment = comment_for_token(token)
    if comment is None or comment.status != S.UNVERIFIED:
        return
    discussion_settings = DiscussionSettings.for_site(comment.article.get_site())
    fields = new_token_fields(discussion_settings)
    ResidentComment.objects.filter(pk=comment.pk, status=S.UNVERIFIED).update(**fields)
    comment.refresh_from_db()
    verification_send(comment=comment)


def email_hash_from_suppress_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=SUPPRESS_SALT)
    except signing.BadSignature:
        return None


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
        email_hash=address_hash, status=S.UNVERIFIED
    ):
        # Confirmed or withdrawn meanwhile: nothing to undo.
        with contextlib.suppress(ConcurrentChangeError):
            comment_transition(
                comment=comment,
                to_status=S.WITHDRAWN,
                action="feedback.comment.withdraw",
            )
    return True


# --- the email ------------------------------------------------------------


@email_builder(EmailDelivery.Kind.VERIFICATION)
def build_verification_email(delivery: EmailDelivery) -> EmailMultiAlternatives | None:
    """The Swedish verification email: link, expiry, article title; no comment text."""
    comment = delivery.comment
    if comment is None or comment.status != S.UNVERIFIED or not comment.token_nonce:
        return None
    with translation.override("sv"):
        return render_email(
            subject=_("Bekräfta din kommentar"),
            template="verification",
            context={
                "article_title": comment.article.title,
                "confirm_url": verification_url(comment),
                "withdraw_url": withdraw_url(comment),
                "suppress_url": suppress_url(comment),
                "expires_at": timezone.localtime(comment.token_expires_at),
            },
            to=comment.author_email,
        )
