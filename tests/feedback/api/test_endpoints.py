"""The principles and published-comments endpoints: shape, filters, order, pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from tests.factories import ArticlePageFactory, ResidentCommentFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def published(article, principle, *, at=None, **kwargs):
    comment = ResidentCommentFactory(
        article=article, principle=principle, status=CommentStatus.APPROVED, **kwargs
    )
    if at is not None:
        ResidentComment.objects.filter(pk=comment.pk).update(
            moderated_at=at, created_at=at - timedelta(hours=1)
        )
    return comment


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_a_published_comment_has_what_its_page_shows(client, article, principles):
    comment = published(
        article,
        principles[1],
        author_name="Ada \u202eLovelace",
        body="Se https://example.se/plan\nTack <b>!</b>",
        at=datetime(2026, 3, 1, 12, 0, tzinfo=STOCKHOLM),
    )
    OfficialReply.objects.create(comment=comment, body="Tack!\nVi <b>svarar</b>.")

    item = client.get(f"/api/v2/comments/{comment.pk}/").json()

    assert item == {
        "id": comment.pk,
        "meta": {
            "type": "feedback.ResidentComment",
            "detail_url": f"http://testserver/api/v2/comments/{comment.pk}/",
            "html_url": (
                f"http://testserver/nyheter/langsiktig-plan/#kommentar-{comment.pk}"
            ),
        },
        "article": {
            "id": article.pk,
            "meta": {
                "type": "news.ArticlePage",
                "detail_url": f"http://testserver/api/v2/pages/{article.pk}/",
                "html_url": "http://testserver/nyheter/langsiktig-plan/",
            },
            "title": "Den långsiktiga planen",
        },
        "principle": {
            "id": principles[1].pk,
            "meta": {
                "type": "news.Principle",
                "detail_url": f"http://testserver/api/v2/principles/{principles[1].pk}/",
                "html_url": "http://testserver/principer/sjalvstandighet/",
            },
            "slug": "sjalvstandighet",
            "name": "Självständighet",
        },
        "author_name": "Ada Lovelace",
        "body_html": (
            'Se <a href="https://example.se/plan" rel="nofollow ugc noopener">'
            "https://example.se/plan</a><br>\nTack &lt;b&gt;!&lt;/b&gt;"
        ),
        "created_at": "2026-03-01T11:00:00+01:00",
        "published_at": "2026-03-01T12:00:00+01:00",
        "reply": {
            "body_html": "Tack!<br>\nVi &lt;b&gt;svarar&lt;/b&gt;.",
            "created_at": item["reply"]["created_at"],
            "updated_at": item["reply"]["updated_at"],
        },
    }


def test_comments_are_newest_first_by_default_and_order_is_a_choice(
    client, article, principles
):
    old = published(article, principles[0], at=datetime(2026, 1, 1, tzinfo=STOCKHOLM))
    new = published(article, principles[0], at=datetime(2026, 2, 1, tzinfo=STOCKHOLM))

    assert ids(client.get("/api/v2/comments/")) == [new.pk, old.pk]
    assert ids(client.get("/api/v2/comments/", {"order": "published_at"})) == [
        old.pk,
        new.pk,
    ]
    assert ids(client.get("/api/v2/comments/", {"order": "-id"})) == [
        max(old.pk, new.pk),
        min(old.pk, new.pk),
    ]
    wrong = client.get("/api/v2/comments/", {"order": "author_email"})
    assert wrong.status_code == 400
    assert "cannot order by 'author_email'" in wrong.json()["message"]


def test_comments_filter_by_article_principle_and_period(
    client, article, principles, news_index
):
    other = ArticlePageFactory(parent=news_index, principles=principles)
    january = published(
        article, principles[0], at=datetime(2026, 1, 31, 23, 30, tzinfo=STOCKHOLM)
    )
    february = published(
        other, principles[0], at=datetime(2026, 2, 1, 0, 30, tzinfo=STOCKHOLM)
    )
    march = published(
        article, principles[2], at=datetime(2026, 3, 15, 12, 0, tzinfo=STOCKHOLM)
    )

    def filtered(**params):
        return sorted(ids(client.get("/api/v2/comments/", params)))

    assert filtered(article=article.pk) == sorted([january.pk, march.pk])
    assert filtered(principle="samhorighet") == sorted([january.pk, february.pk])
    assert filtered(principle="stolthet", article=article.pk) == [march.pk]
    # Dates are Stockholm's and both ends are inclusive.
    assert filtered(since="2026-02-01") == sorted([february.pk, march.pk])
    assert filtered(until="2026-01-31") == [january.pk]
    assert filtered(since="2026-02-01", until="2026-02-28") == [february.pk]
    assert filtered(since="2026-03-01", until="2026-02-01") == []
    assert filtered(article=999999, principle="finns-inte") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "31/01/2026"}, "since: "),
        ({"until": "2026-02-30"}, "until: "),
        ({"article": "abc"}, "article: "),
        # Found by schemathesis: a blank slug was taken as no filter.
        ({"principle": " "}, "principle: "),
        ({"article": "0"}, "article: "),
        ({"article": "99999999999"}, "article: "),
        ({"email": "x@example.se"}, "recognised field: email"),
        ({"limit": "101"}, "limit cannot be higher than 100"),
        ({"offset": "-1"}, "offset must be a positive integer"),
    ],
)
def test_invalid_parameters_are_a_400_with_a_message(client, params, message):
    response = client.get("/api/v2/comments/", params)

    assert response.status_code == 400
    assert message in response.json()["message"]


def test_comments_paginate_with_limit_and_offset(client, article, principles):
    made = [
        published(article, principles[0], at=datetime(2026, 1, d, tzinfo=STOCKHOLM))
        for d in range(1, 6)
    ]

    page = client.get(
        "/api/v2/comments/", {"order": "published_at", "limit": 2, "offset": 2}
    ).json()

    assert page["meta"] == {"total_count": 5}
    assert [item["id"] for item in page["items"]] == [made[2].pk, made[3].pk]


def test_comments_on_private_or_unpublished_articles_are_not_shown(
    client, article, principles, news_index
):
    from wagtail.models import PageViewRestriction

    shown = published(article, principles[0])
    private = ArticlePageFactory(parent=news_index)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    published(private, principles[0])
    draft = ArticlePageFactory(parent=news_index)
    published(draft, principles[0])
    draft.unpublish()

    assert ids(client.get("/api/v2/comments/")) == [shown.pk]
    assert client.get(f"/kommentarer/artikel/{private.pk}/feed/").status_code == 404
    assert client.get(f"/kommentarer/artikel/{draft.pk}/feed/").status_code == 404


def test_principles_list_live_ones_in_their_order_with_links(client, principles):
    principles[2].is_live = False
    principles[2].save()

    data = client.get("/api/v2/principles/").json()

    assert data["meta"] == {"total_count": 2}
    first = data["items"][0]
    assert [item["slug"] for item in data["items"]] == [
        "samhorighet",
        "sjalvstandighet",
    ]
    assert first["links"] == {
        "comments": "http://testserver/api/v2/comments/?principle=samhorighet",
        "feed": "http://testserver/principer/samhorighet/feed/",
        "export_csv": (
            "http://testserver/api/v2/comments/export/?principle=samhorighet&format=csv"
        ),
        "export_json": (
            "http://testserver/api/v2/comments/export/?principle=samhorighet"
            "&format=json"
        ),
    }
    assert "description_html" not in first
    detail = client.get(f"/api/v2/principles/{principles[0].pk}/").json()
    assert "description_html" in detail
    assert client.get(f"/api/v2/principles/{principles[2].pk}/").status_code == 404


def queries_for(client, url) -> int:
    client.get(url)  # warm Wagtail's caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_comment_listing_queries_do_not_grow_with_the_page_size(
    client, article, principles, news_index
):
    url = "/api/v2/comments/?limit=100"
    published(article, principles[0])
    with_one = queries_for(client, url)
    for number in range(12):
        other = ArticlePageFactory(parent=news_index)
        comment = published(other, principles[number % 3])
        if number % 2:
            OfficialReply.objects.create(comment=comment, body="Svar")

    assert queries_for(client, url) == with_one
    assert queries_for(client, "/api/v2/comments/export/?format=csv") == with_one - 1


def test_principle_listing_queries_do_not_grow_with_the_page_size(client, db):
    from tests.factories import PrincipleFactory

    PrincipleFactory()
    with_one = queries_for(client, "/api/v2/principles/")
    for _ in range(5):
        PrincipleFactory()

    assert queries_for(client, "/api/v2/principles/") == with_one
