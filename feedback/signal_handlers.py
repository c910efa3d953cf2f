"""Connects the reactions to what the services announce (feedback.signals).

Called from ``FeedbackConfig.ready()``: every subscription is listed here.
"""

from feedback.models import ResidentComment
from feedback.notifications import (
    mail_commenter_on_reply,
    mail_commenter_on_transition,
    notify_moderators_on_pending,
)
from feedback.signals import (
    comment_awaits_moderation,
    comment_transitioned,
    official_reply_published,
)


def register_signal_handlers() -> None:
    comment_transitioned.connect(
        mail_commenter_on_transition,
        sender=ResidentComment,
        dispatch_uid="feedback.mail_commenter_on_transition",
    )
    comment_awaits_moderation.connect(
        notify_moderators_on_pending,
        sender=ResidentComment,
        dispatch_uid="feedback.notify_moderators_on_pending",
    )
    official_reply_published.connect(
        mail_commenter_on_reply,
        sender=ResidentComment,
        dispatch_uid="feedback.mail_commenter_on_reply",
    )
