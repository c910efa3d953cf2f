"""Atom feeds per principle and per article, and how browsers are shown them."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from tests.factories import ArticlePageFactory, ResidentCommentFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
)
READER_ACCEPT = "application/atom+xml,application/rss+xml;q=0.9,*/*;q=0.5"


def parse(response):
    assert response.status_code == 200, response.content
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def published(article, principle, *, hours_ago, **kwargs):
    comment = ResidentCommentFactory(
        article=article, principle=principle, status=CommentStatus.APPROVED, **kwargs
    )
    ResidentComment.objects.filter(pk=comment.pk).update(
        moderated_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return comment


def test_principle_feed_has_its_articles_and_comments_newest_first(
    client, news_index, principles
):
    article = ArticlePageFactory(
        parent=news_index,
        title="Parken rustas",
        principles=[principles[0]],
        first_published_at=timezone.now() - timedelta(hours=10),
    )
    ArticlePageFactory(parent=news_index, title="Om annat", principles=[principles[1]])
    comment = published(
        article, principles[0], hours_ago=1, author_name="Bo", body="Bra!\nTack."
    )
    OfficialReply.objects.create(comment=comment, body="Vi tackar.")
    published(article, principles[1], hours_ago=2, body="Om självständighet")

    feed = parse(client.get("/principer/samhorighet/feed/"))

    assert feed.findtext(f"{ATOM}title") == "Samhörighet: nyheter och synpunkter"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Bo om ”Parken rustas”",
        "Parken rustas",
    ]
    first = entries[0]
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Bo"
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver/nyheter/{article.slug}/#kommentar-{comment.pk}"
    )
    content = first.find(f"{ATOM}content")
    assert content.get("type") == "xhtml"
    div = content.find(f"{XHTML}div")
    text = "".join(div.itertext())
    assert "Bra!" in text and "Tack." in text
    assert "Kommunen svarar" in text and "Vi tackar." in text
    assert div.find(f".//{XHTML}br") is not None
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Samhörighet"]


def test_article_comments_feed_lists_its_published_comments(
    client, article, principles
):
    newer = published(article, principles[0], hours_ago=1, body="Nyare")
    published(article, principles[1], hours_ago=5, body="Äldre")
    ResidentCommentFactory(
        article=article, principle=principles[0], body="Väntar", status="pending"
    )

    feed = parse(client.get(f"/kommentarer/artikel/{article.pk}/feed/"))

    assert feed.findtext(f"{ATOM}title") == "Kommentarer: Den långsiktiga planen"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert entries[0].findtext(f"{ATOM}id") == (
        f"http://testserver/nyheter/langsiktig-plan/#kommentar-{newer.pk}"
    )


@pytest.mark.parametrize(
    "url", ["/nyheter/feed/", "/principer/samhorighet/feed/", "ARTICLE"]
)
def test_feeds_name_the_stylesheet_and_show_browsers_xml(client, article, url):
    url = f"/kommentarer/artikel/{article.pk}/feed/" if url == "ARTICLE" else url

    for_browser = client.get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
    for_reader = client.get(url, HTTP_ACCEPT=READER_ACCEPT)

    assert for_browser["Content-Type"] == "application/xml; charset=utf-8"
    assert for_reader["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert client.get(url)["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert "Accept" in for_browser["Vary"]
    head = for_browser.content.decode().split("<feed", 1)[0]
    assert (
        '<?xml-stylesheet href="/static/feeds/atom.xsl" media="screen" '
        'type="text/xsl"?>'
    ) in head


def test_the_stylesheet_needs_no_inline_script_or_style():
    from django.contrib.staticfiles import finders

    xsl = open(finders.find("feeds/atom.xsl"), encoding="utf-8").read()  # noqa: SIM115

    ElementTree.fromstring(xsl.encode())  # noqa: S314 (our own file)
    for forbidden in ("<script", "<style", "style=", "javascript:", "onload"):
        assert forbidden not in xsl
    assert '<html lang="sv">' in xsl
    assert "Det här är ett flöde" in xsl
    assert 'href="/static/css/portal.css"' in xsl


def test_pages_link_their_feeds_in_the_head(client, article, principles):
    principle_html = client.get("/principer/samhorighet/").content.decode()
    article_html = client.get(article.url).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" title="Samhörighet: '
        'nyheter och synpunkter" href="/principer/samhorighet/feed/">'
    ) in principle_html.split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Kommentarer: '
        f'Den långsiktiga planen" href="/kommentarer/artikel/{article.pk}/feed/">'
    ) in article_html.split("</head>")[0]


def test_feeds_404_for_unknown_or_hidden_principles(client, principles):
    principles[2].is_live = False
    principles[2].save()

    assert client.get("/principer/stolthet/feed/").status_code == 404
    assert client.get("/principer/finns-inte/feed/").status_code == 404
    assert client.get("/kommentarer/artikel/999999/feed/").status_code == 404


def test_feed_queries_do_not_grow_with_the_number_of_entries(
    client, news_index, principles
):
    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    article = ArticlePageFactory(parent=news_index, principles=principles)
    published(article, principles[0], hours_ago=1)
    urls = ["/principer/samhorighet/feed/", f"/kommentarer/artikel/{article.pk}/feed/"]
    with_one = [queries(url) for url in urls]
    for number in range(6):
        other = ArticlePageFactory(parent=news_index, principles=principles)
        comment = published(other, principles[0], hours_ago=2)
        published(article, principles[0], hours_ago=3)
        if number % 2:
            OfficialReply.objects.create(comment=comment, body="Svar")

    assert [queries(url) for url in urls] == with_one
