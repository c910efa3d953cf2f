"""How a status change is applied: the one UPDATE, the audit entry, the event.

Every change of status goes through :func:`comment_transition`: a conditional
UPDATE on the status the caller saw (so of two moderators acting at once the
first wins and the second gets :class:`ConcurrentChangeError`), an entry in
Wagtail's audit log with who, when, from, to and why, and the announcement
``feedback.signals.comment_transitioned`` (in the transaction) and
``comment_transition_committed`` (after it). Which moves exist is declared in
``feedback.services.actions``.
"""

import logging
from functools import partial

from django.db import connection, transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.models import CommentStatus, ResidentComment
from feedback.signals import comment_transition_committed, comment_transitioned

from . import actions
from .audit import comment_log
from .rendering import body_html_for

logger = logging.getLogger(__name__)

# from-status -> the statuses it may move to, as the actions declare them.
ALLOWED_TRANSITIONS = actions.allowed_transitions()

CONCURRENT_CHANGE_MESSAGE = _(
    "Kommentaren har redan ändrats av någon annan. Ingenting ändrades."
)


class TransitionError(Exception):
    """The comment cannot move from its status to the one asked for."""

    def __init__(self, message, *, comment=None):
        super().__init__(message)
        self.comment = comment


class ConcurrentChangeError(TransitionError):
    """Someone else changed the comment first; nothing was applied."""


def _move(comment, from_status, to_status, action):
    """The declared move from ``from_status`` to ``to_status`` by ``action``."""
    move = actions.find(log_action=action, from_status=from_status, to_status=to_status)
    if move is None:
        raise TransitionError(
            _("En kommentar med status ”%(from)s” kan inte bli ”%(to)s”.")
            % {
                "from": CommentStatus(from_status).label,
                "to": CommentStatus(to_status).label,
            },
            comment=comment,
        )
    return move


def _updates(comment, to_status, actor, reason, fields, now) -> dict:
    """The columns a move writes: the status and what goes with it."""
    updates = {"status": to_status, **(fields or {})}
    if to_status == CommentStatus.APPROVED:
        # Rendered once, here, instead of on every page that shows it.
        updates["body_html"] = body_html_for(comment.body)
    if actor is not None:
        updates.update(moderated_at=now, moderated_by=actor, moderation_reason=reason)
    return updates


def comment_transition(
    *,
    comment: ResidentComment,
    to_status: str,
    action: str,
    actor=None,
    reason: str = "",
    expected_status: str | None = None,
    fields: dict | None = None,
) -> ResidentComment:
    """Move ``comment`` to ``to_status`` if nobody changed it meanwhile.

    ``action`` is the audit-log name of an action in feedback.services.actions
    that leads from the comment's status to ``to_status``. ``expected_status``
    defaults to the status the caller's instance carries. ``fields`` are
    further columns written in the same UPDATE. Moderator transitions also
    stamp ``moderated_at``/``moderated_by`` and the reason. Returns the
    refreshed comment; raises TransitionError or ConcurrentChangeError and
    changes nothing otherwise.
    """
    from_status = expected_status or comment.status
    move = _move(comment, from_status, to_status, action)
    updates = _updates(comment, to_status, actor, reason, fields, timezone.now())
    # No savepoint of its own: a refused move writes nothing and is raised
    # after the block, so the caller's transaction stays usable; any other
    # error fails the caller's transaction with it, which is what it must do.
    with transaction.atomic(savepoint=False):
        updated = ResidentComment.objects.filter(
            pk=comment.pk, status=from_status
        ).update(**updates)
        if updated:
            _applied(comment, move, from_status, to_status, updates, actor, reason)
    if not updated:
        raise ConcurrentChangeError(CONCURRENT_CHANGE_MESSAGE, comment=comment)
    return comment


def comments_transition(
    *,
    comments,
    to_status: str,
    action: str,
    actor=None,
    reason: str = "",
    expected_statuses: dict[int, str] | None = None,
) -> tuple[list[ResidentComment], list[tuple[ResidentComment, TransitionError]]]:
    """:func:`comment_transition` for many comments, in a few statements.

    ``expected_statuses`` maps comment ids to the status the caller saw (by
    default the status each instance carries). Each comment moves from that
    status, if nobody changed it meanwhile, with the same audit entry and
    events as one by one. The rows are locked first (in id order, so two
    batches at once cannot deadlock); a comment whose status is no longer
    the expected one is refused with ConcurrentChangeError, one that the
    move does not apply to with TransitionError, and the others are written
    by one UPDATE per status they leave (per chunk of the database's batch
    size). Returns the comments moved and the refused ones with why; call it
    in a transaction (the locks last until it ends).
    """
    expected_statuses = expected_statuses or {}
    moved, refused, moves = [], [], {}
    for comment in comments:
        expected = expected_statuses.get(comment.pk, comment.status)
        try:
            moves[comment.pk] = (expected, _move(comment, expected, to_status, action))
        except TransitionError as error:
            refused.append((comment, error))
    candidates = list({c.pk: c for c in comments if c.pk in moves}.values())
    if not candidates:
        return moved, refused
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        current = dict(
            ResidentComment.objects.select_for_update()
            .filter(pk__in=[comment.pk for comment in candidates])
            .order_by("pk")
            .values_list("pk", "status")
        )
        by_status: dict[str, list] = {}
        for comment in candidates:
            from_status = moves[comment.pk][0]
            if current.get(comment.pk) != from_status:
                changed = ConcurrentChangeError(
                    CONCURRENT_CHANGE_MESSAGE, comment=comment
                )
                refused.append((comment, changed))
                continue
            updates = _updates(comment, to_status, actor, reason, None, now)
            by_status.setdefault(from_status, []).append((comment, updates))
        for from_status, group in by_status.items():
            _update_locked(group, from_status)
            for comment, updates in group:
                move = moves[comment.pk][1]
                _applied(comment, move, from_status, to_status, updates, actor, reason)
                moved.append(comment)
    return moved, refused


def _update_locked(group, from_status) -> None:
    """Write each (comment, updates) of ``group``, rows locked and in
    ``from_status``: the columns all share, and those that differ (the
    rendered HTML) as a CASE on the id."""
    # Parameters per comment: its id in the IN list, and its id and value in
    # each CASE; a fourth leaves room for the values all share.
    limit = connection.features.max_query_params
    size = limit // 4 if limit else len(group)
    for start in range(0, len(group), size):
        chunk = group[start : start + size]
        ids = [comment.pk for comment, _updates in chunk]
        shared = dict(chunk[0][1])
        varying = {
            name
            for _comment, updates in chunk
            for name, value in updates.items()
            if shared.get(name) != value
        }
        for name in varying:
            shared[name] = Case(
                *(
                    When(pk=comment.pk, then=Value(updates[name]))
                    for comment, updates in chunk
                ),
                output_field=ResidentComment._meta.get_field(name),
            )
        updated = ResidentComment.objects.filter(pk__in=ids, status=from_status).update(
            **shared
        )
        if updated != len(ids):  # the rows are locked: only a bug gets here
            raise RuntimeError(f"{len(ids)} locked comments, {updated} updated")


def _applied(comment, move, from_status, to_status, updates, actor, reason) -> None:
    """What follows a move that took place: the audit entry and the events."""
    # The conditional UPDATE succeeded, so the row is the instance plus these
    # values: set them rather than read the row back (one query less a
    # comment, which a bulk action of a thousand feels).
    for name, value in updates.items():
        setattr(comment, name, value)
    comment_log(
        comment=comment,
        action=move.log.name,
        actor=actor,
        from_status=from_status,
        reason=reason,
    )
    event = {
        "comment": comment,
        "action": move,
        "from_status": from_status,
        "to_status": to_status,
        "actor": actor,
        "reason": reason,
    }
    comment_transitioned.send(sender=ResidentComment, **event)
    transaction.on_commit(partial(_announce_committed, event))


def _announce_committed(event: dict) -> None:
    # The change is committed: a failing reaction must not turn the request
    # that made it into an error.
    for receiver, result in comment_transition_committed.send_robust(
        sender=ResidentComment, **event
    ):
        if isinstance(result, Exception):
            logger.error(
                "Reaction %s to comment %s failed",
                receiver,
                event["comment"].pk,
                exc_info=result,
            )
