"""What the services announce, for the rest of the app to react to.

The services change state and announce it here; they never call the email
or other reactions themselves (those live above them). Receivers are
connected in ``feedback.signal_handlers``, from ``FeedbackConfig.ready()``.

Two moments, chosen by what a receiver does:

- In the transaction (``comment_transitioned``, ``comment_awaits_moderation``,
  ``comment_reclassified``, ``official_reply_published``): for what must
  commit or roll back together with the change. The email outbox is such a
  receiver: an EmailDelivery row and its task are written in the same
  transaction as the new status, so neither is lost nor sent for a change
  that did not happen (feedback.outbox). Such a receiver must not talk to
  the outside world.
- After commit (``comment_transition_committed``, sent from
  ``transaction.on_commit``): for reactions that must never see a change that
  was rolled back and that may be lost if the process dies right then, such
  as purging a cache. A receiver's error is logged, not raised.
"""

from django.dispatch import Signal

# A comment's status changed. Sent with sender=ResidentComment and the
# keyword arguments comment, action (a feedback.services.actions.CommentAction),
# from_status, to_status, actor (None for residents and the system), reason.
comment_transitioned = Signal()

# The same, after the transaction that made the change has committed.
comment_transition_committed = Signal()

# A comment started waiting in a principle's queue: confirmed and not
# published automatically, or moved to another principle while pending.
# Sent with sender=ResidentComment and comment.
comment_awaits_moderation = Signal()

# A moderator moved a comment to another principle (its status unchanged).
# Sent with sender=ResidentComment and comment (already moved),
# from_principle_id and actor.
comment_reclassified = Signal()

# The municipality published (or replaced) its reply under a comment.
# Sent with sender=ResidentComment and comment, reply, created, actor.
official_reply_published = Signal()
