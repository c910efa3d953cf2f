"""Redis away: reading the site goes on; the rate limits refuse, with a 503.

"Away" is a real Redis address with nothing listening on it: every call gets
a refused connection, as when redis-server has stopped.
"""

import socket

import pytest
from django.core.cache import caches
from django.test import Client

from feedback import ratelimit
from feedback.models import ResidentComment
from tests.factories import comment_form_data


def dead_redis_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def redis_away(settings):
    url = dead_redis_url()
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": url},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        },
    }
    yield
    # Let the autouse cache-clearing fixture find caches that answer again.
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        for alias in ("default", "ratelimit")
    }


def test_failed_read_is_a_miss_and_failed_write_is_skipped(redis_away, caplog):
    cache = caches["default"]

    cache.set("a", 1)
    assert cache.get("a", "miss") == "miss"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("b", 1) is False
    cache.delete("a")

    warnings = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1
    assert "Cache unavailable" in warnings[0].getMessage()


def test_counting_on_the_lenient_cache_still_fails_loudly(redis_away):
    from redis.exceptions import ConnectionError as RedisConnectionError

    caches["default"]._skip_until = 0
    with pytest.raises(RedisConnectionError):
        caches["default"].incr("counter")


def test_rate_limit_that_cannot_count_refuses(redis_away):
    with pytest.raises(ratelimit.RateLimitUnavailable):
        ratelimit.hit("submit_ip", "10.0.0.0/24")


def test_taking_several_limits_that_cannot_be_counted_refuses(redis_away):
    with pytest.raises(ratelimit.RateLimitUnavailable):
        ratelimit.take(("submit_ip", "10.0.0.0/24"), ("submit_site", ""))


@pytest.mark.django_db
def test_pages_render_with_redis_away(redis_away, article):
    client = Client(raise_request_exception=False)

    for path in ("/", article.url, "/nyheter/feed/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_comment_with_redis_away_is_a_503_that_keeps_the_text(
    redis_away, article, principles
):
    client = Client(raise_request_exception=False)
    data = comment_form_data(principles[0], body="Belysning i tunneln.")

    response = client.post(f"/kommentarer/artikel/{article.pk}/", data)

    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Tillfälligt avbrott" in html
    assert "Belysning i tunneln.</textarea>" in html
    assert ResidentComment.objects.count() == 0


@pytest.mark.django_db
def test_admin_works_with_redis_away(redis_away, admin_client, article):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
