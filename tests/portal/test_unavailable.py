"""While the database or the cache is away: a Swedish 503, never a 500.

The database "goes away" through Django's own execute_wrapper hook: every
query on the test's connection raises OperationalError, as psycopg does when
PostgreSQL has stopped.
"""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from feedback.models import ResidentComment
from portal.unavailable import server_error
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


@contextlib.contextmanager
def database_away():
    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def assert_swedish_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Tillfälligt avbrott" in html
    assert "OperationalError" not in html


def test_page_read_while_the_database_is_away_is_a_swedish_503(visitor, article):
    url = article.url
    with database_away():
        response = visitor.get(url)

    assert_swedish_503(response)


def test_comment_post_gets_its_text_back_in_a_retry_form(
    visitor, article, principles, caplog
):
    data = comment_form_data(
        principles[0], author_name="Karin", body="Fler <parkbänkar> vid ån, tack."
    )

    with database_away():
        response = visitor.post(f"/kommentarer/artikel/{article.pk}/", data)

    assert_swedish_503(response)
    html = response.content.decode()
    assert f'action="/kommentarer/artikel/{article.pk}/#comment-errors"' in html
    assert "Fler &lt;parkbänkar&gt; vid ån, tack.</textarea>" in html
    assert 'value="Karin"' in html
    assert f'name="principle" value="{principles[0].pk}"' in html
    assert "parkbänkar" not in caplog.text
    assert ResidentComment.objects.count() == 0


def test_retry_form_resubmits_once_the_database_is_back(visitor, article, principles):
    data = comment_form_data(principles[0], body="Andra försöket.")
    with database_away():
        visitor.post(f"/kommentarer/artikel/{article.pk}/", data)

    response = visitor.post(f"/kommentarer/artikel/{article.pk}/", data)

    assert response.status_code == 302
    assert ResidentComment.objects.get().body == "Andra försöket."


def test_other_post_views_get_no_retry_form(visitor, article):
    with database_away():
        response = visitor.post("/kommentarer/ny-lank/", {"token": "x" * 40})

    assert_swedish_503(response)
    assert "<form" not in response.content.decode()


def test_handler500_turns_a_database_error_anywhere_into_the_503():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError:
        response = server_error(request)

    assert_swedish_503(response)


def test_handler500_keeps_the_500_page_for_bugs():
    request = RequestFactory().get("/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(request)

    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()
