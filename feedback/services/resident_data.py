"""Access and erasure requests: everything stored about one email address.

- :func:`resident_data_export` answers an access request;
- :func:`resident_data_erase` answers an erasure request.

See docs/privacy.md for the commands that call them.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from wagtail.log_actions import log

from feedback.identity import email_hash, normalise_email
from feedback.models import EmailSuppression, ResidentComment
from portal.links import page_absolute_url

from .audit import (
    ERASED_LABEL,
    comment_log_entries,
    erased_label_expression,
    ids_as_text,
)
from .retention import delete_comments

logger = logging.getLogger(__name__)

# Audit data values that are states, never free text: kept as they are.
_STATE_KEYS = frozenset({"from", "to", "reply"})
# Audit data keys that would name a person, should any entry ever carry them.
_PERSONAL_KEYS = frozenset({"author_name", "author_email", "name", "email"})


def _comments_of(email: str) -> QuerySet[ResidentComment]:
    """Every comment stored for an address, whatever case it was written in.

    By the keyed hash, and by the stored address as well: a comment whose
    hash was made with an earlier SECRET_KEY still belongs to its author.
    """
    address = normalise_email(email)
    return ResidentComment.objects.filter(
        Q(email_hash=email_hash(address)) | Q(author_email__iexact=address)
    )


def resident_comment_count(*, email: str) -> int:
    """How many comments are stored for an address (what an erasure would delete)."""
    return _comments_of(email).count()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@transaction.atomic
def resident_data_export(*, email: str) -> dict:
    """Everything stored about an email address, for an access request.

    Per comment: what the resident wrote and sent (name, address, text,
    principle), where (article title and public URL), what happened to it
    (status, times, the moderators' reason, its history in the audit log),
    the municipality's reply, the flags moderators saw and the emails sent
    about it. Also whether the address is on the suppression list. Tokens are
    left out: they are security material, not information about the person.

    The result holds only strings, numbers, booleans, lists and dicts.
    """
    address = normalise_email(email)
    comments = (
        _comments_of(address)
        .select_related("article", "principle", "official_reply")
        .prefetch_related("email_deliveries")
        .order_by("created_at", "pk")
    )
    history: dict[str, list[dict]] = {}
    for entry in (
        comment_log_entries()
        .filter(object_id__in=ids_as_text(comments))
        .order_by("timestamp", "pk")
    ):
        data = entry.data or {}
        history.setdefault(entry.object_id, []).append(
            {
                "action": entry.action,
                "time": _iso(entry.timestamp),
                "from": data.get("from", ""),
                "to": data.get("to", ""),
            }
        )
    suppression = EmailSuppression.objects.filter(
        email_hash=email_hash(address)
    ).first()
    return {
        "email": address,
        "exported_at": _iso(timezone.now()),
        "suppressed": suppression is not None,
        "suppressed_at": _iso(suppression.created_at) if suppression else None,
        "comments": [
            _comment_export(comment, history.get(str(comment.pk), []))
            for comment in comments
        ],
    }


def _comment_export(comment: ResidentComment, history: list[dict]) -> dict:
    reply = getattr(comment, "official_reply", None)
    return {
        "id": comment.pk,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "article_title": comment.article.title,
        "article_url": page_absolute_url(comment.article),
        "principle": comment.principle.name,
        "status": comment.status,
        "body": comment.body,
        "created_at": _iso(comment.created_at),
        "verified_at": _iso(comment.verified_at),
        "moderated_at": _iso(comment.moderated_at),
        "moderation_reason": comment.moderation_reason,
        "official_reply": reply.body if reply else None,
        "official_reply_at": _iso(reply.created_at) if reply else None,
        "flags": {
            "link_count": comment.link_count,
            "suspect_words": list(comment.suspect_words or []),
            "recaptcha_score": comment.recaptcha_score,
        },
        "emails": [
            {
                "kind": delivery.kind,
                "status": delivery.status,
                "created_at": _iso(delivery.created_at),
                "sent_at": _iso(delivery.sent_at),
            }
            for delivery in sorted(
                comment.email_deliveries.all(), key=lambda d: (d.created_at, d.pk)
            )
        ],
        "history": history,
    }


def _scrub_data(data: dict, needles: list[str]) -> dict:
    scrubbed = {}
    for key, value in (data or {}).items():
        if key in _PERSONAL_KEYS:
            continue
        if (
            key not in _STATE_KEYS
            and isinstance(value, str)
            and any(needle in value.casefold() for needle in needles)
        ):
            value = ""
        scrubbed[key] = value
    return scrubbed


@transaction.atomic
def resident_data_erase(*, email: str, actor=None) -> int:
    """Delete every comment of an email address; return how many.

    Their replies and email deliveries go with them. Their audit log entries
    stay (who decided what, and when) but get the neutral label "Raderad
    kommentar <id>", and any text in them that names the author or the
    address is blanked. Each deletion is logged as "wagtail.delete" by
    ``actor`` with that label. The suppression row stays: it is only a hash,
    and it is what keeps the portal from mailing the address again.
    """
    comments = list(_comments_of(email).select_for_update().order_by("pk"))
    if not comments:
        return 0
    needles = sorted(
        {
            value.strip().casefold()
            for comment in comments
            for value in (comment.author_name, comment.author_email)
            if value.strip()
        }
    )
    with translation.override(settings.LANGUAGE_CODE):
        for comment in comments:
            log(
                instance=comment,
                action="wagtail.delete",
                user=actor,
                title=str(ERASED_LABEL % {"pk": comment.pk}),
                data={"erasure": True},
            )
    ids = [str(comment.pk) for comment in comments]
    entries = comment_log_entries().filter(object_id__in=ids)
    entries.update(label=erased_label_expression())
    for entry in entries.only("pk", "data"):
        scrubbed = _scrub_data(entry.data, needles)
        if scrubbed != entry.data:
            entry.data = scrubbed
            entry.save(update_fields=["data"])
    count = delete_comments(
        ResidentComment.objects.filter(pk__in=[c.pk for c in comments])
    )
    # No address, no name: this line may end up in any log collector.
    logger.info("Erased %d comments on a resident's request", count)
    return count
