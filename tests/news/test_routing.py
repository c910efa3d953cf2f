"""The site root finds a page in one query; what it serves is what Wagtail's
walk would serve: drafts and unknown paths are 404s, restrictions hold."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_article_is_served_at_its_path(client, article):
    response = client.get("/nyheter/langsiktig-plan/")

    assert response.status_code == 200
    assert response.context["page"].specific == article


def test_unknown_path_is_a_404(client, article):
    assert client.get("/nyheter/finns-inte/").status_code == 404
    assert client.get("/nyheter/langsiktig-plan/mer/").status_code == 404


def test_draft_article_is_a_404(client, news_index):
    ArticlePageFactory(parent=news_index, slug="utkast", publish=False)

    assert client.get("/nyheter/utkast/").status_code == 404


def test_article_under_an_unpublished_news_index_is_still_served(client, article):
    # Wagtail's own walk does not ask whether the pages on the way are live.
    news_index = article.get_parent()
    news_index.unpublish()

    assert client.get("/nyheter/langsiktig-plan/").status_code == 200


def test_password_on_the_news_index_protects_its_articles(client, article):
    PageViewRestriction.objects.create(
        page=article.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )

    response = client.get("/nyheter/langsiktig-plan/")

    assert response.status_code == 200
    assert "Den långsiktiga planen" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_restriction_on_an_alias_source_protects_the_alias(client, article, home_page):
    news_index = article.get_parent()
    alias = news_index.create_alias(parent=home_page, update_slug="alias-nyheter")
    PageViewRestriction.objects.create(
        page=news_index,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )

    assert list(alias.specific.get_view_restrictions()) == list(
        PageViewRestriction.objects.filter(page=news_index)
    )


def test_a_path_with_a_nul_byte_is_a_404(client, article):
    # Found by the schema fuzz on PostgreSQL, which refuses NUL in a query.
    assert (
        client.get("/api/v2/pages/find/", {"html_path": "/a\x00b/"}).status_code == 404
    )
    assert client.get("/nyheter/a%00b/").status_code == 404
