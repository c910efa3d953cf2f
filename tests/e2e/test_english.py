"""The English interface over Swedish content, in a real browser."""

import pytest

from feedback.models import CommentStatus
from tests.e2e.axe import assert_no_axe_violations
from tests.factories import (
    ArticlePageFactory,
    PrincipleFactory,
    ResidentCommentFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def article(live_site):
    principle = PrincipleFactory(name="Samhörighet", slug="samhorighet")
    article = ArticlePageFactory(
        parent=live_site.news_index,
        title="Den långsiktiga planen",
        slug="langsiktig-plan",
        principles=[principle],
    )
    ResidentCommentFactory(
        article=article,
        principle=principle,
        status=CommentStatus.APPROVED,
        body="Bra att planen tar upp tryggheten.",
    )
    return article


@pytest.fixture
def english(page, live_site):
    page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_site.url}]
    )
    return page


@pytest.mark.parametrize("path", ["/", "/nyheter/langsiktig-plan/"])
def test_english_pages_mark_swedish_content_and_pass_axe(
    english, live_site, article, path
):
    english.goto(live_site.url + path)

    assert english.locator("html").get_attribute("lang") == "en"
    assert english.locator("h1").get_attribute("lang") == "sv"
    assert_no_axe_violations(english)


def test_language_of_the_comment_is_swedish_under_english(english, live_site, article):
    english.goto(live_site.url + "/nyheter/langsiktig-plan/")

    body = english.locator(".comment__body")
    assert body.evaluate("element => element.closest('[lang]').lang") == "sv"
    assert english.get_by_role("heading", name="Write a comment").is_visible()
