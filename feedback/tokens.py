"""The tokens in emailed links, and what following a link would do.

The verification token is an HMAC (keyed from SECRET_KEY) of a random 256-bit
nonce stored on the comment; the database keeps the nonce and a hash of the
token (for lookup), never the token itself, so the worker can build the link
later and a leaked database confirms nothing
(docs/decisions/0002-verification-token-from-a-stored-nonce.md). The
withdrawal and "I did not ask for this" links carry signed values instead.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from django.core import signing
from django.utils import timezone

from feedback.conf import setting
from feedback.identity import _key
from feedback.models import CommentStatus, DiscussionSettings, ResidentComment

WITHDRAW_SALT = "feedback.comment.withdraw"
SUPPRESS_SALT = "feedback.email.suppress"


class VerifyOutcome(StrEnum):
    CONFIRMED = "confirmed"
    AUTO_APPROVED = "auto_approved"
    ALREADY_CONFIRMED = "already_confirmed"
    EXPIRED = "expired"
    INVALID = "invalid"


def _token_from_nonce(nonce: str) -> str:
    digest = hmac.new(_key("verify-token"), nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def expiry_hours(discussion_settings: DiscussionSettings | None = None) -> int:
    """How long a verification link works, by the discussion rules."""
    hours = getattr(discussion_settings, "verification_expiry_hours", None)
    if not hours:
        # No rules, or zero (every link would expire at once): the default.
        hours = DiscussionSettings._meta.get_field("verification_expiry_hours").default
    return hours


def new_token_fields(discussion_settings: DiscussionSettings | None = None) -> dict:
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


def token_state(
    comment: ResidentComment | None, *, now: datetime | None = None
) -> VerifyOutcome:
    """What a click on the link would do, without doing it (for the GET page)."""
    if comment is None:
        return VerifyOutcome.INVALID
    if comment.status != CommentStatus.UNVERIFIED:
        return VerifyOutcome.ALREADY_CONFIRMED
    if comment.token_expires_at and comment.token_expires_at <= (now or timezone.now()):
        return VerifyOutcome.EXPIRED
    return VerifyOutcome.CONFIRMED


def withdraw_token(comment: ResidentComment) -> str:
    return signing.dumps(comment.pk, salt=WITHDRAW_SALT)


def comment_pk_from_withdraw_token(token: str) -> int | None:
    """The comment id a withdrawal link names, or None if it is not valid."""
    try:
        return signing.loads(
            token, salt=WITHDRAW_SALT, max_age=setting("FEEDBACK_WITHDRAW_LINK_MAX_AGE")
        )
    except signing.BadSignature:
        return None


def suppress_token(comment: ResidentComment) -> str:
    return signing.dumps(comment.email_hash, salt=SUPPRESS_SALT)


def email_hash_from_suppress_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=SUPPRESS_SALT)
    except signing.BadSignature:
        return None
