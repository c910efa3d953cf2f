"""The discussion rules: a page the municipality edits, linked wherever they apply."""

import pytest

from feedback.models import CommentStatus
from feedback.tokens import new_token_fields, verification_token
from tests.factories import ResidentCommentFactory

pytestmark = pytest.mark.django_db

RULES_LINK = '<a href="/regler/">Läs reglerna för kommentarer</a>'


def form_part(html):
    return html[html.index('id="kommentera"') :]


def test_comment_form_links_the_rules(client, article, rules_page):
    html = client.get(article.url).content.decode()

    assert RULES_LINK in form_part(html)


def test_page_after_sending_links_the_rules_once_below_the_notice(
    client, article, rules_page
):
    html = client.get(article.url + "?kommentar=skickad").content.decode()

    assert html.count(RULES_LINK) == 1
    assert html.index('id="kommentar-skickad"') < html.index(RULES_LINK)


def test_confirm_pages_link_the_rules(client, article, principles, rules_page):
    comment = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.UNVERIFIED,
        **new_token_fields(),
    )
    url = f"/kommentarer/bekrafta/{verification_token(comment)}/"

    asking = client.get(url).content.decode()
    confirmed = client.post(url).content.decode()

    assert RULES_LINK in asking
    assert "Tack! Kommentaren är bekräftad" in confirmed
    assert RULES_LINK in confirmed


def test_no_rules_link_without_a_live_rules_page(client, article, rules_page):
    rules_page.unpublish()

    html = client.get(article.url + "?kommentar=skickad").content.decode()

    assert "Läs reglerna för kommentarer" not in html
