"""Comment HTML made once, when published, and printed as stored."""

import pytest
from django.core.management import call_command

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from feedback.sanitize import render_plain_text
from feedback.services import moderation as services
from feedback.services.replies import reply_publish
from tests.factories import ResidentCommentFactory

pytestmark = pytest.mark.django_db

BODY = 'Se https://example.se/plan <script>alert(1)</script>\nRad två & "citat"'


def test_approval_stores_what_the_sanitiser_makes(comment_a, moderator_a):
    comment_a.body = BODY
    comment_a.save()

    services.comment_approve(comment=comment_a, actor=moderator_a)

    comment_a.refresh_from_db()
    assert comment_a.body_html == str(render_plain_text(BODY))
    assert 'rel="nofollow ugc noopener"' in comment_a.body_html
    assert "<script>" not in comment_a.body_html


def test_unpublished_comment_stores_no_html(comment_a, moderator_a):
    services.comment_reject(comment=comment_a, actor=moderator_a, reason="Nej")

    comment_a.refresh_from_db()
    assert comment_a.body_html == ""


def test_reply_stores_what_the_sanitiser_makes(comment_a, moderator_a):
    comment = services.comment_approve(comment=comment_a, actor=moderator_a)

    reply_publish(comment=comment, actor=moderator_a, body=BODY)

    reply = OfficialReply.objects.get(comment=comment)
    assert reply.body_html == str(render_plain_text(BODY))


def test_page_prints_the_stored_html_not_a_new_rendering(client, article, principles):
    # Stored HTML that the sanitiser would never make: the page must print it
    # as it is, proving that nothing is rendered per request.
    comment = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.APPROVED,
        body="Råtext",
        body_html="Sparad <em>version</em>",
    )
    OfficialReply.objects.create(
        comment=comment, body="Svar", body_html="Sparat <em>svar</em>"
    )

    html = client.get(article.url).content.decode()

    assert "Sparad <em>version</em>" in html
    assert "Sparat <em>svar</em>" in html
    assert "Råtext" not in html


def test_comment_without_stored_html_is_rendered_safely(client, article, principles):
    ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.APPROVED,
        body=BODY,
    )

    html = client.get(article.url).content.decode()

    assert str(render_plain_text(BODY)) in html
    assert "<script>alert" not in html


def test_rerender_command_makes_stored_html_current(article, principles, capsys):
    published = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.APPROVED,
        body=BODY,
        body_html="stale",
    )
    missing = ResidentCommentFactory(
        article=article, principle=principles[1], status=CommentStatus.APPROVED
    )
    pending = ResidentCommentFactory(
        article=article, principle=principles[0], status=CommentStatus.PENDING
    )
    reply = OfficialReply.objects.create(comment=published, body=BODY, body_html="")

    call_command("rerender_comments")

    stored = dict(ResidentComment.objects.values_list("pk", "body_html"))
    assert stored[published.pk] == str(render_plain_text(BODY))
    assert stored[missing.pk] == str(render_plain_text(missing.body))
    assert stored[pending.pk] == ""
    reply.refresh_from_db()
    assert reply.body_html == str(render_plain_text(BODY))
    assert "2 kommentarer, 1 svar" in capsys.readouterr().out
