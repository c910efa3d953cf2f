"""Moderators' decisions on comments, one at a time or in bulk.

Each function checks that the actor moderates the comment's principle, moves
the status with :func:`comment_transition` (first moderator wins, the audit
log records who, when, from, to and why) and, when the discussion settings
say so, enqueues the commenter's email in the same transaction.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from feedback.identity import email_hash
from feedback.models import CommentStatus, EmailDelivery, ResidentComment
from feedback.permissions import (
    can_moderate_comment,
    can_moderate_principle,
    comments_moderatable_by,
)
from feedback.selectors_moderation import discussion_settings
from news.models import Principle

from .transitions import (
    ConcurrentChangeError,
    TransitionError,
    comment_log,
    comment_transition,
)

S = CommentStatus


class ModerationError(TransitionError):
    """The moderator may not do this; nothing was changed."""


class NotAllowedError(ModerationError):
    """The actor does not moderate the comment's principle."""


class SelfModerationError(ModerationError):
    """The actor wrote the comment (same verified address)."""


class ReasonRequiredError(ModerationError):
    """Rejecting needs a reason."""


def _check_actor(actor, comment: ResidentComment) -> None:
    if not can_moderate_comment(actor, comment):
        raise NotAllowedError(
            _("Du får inte moderera kommentarer om den här principen."),
            comment=comment,
        )


def _check_not_own(actor, comment: ResidentComment) -> None:
    if actor.email and comment.email_hash == email_hash(actor.email):
        raise SelfModerationError(
            _("Du kan inte godkänna din egen kommentar."), comment=comment
        )


def _clean_reason(reason: str, comment: ResidentComment) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequiredError(_("Ange ett skäl för avvisningen."), comment=comment)
    return reason


def _notify(kind: str, comment: ResidentComment) -> None:
    # Imported here: feedback.delivery belongs to the resident side and imports
    # models; keeping the import late avoids a cycle at app loading.
    from feedback.delivery import delivery_enqueue

    delivery_enqueue(kind=kind, comment=comment)


@transaction.atomic
def comment_approve(
    *, comment: ResidentComment, actor, expected_status: str | None = None
) -> ResidentComment:
    """Publish ``comment`` (pending, or earlier rejected) and tell its author.

    Nobody approves their own comment. Raises a TransitionError subclass and
    changes nothing otherwise.
    """
    _check_actor(actor, comment)
    _check_not_own(actor, comment)
    comment = comment_transition(
        comment=comment,
        to_status=S.APPROVED,
        action="feedback.comment.approve",
        actor=actor,
        expected_status=expected_status,
    )
    if discussion_settings().notify_commenter_on_publish:
        _notify(EmailDelivery.Kind.PUBLISHED, comment)
    return comment


def _reject(*, comment, actor, reason, from_status, expected_status):
    _check_actor(actor, comment)
    reason = _clean_reason(reason, comment)
    expected = expected_status or comment.status
    if expected != from_status:
        raise TransitionError(
            _("Kommentaren har fel status för den här åtgärden."), comment=comment
        )
    comment = comment_transition(
        comment=comment,
        to_status=S.REJECTED,
        action="feedback.comment.reject",
        actor=actor,
        reason=reason,
        expected_status=expected,
    )
    if discussion_settings().notify_commenter_on_reject:
        _notify(EmailDelivery.Kind.REJECTED, comment)
    return comment


@transaction.atomic
def comment_reject(
    *,
    comment: ResidentComment,
    actor,
    reason: str,
    expected_status: str | None = None,
) -> ResidentComment:
    """Reject a pending comment with a reason (required) and tell its author why."""
    return _reject(
        comment=comment,
        actor=actor,
        reason=reason,
        from_status=S.PENDING,
        expected_status=expected_status,
    )


@transaction.atomic
def comment_revoke(
    *,
    comment: ResidentComment,
    actor,
    reason: str,
    expected_status: str | None = None,
) -> ResidentComment:
    """Take an approved comment down again (to rejected), with a reason."""
    return _reject(
        comment=comment,
        actor=actor,
        reason=reason,
        from_status=S.APPROVED,
        expected_status=expected_status,
    )


@transaction.atomic
def comment_mark_spam(
    *, comment: ResidentComment, actor, expected_status: str | None = None
) -> ResidentComment:
    """Mark a pending comment as spam; the author is not told."""
    _check_actor(actor, comment)
    return comment_transition(
        comment=comment,
        to_status=S.SPAM,
        action="feedback.comment.spam",
        actor=actor,
        expected_status=expected_status,
    )


@transaction.atomic
def comment_unreject(
    *, comment: ResidentComment, actor, expected_status: str | None = None
) -> ResidentComment:
    """Undo a rejection (or a spam verdict): the comment goes back to pending."""
    _check_actor(actor, comment)
    expected = expected_status or comment.status
    if expected not in (S.REJECTED, S.SPAM):
        raise TransitionError(
            _("Bara avvisade kommentarer och skräppost kan återställas."),
            comment=comment,
        )
    return comment_transition(
        comment=comment,
        to_status=S.PENDING,
        action="feedback.comment.unreject",
        actor=actor,
        expected_status=expected,
    )


@transaction.atomic
def comment_reclassify(
    *,
    comment: ResidentComment,
    actor,
    principle: Principle,
    expected_principle_id: int | None = None,
) -> ResidentComment:
    """Move ``comment`` to another principle; its status does not change.

    A conditional UPDATE on the principle the moderator saw, like a status
    transition, so that of two moderators reclassifying at once one wins. The
    actor must moderate both the old and the new principle; a pending comment
    is announced to the new principle's moderators.
    """
    _check_actor(actor, comment)
    if not can_moderate_principle(actor, principle):
        raise NotAllowedError(
            _("Du får inte flytta kommentarer till den principen."), comment=comment
        )
    from_id = expected_principle_id or comment.principle_id
    if principle.pk == from_id:
        raise TransitionError(
            _("Kommentaren hör redan till den principen."), comment=comment
        )
    updated = ResidentComment.objects.filter(
        pk=comment.pk, principle_id=from_id
    ).update(principle=principle)
    if not updated:
        raise ConcurrentChangeError(
            _("Kommentaren har redan ändrats av någon annan. Ingenting ändrades."),
            comment=comment,
        )
    from_name = Principle.objects.filter(pk=from_id).values_list("name", flat=True)
    comment.refresh_from_db()
    if comment.status == S.PENDING:
        # The new principle's moderators have not heard of this comment yet.
        from feedback.notifications import notify_moderators_of_pending

        notify_moderators_of_pending(comment)
    comment_log(
        comment=comment,
        action="feedback.comment.reclassify",
        actor=actor,
        from_principle=from_name.first() or "",
        to_principle=principle.name,
    )
    return comment


@dataclass
class BulkResult:
    """What a bulk action did: the comments changed and those left alone."""

    done: list[ResidentComment] = field(default_factory=list)
    skipped: list[tuple[ResidentComment, str]] = field(default_factory=list)


def _bulk(action, *, comments, actor, **kwargs) -> BulkResult:
    """Apply ``action`` to each of ``comments`` the actor moderates.

    Each comment moves on its own (a savepoint each): one that someone else
    changed meanwhile, or that is the actor's own, is skipped with the reason
    and the rest still go through.
    """
    result = BulkResult()
    for comment in comments:
        try:
            result.done.append(action(comment=comment, actor=actor, **kwargs))
        except TransitionError as error:
            result.skipped.append((comment, str(error)))
    return result


def selected_comments(*, actor, ids) -> list[ResidentComment]:
    """The comments with ``ids`` that ``actor`` may moderate, oldest first."""
    return list(
        comments_moderatable_by(actor, ResidentComment.objects.filter(pk__in=ids))
        .select_related("principle")
        .order_by("created_at", "pk")
    )


@transaction.atomic
def comments_bulk_approve(*, comments, actor) -> BulkResult:
    """Approve each of ``comments`` (see :func:`comment_approve`)."""
    return _bulk(comment_approve, comments=comments, actor=actor)


@transaction.atomic
def comments_bulk_reject(*, comments, actor, reason: str) -> BulkResult:
    """Reject each pending one of ``comments`` with the same reason."""
    if not (reason or "").strip():
        raise ReasonRequiredError(_("Ange ett skäl för avvisningen."))
    return _bulk(comment_reject, comments=comments, actor=actor, reason=reason)


@transaction.atomic
def comments_bulk_mark_spam(*, comments, actor) -> BulkResult:
    """Mark each pending one of ``comments`` as spam."""
    return _bulk(comment_mark_spam, comments=comments, actor=actor)
