"""Retention: delete what the discussion settings say may no longer be kept.

Run daily (``manage.py apply_retention``). Deleting is not a transition (see
``feedback.services.actions``); the audit-log entries of a deleted comment
stay but lose whatever named its author (feedback.services.audit).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    ResidentComment,
)
from feedback.selectors_discussion import site_scopes
from feedback.tokens import expiry_hours

from .audit import comment_log_entries, erased_label_expression, ids_as_text

# Deliveries still in flight are left to the worker.
_FINISHED_DELIVERY = [
    EmailDelivery.Status.SENT,
    EmailDelivery.Status.FAILED,
    EmailDelivery.Status.SUPPRESSED,
]


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
    for site, scope in site_scopes():
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
            total += delete_comments(expired)
    return total


def delete_comments(comments: QuerySet[ResidentComment]) -> int:
    _total, by_model = comments.delete()
    return by_model.get(ResidentComment._meta.label, 0)


def _orphaned_entries_to_scrub(
    *, also_ids: QuerySet | None = None
) -> QuerySet[ModelLogEntry]:
    """Audit entries of comments that are gone and still carry another label.

    Labels written before ``ResidentComment.__str__`` stopped naming the
    author hold the author's name; this catches those too. ``also_ids``
    (a values() query of comment ids as text) adds comments about to go.
    """
    gone = ~Q(object_id__in=ids_as_text(ResidentComment.objects.all()))
    if also_ids is not None:
        gone |= Q(object_id__in=also_ids)
    return comment_log_entries().filter(gone).exclude(label=erased_label_expression())


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
    for site, scope in site_scopes():
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
            ("rejected", CommentStatus.REJECTED),
            ("spam", CommentStatus.SPAM),
            ("withdrawn", CommentStatus.WITHDRAWN),
        ]:
            comments = old.filter(status=status)
            if dry_run:
                counts[kind] += comments.count()
                doomed |= ResidentComment.objects.filter(pk__in=comments.values("pk"))
            else:
                counts[kind] += delete_comments(comments)

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
        also_ids=ids_as_text(doomed) if dry_run else None
    )
    if dry_run:
        counts["audit_entries"] = entries.count()
    else:
        counts["audit_entries"] = entries.update(label=erased_label_expression())
    return counts
