import pytest
from django.db import connection

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [page.title for page in response.context["page_obj"].object_list]


def test_search_finds_article_by_a_word_in_its_body(client, news_index):
    ArticlePageFactory(
        parent=news_index,
        title="Trafiken i centrum",
        slug="trafiken-i-centrum",
        body=[("paragraph", "<p>Kommunen bygger en cykelbana längs ån.</p>")],
    )
    ArticlePageFactory(parent=news_index, title="Något helt annat")

    response = client.get("/sok/", {"q": "cykelbana"})

    assert response.status_code == 200
    assert result_titles(response) == ["Trafiken i centrum"]
    html = response.content.decode()
    assert "1 träff för ”cykelbana”" in html
    assert '<a href="/nyheter/trafiken-i-centrum/">Trafiken i centrum</a>' in html


def test_search_does_not_find_unpublished_articles(client, news_index):
    ArticlePageFactory(
        parent=news_index,
        title="Utkast om cykelbanan",
        body=[("paragraph", "<p>En cykelbana planeras.</p>")],
        publish=False,
    )

    response = client.get("/sok/", {"q": "cykelbana"})

    assert result_titles(response) == []
    assert "0 träffar för ”cykelbana”" in response.content.decode()


def test_search_without_query_shows_the_form_only(client, article):
    response = client.get("/sok/")

    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert "träff" not in response.content.decode()


@pytest.mark.postgres
def test_search_uses_swedish_stemming_on_postgresql(client, news_index):
    if connection.vendor != "postgresql":
        pytest.skip("Swedish stemming needs PostgreSQL full-text search.")
    ArticlePageFactory(
        parent=news_index,
        title="Fullmäktige har beslutat",
        body=[("paragraph", "<p>Planen gäller fram till 2027.</p>")],
    )

    response = client.get("/sok/", {"q": "planer"})

    assert result_titles(response) == ["Fullmäktige har beslutat"]
