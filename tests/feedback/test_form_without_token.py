"""The comment form on a page an HTTP cache may keep: token and stamp fetched.

The article's HTML is the same for every anonymous reader. The CSRF token and
the fill-time stamp come from /kommentarer/formular/ (the page's script
fetches it); without them (no JavaScript) the POST fails the CSRF check and
the retry page gives the text back with both, so one more press sends it.
"""

import re
import time

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from feedback import spam
from feedback.models import ResidentComment
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db

FORM_STATE = "/kommentarer/formular/"
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def post(client, article, data):
    return client.post(f"/kommentarer/artikel/{article.pk}/", data)


def without_javascript(principle, **overrides):
    """What the form sends when no script filled in its token and stamp."""
    data = comment_form_data(principle, **overrides)
    data.update(started="", csrfmiddlewaretoken="")
    return data


def retry_form_data(html: str) -> dict:
    """What pressing "Skicka igen" on the retry page sends."""
    form = html[html.index("<form") : html.index("</form>")]
    data = dict(HIDDEN.findall(form))
    data.update(re.findall(r'name="(author_\w+)" value="([^"]*)"', form))
    data["body"] = re.search(r'name="body" rows="8">([^<]*)</textarea>', form)[1]
    return data


def test_article_html_holds_no_token_and_no_stamp(client, article):
    response = client.get(article.url)
    html = response.content.decode()

    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in html
    assert '<input type="hidden" name="started" id="id_started">' in html
    assert f'data-form-state="{FORM_STATE}"' in html


def test_form_state_gives_a_token_with_its_cookie_and_a_fresh_stamp(client):
    response = client.get(FORM_STATE)
    state = response.json()

    assert "no-store" in response["Cache-Control"]
    assert response.cookies[settings.CSRF_COOKIE_NAME].value
    assert state["csrfmiddlewaretoken"]
    assert spam.fill_time(state["started"]) is spam.FillTime.TOO_FAST
    assert spam.fill_time(state["started"], now=time.time() + 5) is spam.FillTime.OK


def test_form_state_answers_only_get(client):
    assert client.post(FORM_STATE).status_code == 405


def test_post_with_the_fetched_token_and_stamp_is_accepted(
    browser, article, principles
):
    state = browser.get(FORM_STATE).json()
    data = comment_form_data(principles[0], **state)

    with time_machine.travel(time.time() + 5, tick=False):
        response = post(browser, article, data)

    assert response.status_code == 302
    assert ResidentComment.objects.get().body == data["body"]


def test_post_without_javascript_gets_its_text_back_to_send_again(
    browser, article, principles
):
    data = without_javascript(
        principles[0], author_name="Karin", body="Fler <parkbänkar> vid ån."
    )

    response = post(browser, article, data)
    html = response.content.decode()

    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert '<html lang="sv">' in html
    assert "Skicka kommentaren en gång till" in html
    assert "Din kommentar är inte skickad ännu." in html
    assert "Fler &lt;parkbänkar&gt; vid ån.</textarea>" in html
    assert 'value="Karin"' in html
    retry = retry_form_data(html)
    assert retry["csrfmiddlewaretoken"]
    assert retry["principle"] == str(principles[0].pk)
    assert spam.fill_time(retry["started"]) is spam.FillTime.RETRY_TOO_FAST
    assert browser.cookies[settings.CSRF_COOKIE_NAME].value
    assert not ResidentComment.objects.exists()


def test_retry_page_sends_the_comment_on_the_second_round(browser, article, principles):
    first = post(browser, article, without_javascript(principles[0], body="Tack!"))
    retry = retry_form_data(first.content.decode())

    with time_machine.travel(time.time() + 3, tick=False):
        response = post(browser, article, retry)

    assert response.status_code == 302
    assert response["Location"].endswith("?kommentar=skickad#kommentar-skickad")
    assert ResidentComment.objects.get().body == "Tack!"


def test_retry_sent_at_once_asks_to_wait_and_keeps_the_text(
    browser, article, principles
):
    first = post(browser, article, without_javascript(principles[0], body="Snabb."))
    retry = retry_form_data(first.content.decode())

    response = post(browser, article, retry)
    html = response.content.decode()

    # Not the quiet drop: the person sees why, and the text is still there.
    assert response.status_code == 200
    assert "Vänta ett par sekunder och skicka sedan igen." in html
    assert "Snabb.</textarea>" in html
    assert not ResidentComment.objects.exists()
    # The page shown again carries the token and the retry stamp itself.
    again = dict(HIDDEN.findall(html[html.index('id="comment-form"') :]))
    assert again["csrfmiddlewaretoken"]
    assert again["started"] == retry["started"]

    retry.update(csrfmiddlewaretoken=again["csrfmiddlewaretoken"])
    with time_machine.travel(time.time() + 3, tick=False):
        response = post(browser, article, retry)

    assert response.status_code == 302
    assert ResidentComment.objects.get().body == "Snabb."


def test_a_bot_reposting_the_retry_page_at_once_gets_nothing_stored(
    browser, article, principles
):
    first = post(browser, article, without_javascript(principles[0]))
    retry = retry_form_data(first.content.decode())

    for _ in range(3):
        post(browser, article, retry)

    assert not ResidentComment.objects.exists()


def test_honeypot_goes_through_the_retry_round(browser, article, principles):
    first = post(
        browser, article, without_javascript(principles[0], webbplats="spam.example")
    )
    retry = retry_form_data(first.content.decode())
    assert retry["webbplats"] == "spam.example"

    with time_machine.travel(time.time() + 3, tick=False):
        response = post(browser, article, retry)

    assert response.status_code == 302  # looks like success
    assert not ResidentComment.objects.exists()


def test_a_forged_retry_stamp_is_quiet_spam(browser, article, principles):
    first = post(browser, article, without_javascript(principles[0]))
    retry = retry_form_data(first.content.decode())
    retry["started"] = retry["started"][:-2] + "xx"

    with time_machine.travel(time.time() + 3, tick=False):
        response = post(browser, article, retry)

    assert response.status_code == 302
    assert not ResidentComment.objects.exists()


def test_other_forms_get_djangos_csrf_page(browser, article):
    response = browser.post("/kommentarer/ny-lank/", {"token": "x" * 40})

    assert response.status_code == 403
    assert "Skicka kommentaren en gång till" not in response.content.decode()


def test_a_post_from_another_site_gets_no_retry_form(browser, article, principles):
    data = without_javascript(principles[0], body="Ord i någon annans mun.")

    response = browser.post(
        f"/kommentarer/artikel/{article.pk}/", data, HTTP_ORIGIN="https://evil.example"
    )

    assert response.status_code == 403
    assert "Ord i någon annans mun." not in response.content.decode()
    assert settings.CSRF_COOKIE_NAME not in response.cookies
