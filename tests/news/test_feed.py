from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import CommentStatus
from tests.factories import ArticlePageFactory, ResidentCommentFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = "/nyheter/feed/"


def parse(response):
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def entries(feed):
    return feed.findall(f"{ATOM}entry")


@pytest.mark.clock_sensitive
def test_feed_is_atom_with_latest_articles_newest_first(client, news_index):
    now = timezone.now()
    ArticlePageFactory(
        parent=news_index,
        title="Äldre nyhet",
        slug="aldre",
        lead="Ingressen till den äldre.",
        first_published_at=now - timedelta(days=2),
    )
    ArticlePageFactory(
        parent=news_index,
        title="Nyare nyhet",
        slug="nyare",
        lead="Ingressen till den nyare.",
        first_published_at=now - timedelta(days=1),
    )

    response = client.get(FEED_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse(response)
    assert feed.findtext(f"{ATOM}title") == "Nyheter"
    assert [entry.findtext(f"{ATOM}title") for entry in entries(feed)] == [
        "Nyare nyhet",
        "Äldre nyhet",
    ]
    assert [entry.findtext(f"{ATOM}summary") for entry in entries(feed)] == [
        "Ingressen till den nyare.",
        "Ingressen till den äldre.",
    ]


def test_feed_leaves_out_unpublished_articles(client, article, news_index):
    ArticlePageFactory(parent=news_index, title="Hemligt utkast", publish=False)

    feed = parse(client.get(FEED_URL))

    assert [entry.findtext(f"{ATOM}title") for entry in entries(feed)] == [
        "Den långsiktiga planen"
    ]


def test_feed_links_are_absolute_from_the_configured_base_url(
    client, article, settings
):
    settings.PORTAL_BASE_URL = "https://nyheter.example.se"

    # The Host header must not decide the links (design: "Verification").
    feed = parse(client.get(FEED_URL, HTTP_HOST="localhost"))

    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "https://nyheter.example.se/",
        "self": "https://nyheter.example.se/nyheter/feed/",
    }
    (entry,) = entries(feed)
    assert entry.find(f"{ATOM}link").get("href") == (
        "https://nyheter.example.se/nyheter/langsiktig-plan/"
    )
    assert entry.findtext(f"{ATOM}id") == (
        "https://nyheter.example.se/nyheter/langsiktig-plan/"
    )


def test_feed_carries_no_personal_data(client, article, principles):
    editor = UserFactory(
        username="redaktor-anna",
        first_name="Anna",
        last_name="Redaktörsson",
        email="anna.redaktor@kommunen.example.se",
    )
    article.owner = editor
    article.save_revision(user=editor).publish()
    ResidentCommentFactory(
        article=article,
        principle=principles[0],
        author_name="Kalle Invånare",
        author_email="kalle@example.se",
        body="Min synpunkt på planen.",
        status=CommentStatus.APPROVED,
    )

    content = client.get(FEED_URL).content.decode()

    for personal in (
        "redaktor-anna",
        "Anna",
        "Redaktörsson",
        "anna.redaktor@kommunen.example.se",
        "Kalle Invånare",
        "kalle@example.se",
        "Min synpunkt på planen.",
    ):
        assert personal not in content
    # The only author named is the organisation (Atom requires one).
    feed = parse(client.get(FEED_URL))
    assert [name.text for name in feed.iter(f"{ATOM}name")] == ["Kommunen"]


def test_feed_queries_do_not_grow_with_the_number_of_articles(client, news_index):
    def queries_for_feed():
        client.get(FEED_URL)  # warm caches (site root paths, settings)
        with CaptureQueriesContext(connection) as context:
            assert client.get(FEED_URL).status_code == 200
        return len(context.captured_queries)

    ArticlePageFactory(parent=news_index)
    with_one = queries_for_feed()
    for _ in range(5):
        ArticlePageFactory(parent=news_index)

    assert queries_for_feed() == with_one
