"""What a shared HTTP cache may keep: anonymous public pages, nothing personal.

portal.http_cache gives unmarked responses their Cache-Control; the pages
themselves must set no cookie and embed no per-request token.
"""

import pytest
from django.utils.cache import get_max_age

from feedback.models import CommentStatus
from feedback.tokens import new_token_fields, verification_token
from tests.factories import ResidentCommentFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


PUBLIC = {"public", "max-age=0", "s-maxage=600"}


@pytest.fixture
def commented_article(article, principles):
    ResidentCommentFactory(
        article=article, principle=principles[0], status=CommentStatus.APPROVED
    )
    return article


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/nyheter/", 200),
        ("/nyheter/langsiktig-plan/", 200),
        ("/nyheter/langsiktig-plan/?page=2", 200),
        ("/nyheter/langsiktig-plan/?kommentar=skickad", 200),
        ("/principer/samhorighet/", 200),
        ("/principer/samhorighet/feed/", 200),
        ("/nyheter/feed/", 200),
        ("/finns-inte/", 404),
    ],
)
def test_anonymous_public_page_is_public_with_no_cookie_and_no_token(
    client, commented_article, path, status
):
    response = client.get(path)

    assert response.status_code == status
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert 'name="started" value=' not in response.content.decode()
    assert directives(response) == PUBLIC
    assert "Cookie" in response["Vary"]


def test_head_is_public_too(client, commented_article):
    response = client.head(commented_article.url)

    assert directives(response) == PUBLIC


def test_shared_cache_time_is_a_setting(client, home_page, settings):
    settings.PORTAL_HTTP_CACHE_SECONDS = 30

    response = client.get("/")

    assert directives(response) == {"public", "max-age=0", "s-maxage=30"}
    assert get_max_age(response) == 0  # browsers always ask again


def test_signed_in_user_gets_a_private_page(admin_client, commented_article):
    for path in ("/", commented_article.url, "/finns-inte/"):
        response = admin_client.get(path)

        assert directives(response) == {"private", "no-cache"}, path


def test_stale_session_cookie_is_cleared_in_a_private_answer(
    client, home_page, settings
):
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"

    response = client.get("/")

    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert "public" not in directives(response)


def test_form_state_endpoint_is_never_stored(client):
    assert "no-store" in directives(client.get("/kommentarer/formular/"))


def test_confirm_link_page_is_never_stored(client, article, principles):
    comment = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.UNVERIFIED,
        **new_token_fields(),
    )

    response = client.get(f"/kommentarer/bekrafta/{verification_token(comment)}/")

    assert "no-store" in directives(response)
    assert "public" not in directives(response)


def test_admin_is_never_stored(admin_client, home_page):
    assert "no-store" in directives(admin_client.get("/admin/"))


def test_admin_login_is_not_public(client, home_page):
    assert "public" not in client.get("/admin/login/").get("Cache-Control", "")


def test_language_switch_is_never_stored(client, home_page):
    assert "no-store" in directives(client.get("/sprak/en/?next=/"))


def test_response_that_sets_a_cookie_is_private(client, commented_article):
    # The comment form's errors answer a POST; its GET twin would set no
    # cookie. A GET that does set one (the language link's target, were it
    # uncached) must never be stored for everyone.
    response = client.get("/kommentarer/formular/")

    assert response.cookies
    assert "public" not in directives(response)


def test_post_answers_are_not_marked_public(client, article, principles):
    response = client.post(f"/kommentarer/artikel/{article.pk}/", {})

    assert "public" not in response.get("Cache-Control", "")


def test_page_with_a_csp_nonce_is_private(client, article, settings):
    # reCAPTCHA's scripts need a nonce, which must differ per response.
    settings.RECAPTCHA_PUBLIC_KEY = "public"
    settings.RECAPTCHA_PRIVATE_KEY = "private"

    response = client.get(article.url)

    assert "'nonce-" in response["Content-Security-Policy"]
    assert directives(response) == {"private", "no-cache"}
