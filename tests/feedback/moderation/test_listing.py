"""The queue listing: order, filters, search, row contents and query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import CommentStatus
from tests.factories import ArticlePageFactory, ResidentCommentFactory

pytestmark = pytest.mark.django_db
S = CommentStatus
LIST_URL = reverse("feedback_moderation:list")


def shown(response):
    return [c.pk for c in response.context["object_list"]]


def make(article, principle, **kwargs):
    return ResidentCommentFactory(article=article, principle=principle, **kwargs)


@pytest.mark.clock_sensitive
def test_queue_is_pending_and_oldest_first_by_default(client_a, article, principles):
    newer = make(article, principles[0])
    older = make(article, principles[0])
    older.created_at = timezone.now() - datetime.timedelta(days=2)
    older.save()
    make(article, principles[0], status=S.APPROVED)
    make(article, principles[0], status=S.UNVERIFIED)

    response = client_a.get(LIST_URL)

    assert shown(response) == [older.pk, newer.pk]


@pytest.mark.parametrize("status", [S.APPROVED, S.REJECTED, S.SPAM])
def test_status_views_show_that_status(client_a, article, principles, status):
    make(article, principles[0])
    wanted = make(article, principles[0], status=status)

    assert shown(client_a.get(LIST_URL, {"status": status})) == [wanted.pk]


def test_all_statuses_never_include_unverified(client_a, article, principles):
    pending = make(article, principles[0])
    make(article, principles[0], status=S.UNVERIFIED)

    assert shown(client_a.get(LIST_URL, {"status": ""})) == [pending.pk]


def test_filter_by_principle(client_chief, article, principles):
    make(article, principles[0])
    wanted = make(article, principles[1])

    response = client_chief.get(LIST_URL, {"principle": principles[1].pk})

    assert shown(response) == [wanted.pk]


def test_principle_filter_offers_only_ones_own_principles(client_a, principles):
    response = client_a.get(LIST_URL)
    choices = response.context["filters"].form.fields["principle"].queryset
    assert list(choices) == [principles[0]]


def test_filter_by_article(client_a, article, news_index, principles):
    other_article = ArticlePageFactory(parent=news_index, principles=principles)
    make(article, principles[0])
    wanted = make(other_article, principles[0])

    assert shown(client_a.get(LIST_URL, {"article": other_article.pk})) == [wanted.pk]


@pytest.mark.clock_sensitive
def test_filter_by_date(client_a, article, principles):
    old = make(article, principles[0])
    old.created_at = timezone.now() - datetime.timedelta(days=10)
    old.save()
    recent = make(article, principles[0])
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    assert shown(client_a.get(LIST_URL, {"created_at_from": since})) == [recent.pk]


@pytest.mark.parametrize(
    "flags",
    [{"link_count": 3}, {"suspect_words": ["gratis"]}, {"recaptcha_score": 0.2}],
)
def test_filter_flagged(client_a, article, principles, flags):
    make(article, principles[0], recaptcha_score=0.9)
    flagged = make(article, principles[0], **flags)

    assert shown(client_a.get(LIST_URL, {"flagged": "true"})) == [flagged.pk]
    assert flagged.pk not in shown(client_a.get(LIST_URL, {"flagged": "false"}))


def test_search_finds_text_and_author_name(client_a, article, principles):
    by_text = make(article, principles[0], body="Busshållplatsen vid torget")
    by_name = make(article, principles[0], author_name="Greta Torgsson")
    make(article, principles[0], body="Något annat", author_name="Per")

    assert sorted(shown(client_a.get(LIST_URL, {"q": "torg"}))) == sorted(
        [by_text.pk, by_name.pk]
    )


def test_search_by_email_needs_the_personal_data_permission(
    client_a, client_chief, article, principles
):
    make(article, principles[0], author_email="hemlig.adress@example.se")

    assert shown(client_a.get(LIST_URL, {"q": "hemlig.adress"})) == []
    assert len(shown(client_chief.get(LIST_URL, {"q": "hemlig.adress"}))) == 1


def test_email_is_shown_on_detail_only_with_the_personal_data_permission(
    client_a, client_chief, comment_a
):
    url = reverse("feedback_moderation:detail", args=[comment_a.pk])
    assert comment_a.author_email not in client_a.get(url).content.decode()
    assert comment_a.author_email in client_chief.get(url).content.decode()


def test_row_shows_flags_and_author_history(client_a, article, principles):
    email = "aterkommande@example.se"
    make(article, principles[0], author_email=email, status=S.APPROVED)
    make(article, principles[0], author_email=email, status=S.APPROVED)
    make(article, principles[1], author_email=email, status=S.REJECTED)
    make(
        article,
        principles[0],
        author_email=email,
        link_count=4,
        suspect_words=["kasino"],
        body="Ny synpunkt",
    )

    content = client_a.get(LIST_URL).content.decode()

    assert "2 godkända, 1 avvisade" in content
    assert "4 länkar" in content
    assert "kasino" in content
    assert "Den långsiktiga planen" in content


def test_user_text_is_escaped_in_the_listing_and_detail(client_a, article, principles):
    comment = make(
        article,
        principles[0],
        body="<script>alert(1)</script>",
        author_name="<img src=x onerror=alert(2)>",
    )

    listing = client_a.get(LIST_URL).content.decode()
    detail = client_a.get(
        reverse("feedback_moderation:detail", args=[comment.pk])
    ).content.decode()

    for page in (listing, detail):
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x onerror=alert(2)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["object_list"])


def test_listing_query_count_does_not_grow_with_rows(
    client_a, article, news_index, principles
):
    for _ in range(2):
        make(article, principles[0], link_count=1)
    client_a.get(LIST_URL)  # warm per-process caches (content types, settings)
    small, small_rows = count_queries(client_a, LIST_URL)

    other = ArticlePageFactory(parent=news_index, principles=principles)
    for i in range(25):
        make(
            other if i % 2 else article,
            principles[0],
            author_email=f"person{i % 3}@example.se",
            suspect_words=["x"],
        )
    large, large_rows = count_queries(client_a, LIST_URL)

    assert (small_rows, large_rows) == (2, 27)
    assert large == small


def test_listing_query_count_is_pinned(
    client_a, article, principles, django_assert_num_queries
):
    for _ in range(5):
        make(article, principles[0])
    client_a.get(LIST_URL)  # warm caches (content types, site settings)

    with CaptureQueriesContext(connection) as first:
        client_a.get(LIST_URL)
    for _ in range(20):
        make(article, principles[0])
    with django_assert_num_queries(len(first)):
        client_a.get(LIST_URL)


def test_default_status_is_in_the_title_not_a_removable_filter(client_a):
    default = client_a.get(LIST_URL)
    chosen = client_a.get(LIST_URL, {"status": "rejected"})

    assert default.context["header_title"] == "Väntar på granskning"
    assert default.context["view"].active_filters == []
    assert chosen.context["header_title"] == "Avvisade"
    assert [f.value for f in chosen.context["view"].active_filters] == ["Avvisad"]


def test_detail_links_to_neighbours_in_queue_order_even_on_equal_times(
    client_a, article, principles
):
    comments = [make(article, principles[0]) for _ in range(3)]
    same_time = comments[0].created_at
    type(comments[0]).objects.filter(pk__in=[c.pk for c in comments]).update(
        created_at=same_time
    )
    middle = comments[1]

    response = client_a.get(reverse("feedback_moderation:detail", args=[middle.pk]))

    assert response.context["previous_url"].endswith(f"/kommentar/{comments[0].pk}/")
    assert response.context["next_url"].endswith(f"/kommentar/{comments[2].pk}/")
