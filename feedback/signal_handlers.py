"""Connects the reactions to what the services announce (feedback.signals).

Called from ``FeedbackConfig.ready()``: every subscription is listed here.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from feedback import fragments
from feedback.models import ResidentComment
from feedback.notifications import (
    mail_commenter_on_reply,
    mail_commenter_on_transition,
    notify_moderators_on_pending,
)
from feedback.purge import (
    purge_on_article_change,
    purge_on_comment_deleted,
    purge_on_comment_reclassified,
    purge_on_comment_transition,
    purge_on_official_reply,
)
from feedback.signals import (
    comment_awaits_moderation,
    comment_reclassified,
    comment_transitioned,
    official_reply_published,
)
from news.models import ArticlePage


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
    # The kept comment lists (feedback.fragments), dropped after commit. Before
    # the HTTP cache's receivers: on commit, the lists go first, so a page
    # fetched again after the purge is rendered from the new comments.
    comment_transitioned.connect(
        fragments.forget_on_comment_transition,
        sender=ResidentComment,
        dispatch_uid="feedback.fragments.forget_on_comment_transition",
    )
    comment_reclassified.connect(
        fragments.forget_on_comment_reclassified,
        sender=ResidentComment,
        dispatch_uid="feedback.fragments.forget_on_comment_reclassified",
    )
    official_reply_published.connect(
        fragments.forget_on_official_reply,
        sender=ResidentComment,
        dispatch_uid="feedback.fragments.forget_on_official_reply",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            fragments.forget_on_comment_saved_or_deleted,
            sender=ResidentComment,
            dispatch_uid=f"feedback.fragments.forget.{signal is post_save}",
        )
    # The HTTP cache: noted in the transaction, purged once it commits
    # (feedback.purge batches them per transaction).
    comment_transitioned.connect(
        purge_on_comment_transition,
        sender=ResidentComment,
        dispatch_uid="feedback.purge_on_comment_transition",
    )
    comment_reclassified.connect(
        purge_on_comment_reclassified,
        sender=ResidentComment,
        dispatch_uid="feedback.purge_on_comment_reclassified",
    )
    official_reply_published.connect(
        purge_on_official_reply,
        sender=ResidentComment,
        dispatch_uid="feedback.purge_on_official_reply",
    )
    post_delete.connect(
        purge_on_comment_deleted,
        sender=ResidentComment,
        dispatch_uid="feedback.purge_on_comment_deleted",
    )
    for signal in (page_published, page_unpublished):
        signal.connect(
            purge_on_article_change,
            sender=ArticlePage,
            dispatch_uid=f"feedback.purge_on_article_change.{signal is page_published}",
        )
