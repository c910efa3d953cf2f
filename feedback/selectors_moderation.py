"""Reads for the moderation screens: queue, history, dashboard and report.

Everything here takes the user whose view it is and narrows to the principles
that user moderates (feedback.permissions), so no screen can forget to.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
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


HISTORY_STATUSES = (CommentStatus.APPROVED, CommentStatus.REJECTED)


def attach_author_history(comments) -> list[ResidentComment]:
    """Set ``author_approved``/``author_rejected`` on each of ``comments``.

    The counts per status of every comment from the same verified address, in
    one grouped query over the addresses of these comments only (an index on
    email_hash and status covers it). A listing calls it for the rows of the
    page it shows, so its cost does not grow with the rows OFFSET skips.
    """
    comments = list(comments)
    hashes = {comment.email_hash for comment in comments}
    counts = {}
    if hashes:
        rows = (
            ResidentComment.objects.filter(
                email_hash__in=hashes, status__in=HISTORY_STATUSES
            )
            .order_by()
            .values_list("email_hash", "status")
            .annotate(n=Count("pk"))
        )
        counts = {(hashed, status): n for hashed, status, n in rows}
    for comment in comments:
        comment.author_approved = counts.get(
            (comment.email_hash, CommentStatus.APPROVED), 0
        )
        comment.author_rejected = counts.get(
            (comment.email_hash, CommentStatus.REJECTED), 0
        )
    return comments


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


def page_rows(ids, queryset) -> list[ResidentComment]:
    """The comments with ``ids`` from ``queryset``, in the order of ``ids``,
    with their author's history.

    A listing pages through bare ids (one narrow, index-ordered query) and
    then loads and annotates only the rows it shows.
    """
    ids = list(ids)
    by_pk = {comment.pk: comment for comment in queryset.filter(pk__in=ids).order_by()}
    return attach_author_history(by_pk[pk] for pk in ids if pk in by_pk)


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


def _pending_of_principle():
    """Pending comments of the outer query's principle, read from the partial
    index on pending comments (feedback_rc_pending), never the whole table."""
    return (
        ResidentComment.objects.filter(
            principle=OuterRef("pk"), status=CommentStatus.PENDING
        )
        .order_by()
        .values("principle")
    )


def _pending_aggregate(aggregate, output_field):
    return Subquery(
        _pending_of_principle().annotate(value=aggregate).values("value"),
        output_field=output_field,
    )


def with_pending(queryset):
    """Annotate principles with ``pending_count``, ``oldest_verified`` and
    ``oldest_created`` of their pending comments."""
    return queryset.annotate(
        pending_count=Coalesce(
            _pending_aggregate(Count("pk"), IntegerField()), Value(0)
        ),
        oldest_verified=_pending_aggregate(Min("verified_at"), DateTimeField()),
        oldest_created=_pending_aggregate(Min("created_at"), DateTimeField()),
    )


def pending_queues(user) -> list[PrincipleQueue]:
    """Per principle ``user`` moderates: pending count and oldest pending time.

    One query, whose cost follows the number of pending comments, not of all
    comments: it runs on every admin page (the menu shows the counts). The
    age counts from confirmation, when the comment entered the queue
    (creation time for the odd comment without one).
    """
    return [
        PrincipleQueue(
            principle=p,
            pending=p.pending_count,
            oldest_pending_at=p.oldest_verified or p.oldest_created,
        )
        for p in with_pending(principles_moderated_by(user))
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
    # Exists rather than a count: no GROUP BY, so the pending subquery runs
    # once per principle found and the planner's estimate stays small (a
    # grouped version was estimated so high that PostgreSQL compiled it with
    # JIT, half a second on every dashboard).
    active_moderator = Principle.moderator_groups.through.objects.filter(
        principle=OuterRef("pk"), group__user__is_active=True
    )
    return Principle.objects.filter(~Exists(active_moderator)).annotate(
        pending=Coalesce(_pending_aggregate(Count("pk"), IntegerField()), Value(0))
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
