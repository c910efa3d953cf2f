"""The email that tells a resident their comment was not published."""

import pytest
from django.core import mail

from feedback.services import moderation as services

pytestmark = pytest.mark.django_db


def test_rejection_mail_links_the_rules(comment_a, moderator_a, rules_page):
    services.comment_reject(comment=comment_a, actor=moderator_a, reason="Reklam")

    [message] = mail.outbox
    assert "Reglerna finns här: http://testserver/regler/" in message.body
    html = message.alternatives[0].content
    assert (
        '<a href="http://testserver/regler/">Läs reglerna för kommentarer</a>' in html
    )


def test_taken_down_mail_links_the_rules_too(comment_a, moderator_a, rules_page):
    services.comment_approve(comment=comment_a, actor=moderator_a)
    mail.outbox.clear()

    services.comment_revoke(comment=comment_a, actor=moderator_a, reason="Hot")

    [message] = mail.outbox
    assert "har tagits bort från webbplatsen" in message.body
    assert "http://testserver/regler/" in message.body


def test_rejection_mail_without_a_rules_page_has_no_dead_link(comment_a, moderator_a):
    services.comment_reject(comment=comment_a, actor=moderator_a, reason="Reklam")

    [message] = mail.outbox
    assert "Reglerna finns här" not in message.body
    assert "Läs reglerna" not in message.alternatives[0].content
