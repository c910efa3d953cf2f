"""Who is emailed when something happens to a comment.

Reactions to the services' announcements (feedback.signals), connected in
``feedback.signal_handlers``. They run in the transaction that made the change
and only write to the outbox (``delivery_enqueue``), so an email is recorded
exactly when its change commits; the worker sends it (feedback.emails says
what it says).

- The commenter hears of a moderator's decision when the action declares an
  email (``CommentAction.commenter_mail``) and the article's site's
  discussion settings ask for that kind, and of the municipality's reply.
- Moderators hear of a comment that starts waiting in one of their queues,
  in one of two ways by the discussion settings: immediately
  (:func:`notify_moderators_of_pending`) or as a digest every N minutes
  (:func:`send_moderation_digests`, run by the ``send_moderation_digests``
  management command from cron or a loop next to the worker).
"""

import datetime
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    ModeratorPreference,
    ResidentComment,
)
from feedback.outbox import delivery_enqueue
from feedback.permissions import (
    comments_moderatable_by,
    moderators_of_principle,
    principles_moderated_by,
)
from feedback.selectors_discussion import discussion_settings_for, site_scopes

Kind = EmailDelivery.Kind

# The discussion setting that turns each kind of commenter email on.
COMMENTER_MAIL_SETTINGS = {
    Kind.PUBLISHED: "notify_commenter_on_publish",
    Kind.REJECTED: "notify_commenter_on_reject",
    Kind.TAKEN_DOWN: "notify_commenter_on_reject",
}


def mail_commenter_on_transition(sender, *, comment, action, **kwargs) -> None:
    """The commenter's email about a moderator's decision, if there is one."""
    kind = action.commenter_mail
    if not kind:
        return
    rules = discussion_settings_for(comment.article)
    if getattr(rules, COMMENTER_MAIL_SETTINGS[kind]):
        delivery_enqueue(kind=kind, comment=comment)


def mail_commenter_on_reply(sender, *, comment, **kwargs) -> None:
    """The commenter is told of every reply published (or replaced)."""
    delivery_enqueue(kind=Kind.REPLY, comment=comment)


def notify_moderators_on_pending(sender, *, comment, **kwargs) -> None:
    notify_moderators_of_pending(comment)


def _opted_out_user_ids():
    return ModeratorPreference.objects.filter(receive_notifications=False).values_list(
        "user_id", flat=True
    )


def notify_moderators_of_pending(comment: ResidentComment) -> int:
    """Tell the principle's moderators that ``comment`` is waiting for them.

    Call it in the transaction that made the comment wait. Does nothing
    unless the discussion settings of the comment's site ask for immediate
    notification; each moderator who has not opted out gets one MODERATOR
    delivery. Returns the number of deliveries enqueued.
    """
    rules = discussion_settings_for(comment.article)
    if rules.moderator_notifications != DiscussionSettings.NotifyMode.IMMEDIATE:
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

    Counts the comments of the sites whose discussion settings choose
    digests. A moderator gets at most one digest per
    ``digest_interval_minutes`` (the shortest of those sites'), and only when
    a comment was confirmed in one of their queues since their last digest.
    Safe to run as often as you like (each moderator's row is locked while
    deciding), and on several machines at once. Returns the number of
    digests enqueued.
    """
    digest_sites = [
        (rules, scope)
        for site, scope in site_scopes()
        if (rules := DiscussionSettings.for_site(site)).moderator_notifications
        == DiscussionSettings.NotifyMode.DIGEST
    ]
    if not digest_sites:
        return 0
    now = now or timezone.now()
    interval = datetime.timedelta(
        minutes=min(rules.digest_interval_minutes for rules, _scope in digest_sites)
    )
    in_digest = reduce(or_, (scope for _rules, scope in digest_sites))
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
            user = get_user_model().objects.get(pk=user_id)
            new = comments_moderatable_by(
                user,
                ResidentComment.objects.filter(in_digest, status=CommentStatus.PENDING),
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
