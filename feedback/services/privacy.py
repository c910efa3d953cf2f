"""Retention, access and erasure: what the administrator runs for the residents.

- :func:`comments_apply_retention` deletes what the discussion settings say may
  no longer be kept (run daily; ``manage.py apply_retention``).
- :func:`resident_data_export` answers an access request: everything stored
  about one email address.
- :func:`resident_data_erase` answers an erasure request.

Deleting is not a transition (see ``feedback.services.transitions``); the
audit log entries of a deleted comment stay, for accountability, but lose
whatever named its author.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from feedback.identity import email_hash, normalise_email
from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    EmailSuppression,
    ResidentComment,
)
from portal.links import page_absolute_url

from .verification import expiry_hours

logger = logging.getLogger(__name__)

S = CommentStatus

# The audit label of a deleted comment. Stored in the site's language, whatever
# language the caller runs in, so that it is one fixed text per comment.
ERASED_LABEL = _("Raderad kommentar %(pk)s")

# Audit data values that are states, never free text: kept as they are.
_STATE_KEYS = frozenset({"from", "to", "reply"})
# Audit data keys that would name a person, should any entry ever carry them.
_PERSONAL_KEYS = frozenset({"author_name", "author_email", "name", "email"})

# Deliveries still in flight are left to the worker.
_FINISHED_DELIVERY = [
    EmailDelivery.Status.SENT,
    EmailDelivery.Status.FAILED,
    EmailDelivery.Status.SUPPRESSED,
]


# --- retention --------------------------------------------------------------------


def _site_scopes() -> list[tuple[Site, Q]]:
    """Each site with a filter for the comments its discussion settings govern.

    A comment belongs to the site whose root is the nearest ancestor of its
    article: a site nested under another keeps its own rules, and two sites on
    one root (another host name) are counted once, with the default site's.
    """
    sites = sorted(
        Site.objects.select_related("root_page"),
        key=lambda site: (-len(site.root_page.path), not site.is_default_site),
    )
    scopes = []
    claimed: list[str] = []
    for site in sites:
        path = site.root_page.path
        if path in claimed:
            continue
        scope = Q(article__path__startswith=path)
        for deeper in claimed:
            if deeper.startswith(path):
                scope &= ~Q(article__path__startswith=deeper)
        claimed.append(path)
        scopes.append((site, scope))
    return scopes


def purge_unverified_comments(
    *, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Delete expired unverified comments (and their email rows); return how many.

    Expired means past the link's expiry plus the site's grace period
    ("unverified_retention_hours"), so a resident who clicks a just-expired
    link can still ask for a new one for a while.
    """
    now = now or timezone.now()
    total = 0
    for site, scope in _site_scopes():
        discussion_settings = DiscussionSettings.for_site(site)
        grace = timedelta(hours=discussion_settings.unverified_retention_hours)
        lifetime = timedelta(hours=expiry_hours(discussion_settings))
        expired = ResidentComment.objects.filter(
            scope, status=CommentStatus.UNVERIFIED
        ).filter(
            Q(token_expires_at__lt=now - grace)
            | Q(token_expires_at__isnull=True, created_at__lt=now - lifetime - grace)
        )
        if dry_run:
            total += expired.count()
            continue
        with transaction.atomic():
            total += _delete(expired)
    return total


def _delete(comments: QuerySet[ResidentComment]) -> int:
    _total, by_model = comments.delete()
    return by_model.get(ResidentComment._meta.label, 0)


def _comment_log_entries() -> QuerySet[ModelLogEntry]:
    content_type = ContentType.objects.get_for_model(
        ResidentComment, for_concrete_model=False
    )
    return ModelLogEntry.objects.filter(content_type=content_type)


def _erased_label_expression() -> Concat:
    """SQL for the neutral label of an entry, built from its own object_id."""
    with translation.override(settings.LANGUAGE_CODE):
        template = str(ERASED_LABEL)
    prefix, _pk, suffix = template.partition("%(pk)s")
    return Concat(
        Value(prefix), F("object_id"), Value(suffix), output_field=TextField()
    )


def _orphaned_entries_to_scrub(
    *, also_ids: QuerySet | None = None
) -> QuerySet[ModelLogEntry]:
    """Audit entries of comments that are gone and still carry another label.

    Labels written before ``ResidentComment.__str__`` stopped naming the
    author hold the author's name; this catches those too. ``also_ids``
    (a values() query of comment ids as text) adds comments about to go.
    """
    gone = ~Q(object_id__in=_ids_as_text(ResidentComment.objects.all()))
    if also_ids is not None:
        gone |= Q(object_id__in=also_ids)
    return _comment_log_entries().filter(gone).exclude(label=_erased_label_expression())


def _ids_as_text(comments: QuerySet[ResidentComment]) -> QuerySet:
    return comments.annotate(pk_text=Cast("pk", output_field=CharField())).values(
        "pk_text"
    )


@transaction.atomic
def comments_apply_retention(
    *, now: datetime | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Delete what the sites' discussion settings say may no longer be kept.

    Per site, with its "rejected_retention_days": rejected and spam comments
    decided (``moderated_at``, or ``created_at`` if never decided) longer ago
    than that, and withdrawn comments likewise. Also the expired unverified
    comments (:func:`purge_unverified_comments`), finished email deliveries
    without a comment older than the longest window of any site, and the
    author's name in the audit labels of every comment that is gone.

    Returns how many of each kind were deleted (or, with ``dry_run``, would
    be): ``rejected``, ``spam``, ``withdrawn``, ``unverified``,
    ``email_deliveries`` and ``audit_entries`` (labels made neutral).
    """
    now = now or timezone.now()
    counts = dict.fromkeys(
        ["rejected", "spam", "withdrawn", "unverified", "email_deliveries"], 0
    )
    doomed = ResidentComment.objects.none()
    longest_window = None
    for site, scope in _site_scopes():
        window = timedelta(
            days=DiscussionSettings.for_site(site).rejected_retention_days
        )
        longest_window = max(window, longest_window or window)
        old = (
            ResidentComment.objects.filter(scope)
            .annotate(decided_at=Coalesce("moderated_at", "created_at"))
            .filter(decided_at__lt=now - window)
        )
        for kind, status in [
            ("rejected", S.REJECTED),
            ("spam", S.SPAM),
            ("withdrawn", S.WITHDRAWN),
        ]:
            comments = old.filter(status=status)
            if dry_run:
                counts[kind] += comments.count()
                doomed |= ResidentComment.objects.filter(pk__in=comments.values("pk"))
            else:
                counts[kind] += _delete(comments)

    counts["unverified"] = purge_unverified_comments(now=now, dry_run=dry_run)

    if longest_window is not None:
        deliveries = EmailDelivery.objects.filter(
            comment__isnull=True,
            status__in=_FINISHED_DELIVERY,
            created_at__lt=now - longest_window,
        )
        if dry_run:
            counts["email_deliveries"] = deliveries.count()
        else:
            _total, by_model = deliveries.delete()
            counts["email_deliveries"] = by_model.get(EmailDelivery._meta.label, 0)

    entries = _orphaned_entries_to_scrub(
        also_ids=_ids_as_text(doomed) if dry_run else None
    )
    if dry_run:
        counts["audit_entries"] = entries.count()
    else:
        counts["audit_entries"] = entries.update(label=_erased_label_expression())
    return counts


# --- access and erasure -------------------------------------------------------------


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
        _comment_log_entries()
        .filter(object_id__in=_ids_as_text(comments))
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
    entries = _comment_log_entries().filter(object_id__in=ids)
    entries.update(label=_erased_label_expression())
    for entry in entries.only("pk", "data"):
        scrubbed = _scrub_data(entry.data, needles)
        if scrubbed != entry.data:
            entry.data = scrubbed
            entry.save(update_fields=["data"])
    count = _delete(ResidentComment.objects.filter(pk__in=[c.pk for c in comments]))
    # No address, no name: this line may end up in any log collector.
    logger.info("Erased %d comments on a resident's request", count)
    return count
