"""Open data shows published comments only, and of them only what pages show.

The same comments as the public-page tests (tests/feedback/test_display.py),
in every state, plus one approved and then taken down.
"""

import json

import pytest

from .conftest import (
    MODERATOR_USERNAME,
    SECRET_EMAIL,
    SECRET_IP_HASH,
    SECRET_NONCE,
    SECRET_REASON,
    SECRET_SUSPECT_WORD,
    SECRET_TOKEN_HASH,
)

pytestmark = pytest.mark.django_db

PRIVATE_KEYS = {
    "author_email",
    "email",
    "email_hash",
    "ip_hash",
    "token_hash",
    "token_nonce",
    "token_expires_at",
    "status",
    "moderated_by",
    "moderated_at",
    "moderation_reason",
    "suspect_words",
    "recaptcha_score",
    "link_count",
    "verified_at",
    "author",
    "owner",
}
HIDDEN_LABELS = ["unverified", "pending", "rejected", "spam", "withdrawn", "revoked"]


def open_data_urls(article):
    return [
        "/api/v2/comments/",
        "/api/v2/comments/?limit=100&order=id",
        f"/api/v2/comments/?article={article.pk}",
        "/api/v2/comments/?principle=samhorighet",
        "/api/v2/comments/export/?format=json",
        "/api/v2/comments/export/?format=csv",
        "/principer/samhorighet/feed/",
        f"/kommentarer/artikel/{article.pk}/feed/",
        "/principer/samhorighet/export/?format=csv",
        "/principer/samhorighet/export/?format=json",
    ]


def keys_of(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from keys_of(value)
    elif isinstance(data, list):
        for item in data:
            yield from keys_of(item)


def assert_nothing_private(content: str, comments_in_every_state):
    published = comments_in_every_state.published
    for secret in (
        SECRET_EMAIL,
        "hemlig.skribent",
        published.email_hash,
        SECRET_TOKEN_HASH,
        SECRET_NONCE,
        SECRET_IP_HASH,
        SECRET_REASON,
        SECRET_SUSPECT_WORD,
        MODERATOR_USERNAME,
        "gustav.granskare",
        "0.123456",
    ):
        assert secret not in content
    for label in HIDDEN_LABELS:
        assert f"Text med status {label}" not in content


def test_only_the_published_comment_reaches_api_feeds_and_exports(
    client, article, comments_in_every_state
):
    for url in open_data_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode("utf-8-sig")
        assert "Text med status approved" in content, url
        assert "Kommunen svarar här." in content, url
        assert_nothing_private(content, comments_in_every_state)


def test_no_private_field_is_a_key_of_any_json_answer(
    client, article, comments_in_every_state
):
    published = comments_in_every_state.published
    urls = [
        "/api/v2/comments/",
        f"/api/v2/comments/{published.pk}/",
        "/api/v2/comments/export/",
        "/api/v2/principles/",
        f"/api/v2/pages/{article.pk}/?fields=*",
        "/api/v2/pages/?type=news.ArticlePage&fields=*",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not PRIVATE_KEYS & set(keys_of(json.loads(response.content))), url
        assert_nothing_private(response.content.decode(), comments_in_every_state)


def test_an_unpublished_comment_has_no_detail(client, comments_in_every_state):
    published = comments_in_every_state.published

    assert client.get(f"/api/v2/comments/{published.pk}/").status_code == 200
    for hidden in comments_in_every_state.hidden:
        response = client.get(f"/api/v2/comments/{hidden.pk}/")
        assert response.status_code == 404
        assert json.loads(response.content) == {
            "message": "No ResidentComment matches the given query."
        }


def test_a_taken_down_comment_leaves_the_api_at_once(
    client, article, comments_in_every_state, moderator
):
    from feedback.models import CommentStatus
    from feedback.services import comment_transition

    published = comments_in_every_state.published
    assert client.get("/api/v2/comments/").json()["meta"]["total_count"] == 1

    comment_transition(
        comment=published,
        to_status=CommentStatus.REJECTED,
        action="feedback.comment.reject",
        actor=moderator,
        reason=SECRET_REASON,
    )

    assert client.get("/api/v2/comments/").json()["meta"]["total_count"] == 0
    assert client.get(f"/api/v2/comments/{published.pk}/").status_code == 404
    feed = client.get("/principer/samhorighet/feed/").content.decode()
    assert "Text med status approved" not in feed
