"""The pages endpoint: live, public pages of the site asked for, and articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    Site,
)

from tests.factories import (
    ArticlePageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def test_only_live_public_pages_of_this_site_are_listed(
    client, article, news_index, settings
):
    from wagtail.models import Page

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "annan.example"]

    draft = ArticlePageFactory(parent=news_index, title="Utkast", publish=False)
    private = ArticlePageFactory(parent=news_index, title="Lösenordsskyddad")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    members = ArticlePageFactory(parent=news_index, title="Bara inloggade")
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.LOGIN
    )
    # A second site with its own tree on another host.
    other_home = HomePageFactory(
        parent=Page.get_first_root_node(), title="Annan sajt", slug="annan"
    )
    Site.objects.create(hostname="annan.example", port=80, root_page=other_home)
    ArticlePageFactory(
        parent=NewsIndexPageFactory(parent=other_home, slug="n2"),
        title="Annan sajts nyhet",
    )

    listed = titles(client.get("/api/v2/pages/", {"limit": 100}))

    assert listed == {"Startsida", "Nyheter", "Den långsiktiga planen"}
    for page in (draft, private, members):
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    # ?site= cannot reach another site; its own host can.
    assert client.get("/api/v2/pages/", {"site": "annan.example"}).status_code == 400
    assert "Annan sajts nyhet" in titles(
        client.get("/api/v2/pages/", HTTP_HOST="annan.example")
    )


def test_a_password_in_the_session_shows_nothing_more(client, article, news_index):
    private = ArticlePageFactory(parent=news_index, title="Lösenordsskyddad")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    session = client.session
    session["wagtail_passed_view_restrictions"] = [restriction.pk]
    session.save()

    assert client.get(private.url).status_code == 200  # the page itself opens
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_a_site_whose_root_is_not_live_shows_no_pages(client, article, home_page):
    home_page.unpublish()

    assert client.get("/api/v2/pages/").json()["meta"]["total_count"] == 0
    assert client.get("/api/v2/comments/").json()["meta"]["total_count"] == 0


def test_an_article_carries_principles_dates_and_its_rendered_body(
    client, article, principles
):
    data = client.get(f"/api/v2/pages/{article.pk}/").json()

    assert data["meta"]["type"] == "news.ArticlePage"
    assert data["meta"]["html_url"] == "http://testserver/nyheter/langsiktig-plan/"
    assert data["meta"]["first_published_at"]
    assert data["meta"]["last_published_at"]
    assert data["lead"] == "En kort ingress om nyheten."
    assert [p["slug"] for p in data["principles"]] == [
        "samhorighet",
        "sjalvstandighet",
        "stolthet",
    ]
    assert data["body_html"] == "<p>Brödtext om nyheten.</p>"
    assert data["body"][0]["type"] == "paragraph"
    assert data["links"] == {
        "comments": f"http://testserver/api/v2/comments/?article={article.pk}",
        "comments_feed": f"http://testserver/kommentarer/artikel/{article.pk}/feed/",
    }


def test_rendered_bodies_get_absolute_links():
    from news.api_fields import absolute_links

    html = '<a href="/nyheter/x/">x</a> <img src="/media/a.png"> <a href="//cdn/x">'

    assert absolute_links(html) == (
        '<a href="http://testserver/nyheter/x/">x</a> '
        '<img src="http://testserver/media/a.png"> <a href="//cdn/x">'
    )


def test_articles_are_listed_newest_first_with_the_fields_asked_for(
    client, news_index, principles
):
    ArticlePageFactory(parent=news_index, title="Först", principles=[principles[0]])
    ArticlePageFactory(parent=news_index, title="Sist", principles=[principles[1]])

    data = client.get(
        "/api/v2/pages/",
        {
            "type": "news.ArticlePage",
            "order": "-first_published_at",
            "fields": "lead,principles",
        },
    ).json()

    assert [item["title"] for item in data["items"]] == ["Sist", "Först"]
    assert data["items"][0]["principles"][0]["name"] == "Självständighet"
    # The body is rendered only in a page's detail.
    listing_body = client.get(
        "/api/v2/pages/", {"type": "news.ArticlePage", "fields": "body_html"}
    )
    assert listing_body.status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"child_of": "1"},
        {"descendant_of": "1"},
        {"first_published_at": "igår"},
        {"type": "auth.User"},
        {"order": "owner"},
    ],
)
def test_unsupported_or_invalid_page_parameters_are_a_400(client, site_pages, params):
    assert client.get("/api/v2/pages/", params).status_code == 400


def queries_for(client, url, params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 100},
        {"limit": 100, "type": "news.ArticlePage", "fields": "*"},
        {"limit": 100, "fields": "*"},
    ],
)
def test_page_listing_queries_do_not_grow_with_the_page_size(
    client, news_index, principles, params
):
    ArticlePageFactory(parent=news_index, principles=principles)
    with_one = queries_for(client, "/api/v2/pages/", params)
    for _ in range(6):
        ArticlePageFactory(parent=news_index, principles=principles[:2])

    assert queries_for(client, "/api/v2/pages/", params) == with_one


def test_images_in_restricted_collections_are_not_shown(client, db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    root = Collection.get_first_root_node()
    private = root.add_child(name="Interna")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    Image.objects.create(title="Öppen bild", file=get_test_image_file())
    hidden = Image.objects.create(
        title="Intern bild", file=get_test_image_file(), collection=private
    )

    assert titles(client.get("/api/v2/images/")) == {"Öppen bild"}
    assert client.get(f"/api/v2/images/{hidden.pk}/").status_code == 404


def test_image_listing_queries_do_not_grow_with_the_page_size(client, db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    def add_image():
        image = Image.objects.create(title="Bild", file=get_test_image_file())
        image.tags.add("park", "torg")

    add_image()
    with_one = queries_for(client, "/api/v2/images/", {"fields": "*"})
    for _ in range(5):
        add_image()

    assert queries_for(client, "/api/v2/images/", {"fields": "*"}) == with_one
