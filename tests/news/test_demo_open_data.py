"""The demo content gives the open-data API, feeds and exports something to show."""

import io

import pytest
from django.core.management import call_command

from feedback.models import CommentStatus, OfficialReply, ResidentComment

pytestmark = pytest.mark.django_db


def load_demo_content():
    call_command("load_demo_content", stdout=io.StringIO())


def test_demo_content_has_fictional_approved_comments_with_a_reply(client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    load_demo_content()

    comments = ResidentComment.objects.all()
    assert comments.count() >= 3
    assert set(comments.values_list("status", flat=True)) == {CommentStatus.APPROVED}
    assert all(
        "(exempel)" in name for name in comments.values_list("author_name", flat=True)
    )
    assert all(
        email.endswith("@example.invalid")
        for email in comments.values_list("author_email", flat=True)
    )
    assert OfficialReply.objects.exists()
    data = client.get("/api/v2/comments/", HTTP_HOST="127.0.0.1:8000").json()
    assert data["meta"]["total_count"] == comments.count()
    assert any(item["reply"] for item in data["items"])


def test_demo_comments_are_added_once(db):
    load_demo_content()
    before = (ResidentComment.objects.count(), OfficialReply.objects.count())

    load_demo_content()

    assert (ResidentComment.objects.count(), OfficialReply.objects.count()) == before
