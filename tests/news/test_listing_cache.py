"""The home page's listings kept in the cache (news.listings).

Kept between requests, and never shown once what they list has changed.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Principle
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def listing_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return sum(
        "news_articlepage" in q["sql"] or '"news_principle"' in q["sql"]
        for q in queries
    )


def test_the_listings_are_kept_between_requests(client, article, home_page):
    first = home(client)

    assert listing_queries(client) == 0
    assert home(client) == first
    assert article.title in first


def test_a_published_article_shows_at_once(
    client, article, news_index, django_capture_on_commit_callbacks
):
    home(client)

    with django_capture_on_commit_callbacks(execute=True):
        new = ArticlePageFactory(parent=news_index, title="Helt ny nyhet")
        new.save_revision().publish()

    assert "Helt ny nyhet" in home(client)


def test_an_unpublished_article_goes_at_once(
    client, article, home_page, django_capture_on_commit_callbacks
):
    assert article.title in home(client)

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert article.title not in home(client)


def test_a_renamed_principle_shows_at_once(
    client, article, home_page, django_capture_on_commit_callbacks
):
    home(client)
    principle = Principle.objects.get(slug="samhorighet")

    with django_capture_on_commit_callbacks(execute=True):
        principle.name = "Gemenskap"
        principle.save()

    assert "Gemenskap" in home(client)


def test_each_language_has_its_own_listings(client, article, home_page):
    swedish = home(client)
    client.cookies["django_language"] = "en"
    english = home(client)

    assert "Senaste nyheterna" in swedish
    assert "Latest news" in english


def test_an_article_is_kept_until_it_is_published_again(
    client, article, django_capture_on_commit_callbacks
):
    first = client.get(article.url).content.decode()
    assert article.lead in first

    article.lead = "En ny ingress"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert "En ny ingress" in client.get(article.url).content.decode()
