"""Email about moderation: to commenters, and to moderators about their queues.

The messages are built here, when the worker sends them (``@email_builder``
from feedback.delivery), so an email always reflects the comment as it is at
sending time and the EmailDelivery row stores neither address nor text.

Moderators hear about new pending comments in one of two ways, by the
discussion settings: immediately (:func:`notify_moderators_of_pending`, called
when a comment is confirmed) or as a digest every N minutes
(:func:`send_moderation_digests`, run by the ``send_moderation_digests``
management command from cron or a loop next to the worker).
"""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from feedback.admin.links import detail_url, queue_url, url
from feedback.delivery import delivery_enqueue, email_builder, render_email
from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    ModeratorPreference,
    ResidentComment,
)
from feedback.permissions import (
    comments_moderatable_by,
    moderators_of_principle,
    principles_moderated_by,
)
from feedback.selectors_moderation import discussion_settings, pending_queues
from portal.links import absolute_url, page_absolute_url

Kind = EmailDelivery.Kind
S = CommentStatus


def comment_public_url(comment: ResidentComment) -> str:
    """The comment's place on its article page, built from PORTAL_BASE_URL."""
    return f"{page_absolute_url(comment.article)}#kommentar-{comment.pk}"


def comment_admin_url(comment: ResidentComment) -> str:
    return absolute_url(detail_url(comment))


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
        )


@email_builder(Kind.PUBLISHED)
def build_comment_published(delivery):
    """To the commenter: the comment is published, with a link to it."""
    return _commenter_message(
        delivery,
        status=S.APPROVED,
        subject=_("Din kommentar är publicerad"),
        template="comment_published",
    )


def _was_taken_down(comment) -> bool:
    """True if the latest rejection took down a published comment."""
    from wagtail.log_actions import registry as log_registry

    latest = (
        log_registry.get_logs_for_instance(comment)
        .filter(action="feedback.comment.reject")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return bool(latest and (latest.data or {}).get("from") == S.APPROVED)


@email_builder(Kind.REJECTED)
def build_comment_rejected(delivery):
    """To the commenter: the comment was not published (or was taken down),
    and why."""
    comment = delivery.comment
    taken_down = comment is not None and _was_taken_down(comment)
    return _commenter_message(
        delivery,
        status=S.REJECTED,
        subject=_("Din kommentar har tagits bort")
        if taken_down
        else _("Din kommentar publicerades inte"),
        template="comment_rejected",
        reason=comment.moderation_reason if comment else "",
        taken_down=taken_down,
    )


@email_builder(Kind.REPLY)
def build_official_reply(delivery):
    """To the commenter: the municipality has answered the comment."""
    comment = delivery.comment
    reply = getattr(comment, "official_reply", None) if comment else None
    if reply is None:
        return None
    return _commenter_message(
        delivery,
        status=S.APPROVED,
        subject=_("Kommunen har svarat på din kommentar"),
        template="official_reply",
        reply=reply,
    )


def _wants_mail(user) -> bool:
    if not (user and user.is_active and user.email):
        return False
    preference = ModeratorPreference.objects.filter(user=user).first()
    return preference is None or preference.receive_notifications


@email_builder(Kind.MODERATOR)
def build_moderation_pending(delivery):
    """To one moderator: a comment is waiting in a queue of theirs."""
    comment, user = delivery.comment, delivery.recipient_user
    if comment is None or comment.status != S.PENDING or not _wants_mail(user):
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
        )


@email_builder(Kind.DIGEST)
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


def _opted_out_user_ids():
    return ModeratorPreference.objects.filter(receive_notifications=False).values_list(
        "user_id", flat=True
    )


def notify_moderators_of_pending(comment: ResidentComment) -> int:
    """Tell the principle's moderators that ``comment`` is waiting for them.

    Call it in the transaction that made the comment pending. Does nothing
    unless the discussion settings ask for immediate notification; each
    moderator who has not opted out gets one MODERATOR delivery. Returns the
    number of deliveries enqueued.
    """
    if (
        discussion_settings().moderator_notifications
        != DiscussionSettings.NotifyMode.IMMEDIATE
    ):
        return 0
    recipients = (
        moderators_of_principle(comment.principle)
        .exclude(email="")
        .exclude(pk__in=_opted_out_user_ids())
    )
    count = 0
    for user in recipients:
        delivery_enqueue(kind=Kind.MODERATOR, comment=comment, recipient_user=user)
        count += 1
    return count


def send_moderation_digests(*, now=None) -> int:
    """Enqueue a DIGEST for each moderator whose queues got new comments.

    Runs when the discussion settings choose digests. A moderator gets at most
    one digest per ``digest_interval_minutes``, and only when a comment was
    confirmed in one of their queues since their last digest. Safe to run as
    often as you like (each moderator's row is locked while deciding), and on
    several machines at once. Returns the number of digests enqueued.
    """
    discussion = discussion_settings()
    if discussion.moderator_notifications != DiscussionSettings.NotifyMode.DIGEST:
        return 0
    now = now or timezone.now()
    interval = datetime.timedelta(minutes=discussion.digest_interval_minutes)
    user_model = ModeratorPreference._meta.get_field("user").related_model
    candidates = (
        moderators_of_principle()
        .exclude(email="")
        .exclude(pk__in=_opted_out_user_ids())
        .values_list("pk", flat=True)
    )
    sent = 0
    for user_id in list(candidates):
        with transaction.atomic():
            preference, _created = (
                ModeratorPreference.objects.select_for_update().get_or_create(
                    user_id=user_id
                )
            )
            last = preference.last_digest_at
            if last and now - last < interval:
                continue
            user = user_model.objects.get(pk=user_id)
            new = comments_moderatable_by(
                user, ResidentComment.objects.filter(status=S.PENDING)
            )
            if last:
                new = new.filter(verified_at__gt=last)
            if not principles_moderated_by(user).exists() or not new.exists():
                continue
            delivery_enqueue(kind=Kind.DIGEST, recipient_user=user)
            preference.last_digest_at = now
            preference.save(update_fields=["last_digest_at"])
            sent += 1
    return sent
