"""What every open-data answer shares: CORS, caching, ETag, rate limit, methods."""

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v2/",
    "/api/v2/comments/",
    "/api/v2/principles/",
    "/api/v2/pages/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v2/comments/export/?format=csv",
    "/api/v2/schema/",
]


@pytest.mark.parametrize("url", URLS)
def test_answers_are_open_to_any_origin_without_credentials(client, site_pages, url):
    response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_reading_methods_only(client, db):
    response = client.options(
        "/api/v2/comments/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_not_allowed(client, db, method):
    response = getattr(client, method)("/api/v2/comments/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("url", URLS)
def test_answers_are_cacheable_with_an_etag_and_304(client, site_pages, url, settings):
    settings.PORTAL_API_MAX_AGE = 300
    first = client.get(url)

    assert first["Cache-Control"] == "public, max-age=300"
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_etag_changes_when_the_data_does(client, article, principles):
    from feedback.models import CommentStatus
    from tests.factories import ResidentCommentFactory

    before = client.get("/api/v2/comments/")["ETag"]
    ResidentCommentFactory(
        article=article, principle=principles[0], status=CommentStatus.APPROVED
    )

    after = client.get("/api/v2/comments/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_a_session_changes_nothing(client, admin_user, site_pages):
    anonymous = client.get("/api/v2/pages/")
    client.force_login(admin_user)

    assert client.get("/api/v2/pages/").content == anonymous.content


def test_past_the_limit_an_address_gets_429_with_retry_after(client, db, settings):
    settings.FEEDBACK_RATE_LIMITS = {"api_ip": (3, 60)}
    for _ in range(3):
        assert client.get("/api/v2/principles/").status_code == 200

    response = client.get("/api/v2/comments/")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "message": "För många anrop från din adress. Försök igen om 60 sekunder.",
        "message_en": "Too many requests from your address. Try again in 60 seconds.",
        "retry_after": 60,
    }
    # Another address has its own budget.
    other = client.get("/api/v2/comments/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(client, db, settings):
    settings.FEEDBACK_RATE_LIMITS = {"api_ip": (1, 60)}
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1

    def get(forwarded):
        return client.get(
            "/api/v2/principles/",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    assert get("198.51.100.1").status_code == 200
    assert get("198.51.100.1").status_code == 429
    # A client cannot escape by inventing hops left of the proxy's entry.
    assert get("203.0.113.9, 198.51.100.1").status_code == 429
    assert get("198.51.100.2").status_code == 200


def test_ipv6_clients_share_a_budget_per_64(client, db, settings):
    settings.FEEDBACK_RATE_LIMITS = {"api_ip": (1, 60)}

    assert client.get("/api/v2/", REMOTE_ADDR="2001:db8::1").status_code == 200
    assert client.get("/api/v2/", REMOTE_ADDR="2001:db8::2").status_code == 429
    assert client.get("/api/v2/", REMOTE_ADDR="2001:db8:1::1").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/finns-inte/",
        "/api/v2/documents/abc/",
        # A newline in the path: found by schemathesis, once answered with
        # the site's HTML 404 page.
        "/api/v2/documents/%0A%09/",
        "/api/v2/pages/1%0A2/",
    ],
)
def test_any_other_address_under_the_api_is_a_json_404(client, site_pages, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "not found"}


@pytest.mark.parametrize("endpoint", ["images", "documents"])
@pytest.mark.parametrize("parameter", ["order", "limit", "offset"])
def test_an_empty_value_is_a_400_on_media(client, db, endpoint, parameter):
    response = client.get(f"/api/v2/{endpoint}/", {parameter: ""})

    assert response.status_code == 400
    assert parameter in response.json()["message"]
