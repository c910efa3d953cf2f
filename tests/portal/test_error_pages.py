import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_client(settings):
    settings.ROOT_URLCONF = "tests.portal.error_urls"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_server_error_page_is_swedish_and_reveals_nothing(failing_client, site_pages):
    response = failing_client.get("/trasig/")

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="sv">' in html
    assert "Något gick fel" in html
    assert "RuntimeError" not in html
    assert "Traceback" not in html


def test_missing_page_is_a_swedish_404_with_a_way_on(failing_client, site_pages):
    response = failing_client.get("/finns-inte/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in html
    assert 'href="/sok/"' in html
