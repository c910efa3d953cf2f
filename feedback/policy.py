"""Moderation policy: plain functions the services call."""

from .models import CommentStatus, ResidentComment


def should_auto_approve(comment: ResidentComment, discussion_settings) -> bool:
    """True when a just-verified comment may be published without a moderator.

    Off unless ``DiscussionSettings.auto_approve_after`` is set; then the
    verified address (by its keyed hash) needs that many earlier approved
    comments. A comment flagged for the moderators (suspect words, too many
    links) always waits for a person.
    """
    threshold = getattr(discussion_settings, "auto_approve_after", None)
    if not threshold:
        return False
    if comment.suspect_words:
        return False
    max_links = getattr(discussion_settings, "max_links", None)
    if max_links is not None and comment.link_count > max_links:
        return False
    approved = (
        ResidentComment.objects.filter(
            email_hash=comment.email_hash, status=CommentStatus.APPROVED
        )
        .exclude(pk=comment.pk)
        .count()
    )
    return approved >= threshold
