""" "Kommunen svarar": the municipality's official reply under a comment."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from feedback.signals import official_reply_published

from .actions import REPLY_LOG
from .audit import comment_log
from .moderation import ModerationError, check_may_moderate
from .rendering import body_html_for

REPLY_MAX_LENGTH = 5000


@transaction.atomic
def reply_publish(*, comment: ResidentComment, actor, body: str) -> OfficialReply:
    """Publish (or replace) the official reply under an approved comment.

    The actor must moderate the comment's principle. The reply is logged on
    the comment in Wagtail's audit log and announced
    (``official_reply_published``: the commenter is emailed).
    """
    check_may_moderate(actor, comment)
    body = (body or "").strip()
    if not body:
        raise ModerationError(_("Skriv ett svar."), comment=comment)
    if len(body) > REPLY_MAX_LENGTH:
        raise ModerationError(
            _("Svaret får vara högst %(max)d tecken.") % {"max": REPLY_MAX_LENGTH},
            comment=comment,
        )
    # Lock the row so that the status we check is the one we reply under.
    comment = ResidentComment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != CommentStatus.APPROVED:
        raise ModerationError(
            _("Kommunen kan bara svara på publicerade kommentarer."), comment=comment
        )
    reply, created = OfficialReply.objects.update_or_create(
        comment=comment,
        defaults={"body": body, "body_html": body_html_for(body), "author": actor},
    )
    comment_log(
        comment=comment,
        action=REPLY_LOG.name,
        actor=actor,
        reply="created" if created else "updated",
    )
    official_reply_published.send(
        sender=ResidentComment,
        comment=comment,
        reply=reply,
        created=created,
        actor=actor,
    )
    return reply
