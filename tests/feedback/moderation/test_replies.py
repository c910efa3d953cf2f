""" "Kommunen svarar": publishing, where it shows, and the commenter's mail."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from feedback.models import CommentStatus, OfficialReply
from feedback.services import moderation as services
from feedback.services.moderation import ModerationError, NotAllowedError
from feedback.services.replies import reply_publish

pytestmark = pytest.mark.django_db
S = CommentStatus


@pytest.fixture
def approved_a(comment_a, moderator_a):
    comment = services.comment_approve(comment=comment_a, actor=moderator_a)
    mail.outbox.clear()
    return comment


def test_reply_is_published_logged_and_the_commenter_told(approved_a, moderator_a):
    reply_publish(comment=approved_a, actor=moderator_a, body="Tack, vi tittar på det.")

    reply = OfficialReply.objects.get(comment=approved_a)
    assert (reply.body, reply.author) == ("Tack, vi tittar på det.", moderator_a)
    entry = ModelLogEntry.objects.get(
        object_id=str(approved_a.pk), action="feedback.comment.reply"
    )
    assert entry.user == moderator_a
    [message] = mail.outbox
    assert message.to == [approved_a.author_email]
    assert message.subject == "Kommunen har svarat på din kommentar"
    assert "Tack, vi tittar på det." in message.body


def test_replying_again_replaces_the_reply(approved_a, moderator_a):
    reply_publish(comment=approved_a, actor=moderator_a, body="Första")
    reply_publish(comment=approved_a, actor=moderator_a, body="Andra")

    assert list(OfficialReply.objects.values_list("body", flat=True)) == ["Andra"]


def test_reply_only_under_an_approved_comment(comment_a, moderator_a):
    with pytest.raises(ModerationError):
        reply_publish(comment=comment_a, actor=moderator_a, body="Svar")
    assert not OfficialReply.objects.exists()


def test_reply_needs_text(approved_a, moderator_a):
    with pytest.raises(ModerationError):
        reply_publish(comment=approved_a, actor=moderator_a, body="  ")


def test_reply_only_by_a_moderator_of_the_principle(approved_a, moderator_b):
    with pytest.raises(NotAllowedError):
        reply_publish(comment=approved_a, actor=moderator_b, body="Svar")


def test_reply_over_http(client_a, client_b, approved_a):
    url = reverse("feedback_moderation:reply", args=[approved_a.pk])

    assert client_b.post(url, {"body": "Inte min"}).status_code == 404
    client_a.post(url, {"body": "Vi svarar."})

    assert OfficialReply.objects.get().body == "Vi svarar."


def test_reply_shows_distinctly_on_the_article_and_principle_pages(
    client, approved_a, moderator_a, article, principles
):
    reply_publish(comment=approved_a, actor=moderator_a, body="<b>Kommunens</b> svar")

    for url in (article.url, principles[0].get_absolute_url()):
        content = client.get(url).content.decode()
        assert 'class="official-reply"' in content, url
        assert "Kommunen svarar" in content
        assert "&lt;b&gt;Kommunens&lt;/b&gt; svar" in content
