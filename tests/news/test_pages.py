import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils  # noqa: F401  (keeps API import honest)

from news.models import ArticlePage, HomePage, NewsIndexPage, StandardPage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("parent", "child", "allowed"),
    [
        (Page, HomePage, True),
        (HomePage, NewsIndexPage, True),
        (HomePage, StandardPage, True),
        (HomePage, ArticlePage, False),
        (NewsIndexPage, ArticlePage, True),
        (NewsIndexPage, NewsIndexPage, False),
        (ArticlePage, ArticlePage, False),
        (StandardPage, ArticlePage, False),
        (Page, ArticlePage, False),
    ],
)
def test_page_type_rules(parent, child, allowed):
    assert child.can_create_at(parent()) is allowed or (
        # HomePage.max_count: can_create_at also counts existing home pages.
        child is HomePage and not allowed
    )


def test_home_page_renders_vision_latest_news_and_principles(
    client, article, home_page
):
    from portal.models import PortalSettings

    settings = PortalSettings.for_site(home_page.get_site())
    settings.vision = "Tillsammans skapar vi trygghet"
    settings.save()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tillsammans skapar vi trygghet" in html
    assert article.title in html
    assert "Samhörighet" in html and "Självständighet" in html and "Stolthet" in html


def test_news_index_lists_newest_first_and_paginates(client, news_index):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for number in range(12):
        ArticlePageFactory(
            parent=news_index,
            title=f"Artikel {number:02d}",
            first_published_at=now - timedelta(days=number),
        )

    first = client.get(news_index.url)
    second = client.get(news_index.url, {"page": 2})
    bogus = client.get(news_index.url, {"page": "x"})

    html = first.content.decode()
    assert html.index("Artikel 00") < html.index("Artikel 09")
    assert "Artikel 10" not in html
    assert "Artikel 10" in second.content.decode()
    assert bogus.status_code == 200


def test_article_page_renders_body_principles_and_comment_section(client, article):
    response = client.get(article.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="article-title">Den långsiktiga planen</h1>' in html
    assert "Brödtext om nyheten." in html
    assert 'id="kommentarer"' in html
    assert "/principer/samhorighet/" in html


def test_principle_page_lists_its_articles(client, article, principles, news_index):
    other = ArticlePageFactory(parent=news_index, title="Utan princip")

    response = client.get("/principer/samhorighet/")

    html = response.content.decode()
    assert response.status_code == 200
    assert article.title in html
    assert other.title not in html


def test_unknown_principle_is_a_swedish_404(client, site_pages):
    response = client.get("/principer/finns-inte/")

    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_unpublished_article_is_not_listed(client, news_index, home_page):
    ArticlePageFactory(parent=news_index, title="Hemlig utkastnyhet", publish=False)

    assert "Hemlig utkastnyhet" not in client.get("/").content.decode()
    assert "Hemlig utkastnyhet" not in client.get(news_index.url).content.decode()


def test_standard_page_renders_title_and_body(client, home_page):
    from news.models import StandardPage

    page = StandardPage(
        title="Tillgänglighetsredogörelse",
        slug="tillganglighet",
        body=[
            ("heading", {"text": "Hur tillgänglig är webbplatsen?", "level": "h2"}),
            ("paragraph", "<p>Webbplatsen följer WCAG 2.1 AA.</p>"),
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()

    response = client.get("/tillganglighet/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tillgänglighetsredogörelse</h1>" in html
    assert "<h2>Hur tillgänglig är webbplatsen?</h2>" in html
    assert "<p>Webbplatsen följer WCAG 2.1 AA.</p>" in html
