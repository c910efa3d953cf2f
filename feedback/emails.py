"""What each email says: one builder per EmailDelivery kind.

The worker calls the builder when it sends (feedback.delivery), so an email
always reflects the comment as it is then, and the EmailDelivery row stores
neither address nor text. A builder returns None when there is nothing to
send any more (the comment moved on, the moderator opted out). Templates are
templates/email/<name>.txt and .html; every email is in Swedish.

:func:`register_email_builders` is called from ``FeedbackConfig.ready()``.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from feedback.delivery import email_builder, render_email
from feedback.links import (
    comment_admin_url,
    comment_public_url,
    queue_url,
    suppress_url,
    url,
    verification_url,
    withdraw_url,
)
from feedback.models import CommentStatus, EmailDelivery, ModeratorPreference
from feedback.permissions import comments_moderatable_by
from feedback.selectors_moderation import pending_queues
from portal.links import absolute_url

Kind = EmailDelivery.Kind


def build_verification_email(delivery):
    """To the resident: the link, its expiry, the article's title; no comment text."""
    comment = delivery.comment
    if (
        comment is None
        or comment.status != CommentStatus.UNVERIFIED
        or not comment.token_nonce
    ):
        return None
    with translation.override("sv"):
        return render_email(
            subject=_("Bekräfta din kommentar"),
            template="verification",
            context={
                "article_title": comment.article.title,
                "confirm_url": verification_url(comment),
                "withdraw_url": withdraw_url(comment),
                "suppress_url": suppress_url(comment),
                "expires_at": timezone.localtime(comment.token_expires_at),
            },
            to=comment.author_email,
            article=comment.article,
        )


def _commenter_message(delivery, *, status, subject, template, **extra):
    comment = delivery.comment
    # The comment may have moved on (or been withdrawn) before the worker
    # got to it; then this email would be wrong, so it is not sent.
    if comment is None or comment.status != status:
        return None
    with translation.override("sv"):
        return render_email(
            subject=str(subject),
            template=template,
            context={
                "comment": comment,
                "article": comment.article,
                "comment_url": comment_public_url(comment),
                **extra,
            },
            to=comment.author_email,
            article=comment.article,
        )


def build_comment_published(delivery):
    """To the commenter: the comment is published, with a link to it."""
    return _commenter_message(
        delivery,
        status=CommentStatus.APPROVED,
        subject=_("Din kommentar är publicerad"),
        template="comment_published",
    )


def _rejection_message(delivery, *, subject, taken_down):
    comment = delivery.comment
    return _commenter_message(
        delivery,
        status=CommentStatus.REJECTED,
        subject=subject,
        template="comment_rejected",
        reason=comment.moderation_reason if comment else "",
        taken_down=taken_down,
    )


def build_comment_rejected(delivery):
    """To the commenter: the comment was not published, and why."""
    return _rejection_message(
        delivery, subject=_("Din kommentar publicerades inte"), taken_down=False
    )


def build_comment_taken_down(delivery):
    """To the commenter: the published comment was taken down, and why."""
    return _rejection_message(
        delivery, subject=_("Din kommentar har tagits bort"), taken_down=True
    )


def build_official_reply(delivery):
    """To the commenter: the municipality has answered the comment."""
    comment = delivery.comment
    reply = getattr(comment, "official_reply", None) if comment else None
    if reply is None:
        return None
    return _commenter_message(
        delivery,
        status=CommentStatus.APPROVED,
        subject=_("Kommunen har svarat på din kommentar"),
        template="official_reply",
        reply=reply,
    )


def _wants_mail(user) -> bool:
    if not (user and user.is_active and user.email):
        return False
    preference = ModeratorPreference.objects.filter(user=user).first()
    return preference is None or preference.receive_notifications


def build_moderation_pending(delivery):
    """To one moderator: a comment is waiting in a queue of theirs."""
    comment, user = delivery.comment, delivery.recipient_user
    if (
        comment is None
        or comment.status != CommentStatus.PENDING
        or not _wants_mail(user)
    ):
        return None
    if not comments_moderatable_by(user).filter(pk=comment.pk).exists():
        return None
    with translation.override("sv"):
        return render_email(
            subject=_("Ny kommentar att granska: %(principle)s")
            % {"principle": comment.principle.name},
            template="moderation_pending",
            context={
                "comment": comment,
                "article": comment.article,
                "admin_url": comment_admin_url(comment),
                "user": user,
            },
            to=user.email,
            article=comment.article,
        )


def build_moderation_digest(delivery):
    """To one moderator: what waits in each of their queues right now."""
    user = delivery.recipient_user
    if not _wants_mail(user):
        return None
    queues = [queue for queue in pending_queues(user) if queue.pending]
    if not queues:
        return None
    with translation.override("sv"):
        return render_email(
            subject=_("Kommentarer väntar på granskning (%(count)d)")
            % {"count": sum(queue.pending for queue in queues)},
            template="moderation_digest",
            context={
                "queues": [
                    {
                        "principle": queue.principle,
                        "pending": queue.pending,
                        "url": absolute_url(queue_url(queue.principle)),
                    }
                    for queue in queues
                ],
                "queue_url": absolute_url(url("list")),
                "user": user,
            },
            to=user.email,
        )


BUILDERS = {
    Kind.VERIFICATION: build_verification_email,
    Kind.PUBLISHED: build_comment_published,
    Kind.REJECTED: build_comment_rejected,
    Kind.TAKEN_DOWN: build_comment_taken_down,
    Kind.REPLY: build_official_reply,
    Kind.MODERATOR: build_moderation_pending,
    Kind.DIGEST: build_moderation_digest,
}


def register_email_builders() -> None:
    for kind, builder in BUILDERS.items():
        email_builder(kind)(builder)
