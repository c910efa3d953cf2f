import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_site_is_swedish_whatever_the_browser_prefers(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    assert response["Content-Language"] == "sv"


def test_language_switch_sets_the_cookie_and_returns_to_the_page(home_page):
    client = Client(enforce_csrf_checks=True)
    client.get("/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/nyheter/", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert response["Location"] == "/nyheter/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_chosen_english_shows_the_english_interface(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Hoppa till innehållet" not in html


def test_unknown_language_cookie_falls_back_to_swedish(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    assert '<html lang="sv">' in client.get("/").content.decode()


def test_admin_makes_no_gravatar_request(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "gravatar" not in html
