"""Moderators' decisions on comments, one at a time or in bulk.

:func:`comment_act` applies any moderator action of feedback.services.actions:
it checks that the actor may (moderates the comment's principle, holds the
action's extra permission, is not its author where that matters), that a
reason is given where one is needed and that the comment is in a status the
action applies to, then moves it with :func:`comment_transition` (first
moderator wins; the audit log records who, when, from, to and why). The
commenter's email follows from the announcement (feedback.notifications).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from feedback.identity import email_hash
from feedback.models import CommentStatus, ResidentComment
from feedback.outbox import batched_deliveries
from feedback.permissions import can_moderate_comment, can_moderate_principle
from feedback.selectors_discussion import remembered_discussion_settings
from feedback.signals import comment_awaits_moderation, comment_reclassified
from news.models import Principle

from . import actions
from .actions import CommentAction
from .audit import batched_comment_log, comment_log
from .transitions import (
    CONCURRENT_CHANGE_MESSAGE,
    ConcurrentChangeError,
    TransitionError,
    comment_transition,
    comments_transition,
)


class ModerationError(TransitionError):
    """The moderator may not do this; nothing was changed."""


class NotAllowedError(ModerationError):
    """The actor does not moderate the comment's principle."""


class SelfModerationError(ModerationError):
    """The actor wrote the comment (same verified address)."""


class ReasonRequiredError(ModerationError):
    """Rejecting needs a reason."""


REASON_REQUIRED_MESSAGE = _("Ange ett skäl för avvisningen.")


def check_may_moderate(actor, comment: ResidentComment) -> None:
    """Raise NotAllowedError unless ``actor`` moderates the comment's principle."""
    if not can_moderate_comment(actor, comment):
        raise NotAllowedError(
            _("Du får inte moderera kommentarer om den här principen."),
            comment=comment,
        )


def _check_may_act(actor, comment: ResidentComment, action: CommentAction) -> None:
    check_may_moderate(actor, comment)
    if action.permission and not actor.has_perm(action.permission):
        raise NotAllowedError(_("Du får inte göra det här."), comment=comment)
    if (
        not action.allowed_on_own
        and actor.email
        and comment.email_hash == email_hash(actor.email)
    ):
        raise SelfModerationError(
            _("Du kan inte godkänna din egen kommentar."), comment=comment
        )


def _check_applies(comment, action: CommentAction, expected: str) -> None:
    if expected not in action.from_statuses:
        raise TransitionError(
            _("”%(action)s” går inte på en kommentar med status ”%(status)s”.")
            % {"action": action.label, "status": CommentStatus(expected).label},
            comment=comment,
        )


def _checked_reason(action: CommentAction, reason: str, comment=None) -> str:
    reason = (reason or "").strip() if action.needs_reason else ""
    if action.needs_reason and not reason:
        raise ReasonRequiredError(REASON_REQUIRED_MESSAGE, comment=comment)
    return reason


@transaction.atomic
def comment_act(
    *,
    action: CommentAction,
    comment: ResidentComment,
    actor,
    reason: str = "",
    expected_status: str | None = None,
) -> ResidentComment:
    """Take the moderator ``action`` on ``comment``, as the actor saw it.

    ``expected_status`` is the status the moderator's page showed (by default
    the instance's). Raises a TransitionError subclass and changes nothing
    when the actor may not, a needed reason is missing, the action does not
    apply to that status or someone changed the comment first.
    """
    _check_may_act(actor, comment, action)
    reason = _checked_reason(action, reason, comment)
    expected = expected_status or comment.status
    _check_applies(comment, action, expected)
    return comment_transition(
        comment=comment,
        to_status=action.to_status,
        action=action.log.name,
        actor=actor,
        reason=reason,
        expected_status=expected,
    )


# The moderator actions by name, for callers that know which one they want;
# each takes comment_act's arguments but the action.


def comment_approve(**kwargs) -> ResidentComment:
    """Publish a pending (or earlier rejected) comment; never one's own."""
    return comment_act(action=actions.APPROVE, **kwargs)


def comment_reject(**kwargs) -> ResidentComment:
    """Reject a pending comment with a reason (required)."""
    return comment_act(action=actions.REJECT, **kwargs)


def comment_revoke(**kwargs) -> ResidentComment:
    """Take an approved comment down again (to rejected), with a reason."""
    return comment_act(action=actions.REVOKE, **kwargs)


def comment_mark_spam(**kwargs) -> ResidentComment:
    """Mark a pending comment as spam; the author is not told."""
    return comment_act(action=actions.MARK_SPAM, **kwargs)


def comment_unreject(**kwargs) -> ResidentComment:
    """Undo a rejection (or a spam verdict): the comment goes back to pending."""
    return comment_act(action=actions.UNREJECT, **kwargs)


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
    check_may_moderate(actor, comment)
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
        raise ConcurrentChangeError(CONCURRENT_CHANGE_MESSAGE, comment=comment)
    from_name = Principle.objects.filter(pk=from_id).values_list("name", flat=True)
    comment.refresh_from_db()
    comment_reclassified.send(
        sender=ResidentComment, comment=comment, from_principle_id=from_id, actor=actor
    )
    if comment.status == CommentStatus.PENDING:
        # The new principle's moderators have not heard of this comment yet.
        comment_awaits_moderation.send(sender=ResidentComment, comment=comment)
    comment_log(
        comment=comment,
        action=actions.RECLASSIFY_LOG.name,
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


@transaction.atomic
def comments_bulk_act(
    *,
    action: CommentAction,
    comments,
    actor,
    reason: str = "",
    seen: dict[int, str] | None = None,
) -> BulkResult:
    """Take ``action`` on each of ``comments`` (see :func:`comment_act`).

    ``seen`` maps comment ids to the status the moderator's page showed (by
    default the instances' statuses). Each comment is judged on its own: one
    that someone else changed meanwhile, that the actor may not act on or
    that is in another status is skipped with the reason, and the rest still
    go through, in a few statements for the whole batch
    (:func:`comments_transition`), with the same audit entry, email and
    events each as one by one.
    """
    reason = _checked_reason(action, reason)
    seen = seen or {}
    result = BulkResult()
    allowed = []
    for comment in comments:
        try:
            _check_may_act(actor, comment, action)
            _check_applies(comment, action, seen.get(comment.pk, comment.status))
        except TransitionError as error:
            result.skipped.append((comment, str(error)))
        else:
            allowed.append(comment)
    # The reactions (the commenter's mail) read each article's rules once;
    # the audit entries, the emails and their tasks are written together at
    # the end.
    with (
        remembered_discussion_settings(),
        batched_comment_log(),
        batched_deliveries(),
    ):
        moved, refused = comments_transition(
            comments=allowed,
            to_status=action.to_status,
            action=action.log.name,
            actor=actor,
            reason=reason,
            expected_statuses=seen,
        )
    result.done = moved
    result.skipped += [(comment, str(error)) for comment, error in refused]
    return result


def comments_bulk_approve(*, comments, actor) -> BulkResult:
    """Approve each of ``comments``."""
    return comments_bulk_act(action=actions.APPROVE, comments=comments, actor=actor)


def comments_bulk_reject(*, comments, actor, reason: str) -> BulkResult:
    """Reject each pending one of ``comments`` with the same reason."""
    return comments_bulk_act(
        action=actions.REJECT, comments=comments, actor=actor, reason=reason
    )


def comments_bulk_mark_spam(*, comments, actor) -> BulkResult:
    """Mark each pending one of ``comments`` as spam."""
    return comments_bulk_act(action=actions.MARK_SPAM, comments=comments, actor=actor)
