from xml.etree import ElementTree

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_live_page_with_absolute_url(client, article):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert locations(response) == [
        "http://testserver/",
        "http://testserver/nyheter/",
        "http://testserver/nyheter/langsiktig-plan/",
        "http://testserver/principer/samhorighet/",
        "http://testserver/principer/sjalvstandighet/",
        "http://testserver/principer/stolthet/",
    ]


def test_sitemap_leaves_out_principles_that_are_not_live(client, principles):
    principles[2].is_live = False
    principles[2].save()

    assert "http://testserver/principer/stolthet/" not in locations(
        client.get("/sitemap.xml")
    )


def test_sitemap_leaves_out_unpublished_pages(client, article, news_index):
    ArticlePageFactory(parent=news_index, slug="utkast", publish=False)

    assert "http://testserver/nyheter/utkast/" not in locations(
        client.get("/sitemap.xml")
    )
