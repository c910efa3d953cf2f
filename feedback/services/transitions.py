"""The comment lifecycle: which moves are allowed, and how one is applied.

Every change of status goes through :func:`comment_transition`: a conditional
UPDATE on the status the caller saw (so of two moderators acting at once the
first wins and the second gets :class:`ConcurrentChangeError`), and an entry in
Wagtail's audit log with who, when, from, to and why.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from feedback.models import CommentStatus, ResidentComment

S = CommentStatus

# from-status -> statuses it may move to. Deleting (purge, erasure) is not a
# transition; withdrawal is possible from every living state.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNVERIFIED: frozenset({S.PENDING, S.WITHDRAWN}),
    S.PENDING: frozenset({S.APPROVED, S.REJECTED, S.SPAM, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.REJECTED, S.WITHDRAWN}),
    S.REJECTED: frozenset({S.PENDING, S.APPROVED, S.WITHDRAWN}),
    S.SPAM: frozenset({S.PENDING, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}

# Audit-log action names, registered in feedback.wagtail_hooks.
LOG_ACTIONS = {
    "feedback.comment.verify": (_("Bekräfta kommentar"), _("Kommentaren bekräftades")),
    "feedback.comment.approve": (_("Godkänn kommentar"), _("Kommentaren godkändes")),
    "feedback.comment.auto_approve": (
        _("Godkänn kommentar automatiskt"),
        _("Kommentaren godkändes automatiskt"),
    ),
    "feedback.comment.reject": (_("Avvisa kommentar"), _("Kommentaren avvisades")),
    "feedback.comment.spam": (
        _("Markera som skräppost"),
        _("Kommentaren markerades som skräppost"),
    ),
    "feedback.comment.unreject": (
        _("Ångra avvisning"),
        _("Avvisningen ångrades"),
    ),
    "feedback.comment.withdraw": (
        _("Återkalla kommentar"),
        _("Kommentaren återkallades av skribenten"),
    ),
    "feedback.comment.reclassify": (
        _("Byt princip"),
        _("Kommentaren flyttades till en annan princip"),
    ),
    "feedback.comment.reply": (
        _("Kommunen svarar"),
        _("Kommunen publicerade ett svar"),
    ),
}


class TransitionError(Exception):
    """The comment cannot move from its status to the one asked for."""

    def __init__(self, message, *, comment=None):
        super().__init__(message)
        self.comment = comment


class ConcurrentChangeError(TransitionError):
    """Someone else changed the comment first; nothing was applied."""


@dataclass(frozen=True)
class Transition:
    from_status: str
    to_status: str


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


@transaction.atomic
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

    ``expected_status`` defaults to the status the caller's instance carries.
    ``fields`` are further columns written in the same UPDATE. Moderator
    transitions also stamp ``moderated_at``/``moderated_by`` and the reason.
    Returns the refreshed comment; raises TransitionError or
    ConcurrentChangeError and changes nothing otherwise.
    """
    from_status = expected_status or comment.status
    if not can_transition(from_status, to_status):
        raise TransitionError(
            _("En kommentar med status ”%(from)s” kan inte bli ”%(to)s”.")
            % {"from": S(from_status).label, "to": S(to_status).label},
            comment=comment,
        )
    updates = {"status": to_status, **(fields or {})}
    if actor is not None:
        updates.update(
            moderated_at=timezone.now(), moderated_by=actor, moderation_reason=reason
        )
    updated = ResidentComment.objects.filter(pk=comment.pk, status=from_status).update(
        **updates
    )
    if not updated:
        raise ConcurrentChangeError(
            _("Kommentaren har redan ändrats av någon annan. Ingenting ändrades."),
            comment=comment,
        )
    comment.refresh_from_db()
    comment_log(
        comment=comment,
        action=action,
        actor=actor,
        from_status=from_status,
        reason=reason,
    )
    return comment


def comment_log(
    *,
    comment: ResidentComment,
    action: str,
    actor=None,
    from_status: str | None = None,
    reason: str = "",
    **extra,
):
    """Write a comment's audit-log entry in the one shape every entry has.

    ``data`` always carries ``from``, ``to`` and ``reason`` (for an event that
    is not a status change, such as a reply, from and to are the same);
    ``extra`` adds keys of its own.
    """
    return log(
        instance=comment,
        action=action,
        user=actor,
        data={
            "from": from_status or comment.status,
            "to": comment.status,
            "reason": reason,
            **extra,
        },
    )
