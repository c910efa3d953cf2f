"""Every decision is in Wagtail's audit log: on the comment and in site history."""

import pytest
from django.urls import reverse

from feedback.services import moderation as services

pytestmark = pytest.mark.django_db


def test_decisions_are_listed_on_the_comments_detail_page(
    client_a, comment_a, moderator_a
):
    services.comment_reject(comment=comment_a, actor=moderator_a, reason="Hat")
    services.comment_unreject(comment=comment_a, actor=moderator_a)

    response = client_a.get(reverse("feedback_moderation:detail", args=[comment_a.pk]))

    actions = [entry.action for entry in response.context["log_entries"]]
    assert actions == ["feedback.comment.unreject", "feedback.comment.reject"]
    content = response.content.decode()
    assert "Kommentaren avvisades" in content
    assert "Hat" in content
    assert "Väntar på granskning → Avvisad" in content


def test_rejection_appears_in_wagtails_site_history(
    client_chief, comment_a, moderator_a
):
    services.comment_reject(comment=comment_a, actor=moderator_a, reason="Hat")

    response = client_chief.get(reverse("wagtailadmin_reports:site_history"))

    entries = response.context["object_list"]
    reject = [e for e in entries if e.action == "feedback.comment.reject"]
    assert len(reject) == 1
    assert reject[0].user == moderator_a
    assert "Kommentaren avvisades" in response.content.decode()
