"""Storing a resident's comment, privately, until its author confirms it."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from feedback import spam
from feedback.identity import email_hash, ip_hash
from feedback.models import CommentStatus, ResidentComment
from feedback.selectors import principles_for_comment
from feedback.selectors_discussion import discussion_settings_for
from feedback.tokens import new_token_fields

from .verification import verification_send


class CommentsClosedError(Exception):
    """The article does not accept comments (closed or past its closing date)."""

    message = _("Kommentarerna är stängda för den här artikeln.")


class PrincipleNotLiveError(Exception):
    """The principle cannot be chosen: not live, or not one the article offers."""

    message = _("Välj en av principerna i listan.")


@transaction.atomic
def comment_submit(
    *,
    article,
    principle,
    author_name: str,
    author_email: str,
    body: str,
    ip: str,
    recaptcha_score: float | None = None,
) -> ResidentComment:
    """Store a new comment as unverified and enqueue its verification email.

    The comment and the email's task commit together. Flags for the
    moderators are worked out here: the number of links and any suspect
    words. A blocked word (in the name or the text) makes the comment spam at
    once: it is kept for the moderators' spam view but no email is sent, and
    the caller answers exactly as for any other comment.

    Raises CommentsClosedError or PrincipleNotLiveError (nothing stored).
    """
    discussion_settings = discussion_settings_for(article)
    if not article.accepts_comments(discussion_settings):
        raise CommentsClosedError()
    if not principles_for_comment(article).filter(pk=principle.pk).exists():
        raise PrincipleNotLiveError()

    blocked = spam.find_words(
        author_name + "\n" + body, discussion_settings.blocked_word_list
    )
    comment = ResidentComment.objects.create(
        article=article,
        principle=principle,
        author_name=author_name,
        author_email=author_email,
        email_hash=email_hash(author_email),
        body=body,
        status=CommentStatus.SPAM if blocked else CommentStatus.UNVERIFIED,
        link_count=spam.count_links(body),
        suspect_words=spam.find_words(body, discussion_settings.suspect_word_list),
        recaptcha_score=recaptcha_score,
        ip_hash=ip_hash(ip) if ip else "",
        **new_token_fields(discussion_settings),
    )
    if comment.status == CommentStatus.UNVERIFIED:
        verification_send(comment=comment)
    return comment
