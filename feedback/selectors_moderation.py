"""Reads for the moderation screens: queue, history, dashboard and report.

Everything here takes the user whose view it is and narrows to the principles
that user moderates (feedback.permissions), so no screen can forget to.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from feedback.models import CommentStatus, ResidentComment
from feedback.permissions import comments_moderatable_by, principles_moderated_by
from news.models import Principle

# Statuses a moderator works with; unverified comments are not theirs yet.
MODERATION_STATUSES = (
    CommentStatus.PENDING,
    CommentStatus.APPROVED,
    CommentStatus.REJECTED,
    CommentStatus.SPAM,
    CommentStatus.WITHDRAWN,
)
DECIDED_STATUSES = (CommentStatus.APPROVED, CommentStatus.REJECTED, CommentStatus.SPAM)
# Below this reCAPTCHA v3 score a comment is flagged for a closer look.
LOW_RECAPTCHA_SCORE = 0.5


def flagged_q() -> Q:
    """Comments a moderator should look at twice: links, suspect words, low score."""
    return (
        Q(link_count__gt=0)
        | ~Q(suspect_words=[])
        | Q(recaptcha_score__lt=LOW_RECAPTCHA_SCORE)
    )


def _history_count(status: str):
    return Coalesce(
        Subquery(
            ResidentComment.objects.filter(
                email_hash=OuterRef("email_hash"), status=status
            )
            .order_by()
            .values("email_hash")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_author_history(queryset):
    """Annotate ``author_approved``/``author_rejected`` counts for the address.

    Correlated subqueries, so a listing page costs the same number of queries
    however many rows it shows.
    """
    return queryset.annotate(
        author_approved=_history_count(CommentStatus.APPROVED),
        author_rejected=_history_count(CommentStatus.REJECTED),
    )


def moderatable_comments(user):
    """Comments ``user`` may moderate, with their article and principle."""
    queryset = ResidentComment.objects.filter(status__in=MODERATION_STATUSES)
    return comments_moderatable_by(user, queryset).select_related(
        "article", "principle", "moderated_by"
    )


def selected_comments(*, actor, ids) -> list[ResidentComment]:
    """The comments with ``ids`` that ``actor`` may moderate, oldest first."""
    return list(
        comments_moderatable_by(actor, ResidentComment.objects.filter(pk__in=ids))
        .select_related("principle", "article")
        .order_by("created_at", "pk")
    )


def moderation_queryset(user):
    """Comments ``user`` may moderate, with what a queue row shows."""
    return with_author_history(moderatable_comments(user))


def author_history(comment: ResidentComment) -> dict:
    """Counts per status of every comment from the same verified address."""
    rows = (
        ResidentComment.objects.filter(email_hash=comment.email_hash)
        .exclude(pk=comment.pk)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    return {status: counts.get(status, 0) for status in CommentStatus.values}


@dataclass
class PrincipleQueue:
    principle: Principle
    pending: int
    oldest_pending_at: datetime.datetime | None

    @property
    def oldest_age(self) -> datetime.timedelta | None:
        if self.oldest_pending_at is None:
            return None
        return timezone.now() - self.oldest_pending_at


def pending_queues(user) -> list[PrincipleQueue]:
    """Per principle ``user`` moderates: pending count and oldest pending time.

    One query. The age counts from confirmation, when the comment entered the
    queue (creation time for the odd comment without one).
    """
    pending = Q(comments__status=CommentStatus.PENDING)
    principles = principles_moderated_by(user).annotate(
        pending_count=Count("comments", filter=pending),
        oldest_verified=Min("comments__verified_at", filter=pending),
        oldest_created=Min("comments__created_at", filter=pending),
    )
    return [
        PrincipleQueue(
            principle=p,
            pending=p.pending_count,
            oldest_pending_at=p.oldest_verified or p.oldest_created,
        )
        for p in principles
    ]


def with_active_moderator_count(queryset):
    """Annotate ``active_moderators``: active users in the moderator groups."""
    return queryset.annotate(
        active_moderators=Count(
            "moderator_groups__user",
            filter=Q(moderator_groups__user__is_active=True),
            distinct=True,
        )
    )


def principles_without_moderators():
    """Principles that no active member of a moderator group looks after.

    Nobody is mailed about their comments and no moderator of a single
    principle sees them; only holders of the moderate-every-principle
    permission and superusers do. Annotated with ``pending``, the comments
    waiting.
    """
    return (
        with_active_moderator_count(Principle.objects.all())
        .filter(active_moderators=0)
        .annotate(
            pending=Count(
                "comments",
                filter=Q(comments__status=CommentStatus.PENDING),
                distinct=True,
            )
        )
    )


@dataclass
class WeekRow:
    """Seven local days of the report, ``first_day`` to ``last_day`` inclusive."""

    first_day: datetime.date
    last_day: datetime.date
    received: int = 0
    approved: int = 0
    rejected: int = 0
    spam: int = 0
    decision_seconds: list[float] = field(default_factory=list, repr=False)

    @property
    def decided(self) -> int:
        return self.approved + self.rejected + self.spam

    @property
    def approval_rate(self) -> float | None:
        """Approved share of the decided comments, 0..1; None when none decided."""
        return self.approved / self.decided if self.decided else None

    @property
    def median_decision(self) -> datetime.timedelta | None:
        if not self.decision_seconds:
            return None
        return datetime.timedelta(seconds=statistics.median(self.decision_seconds))


def principle_report(
    user, principle: Principle, *, weeks: int = 12, today=None
) -> list[WeekRow]:
    """The report for one principle: the last ``weeks`` × 7 days, oldest first.

    The days are local calendar days and the newest seven end today, so the
    report always holds the days just gone, whatever the weekday, and every
    row is seven whole days (daylight-saving changes and the turn of the year
    move no boundary). A comment counts on the local day it was confirmed:
    ``received`` is every confirmed comment, the decision columns are the
    ones a moderator approved, rejected or marked as spam, and the median is
    taken over their time from confirmation to decision. Returns empty rows
    for a principle ``user`` does not moderate.
    """
    today = today or timezone.localdate()
    first_day = today - datetime.timedelta(days=7 * weeks - 1)
    rows = [
        WeekRow(
            first_day + datetime.timedelta(days=7 * i),
            first_day + datetime.timedelta(days=7 * i + 6),
        )
        for i in range(weeks)
    ]
    start = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time()))
    comments = comments_moderatable_by(
        user,
        ResidentComment.objects.filter(
            principle=principle, verified_at__gte=start
        ).exclude(status=CommentStatus.UNVERIFIED),
    ).values_list("status", "verified_at", "moderated_at")
    for status, verified_at, moderated_at in comments:
        index = (timezone.localdate(verified_at) - first_day).days // 7
        if not 0 <= index < weeks:
            continue
        row = rows[index]
        row.received += 1
        if status in DECIDED_STATUSES and moderated_at:
            setattr(row, status, getattr(row, status) + 1)
            row.decision_seconds.append((moderated_at - verified_at).total_seconds())
    return rows
