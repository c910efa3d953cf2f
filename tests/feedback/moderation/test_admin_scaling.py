"""Admin pages whose cost does not grow with the number of comments.

Query counts pinned at two sizes for each page and both kinds of moderator,
deep pages that show exactly what reading forwards would, the author's
history on any page, and a bulk approval in the same statements whatever
the number of comments.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from feedback.admin.queue import EitherEndPaginator
from feedback.identity import email_hash
from feedback.models import CommentStatus, EmailDelivery, ResidentComment
from feedback.selectors_moderation import pending_queues
from feedback.services import actions
from tests.factories import ResidentCommentFactory, UserFactory

pytestmark = pytest.mark.django_db
S = CommentStatus
LIST_URL = reverse("feedback_moderation:list")
PER_PAGE = 50


def add_comments(article, principle, count, *, status=S.APPROVED, authors=7):
    """``count`` comments, a few seconds apart, some at the very same instant
    (so the id must break ties), from ``authors`` returning authors."""
    start = timezone.now() - datetime.timedelta(days=30)
    comments = []
    for i in range(count):
        address = f"person{i % authors}@example.se"
        comments.append(
            ResidentCommentFactory.build(
                article=article,
                principle=principle,
                status=status,
                author_email=address,
                email_hash=email_hash(address),
            )
        )
    created = ResidentComment.objects.bulk_create(comments)
    for i, comment in enumerate(created):
        comment.created_at = start + datetime.timedelta(seconds=i // 3)
    ResidentComment.objects.bulk_update(created, ["created_at"])
    return created


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def pages(last_page):
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "queue": LIST_URL,
        "approved, first page": f"{LIST_URL}?status=approved",
        "approved, last page": f"{LIST_URL}?status=approved&p={last_page}",
        "all statuses, last page": f"{LIST_URL}?status=&p={last_page}",
        "search": f"{LIST_URL}?status=&q=planen",
    }


def query_counts(client, urls):
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm per-process caches (content types, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_admin_query_counts_do_not_grow_with_the_comments(
    who, superuser_client, client_a, article, principles, django_assert_num_queries
):
    client = superuser_client if who == "superuser" else client_a
    add_comments(article, principles[0], 3)
    add_comments(article, principles[0], 2, status=S.PENDING)
    small = query_counts(client, pages(1))

    # Past two pages of approved comments, pending ones, and other principles.
    add_comments(article, principles[0], 2 * PER_PAGE + 20)
    add_comments(article, principles[0], 60, status=S.PENDING)
    add_comments(article, principles[1], 40)
    large = pages(3)
    for name, url in large.items():
        with django_assert_num_queries(small[name]):
            response = client.get(url)
        assert response.status_code == 200, name


def shown(response):
    return [comment.pk for comment in response.context["object_list"]]


def test_every_page_shows_what_reading_forwards_would(client_a, article, principles):
    add_comments(article, principles[0], 2 * PER_PAGE + 7)
    forwards = list(
        ResidentComment.objects.filter(status=S.APPROVED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )

    seen = []
    for page in (1, 2, 3):
        seen += shown(client_a.get(LIST_URL, {"status": "approved", "p": page}))

    assert seen == forwards


def test_newest_first_pages_read_backwards_the_same_way(client_a, article, principles):
    add_comments(article, principles[0], 2 * PER_PAGE + 7)
    backwards = list(
        ResidentComment.objects.filter(status=S.APPROVED)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )

    seen = []
    for page in (1, 2, 3):
        seen += shown(
            client_a.get(
                LIST_URL, {"status": "approved", "ordering": "-created_at", "p": page}
            )
        )

    assert seen == backwards


@pytest.mark.parametrize("per_page,orphans", [(3, 0), (4, 1), (5, 2)])
def test_either_end_paginator_pages_match_slices(
    article, principles, per_page, orphans
):
    add_comments(article, principles[0], 17)
    ids = ResidentComment.objects.order_by("created_at", "pk").values_list(
        "pk", flat=True
    )
    expected = list(ids)
    paginator = EitherEndPaginator(ids, per_page, orphans=orphans)

    got = []
    for number in paginator.page_range:
        got += list(paginator.page(number).object_list)

    assert got == expected


def test_author_history_is_counted_on_the_last_page(client_a, article, principles):
    add_comments(article, principles[0], 2 * PER_PAGE + 5, authors=4)
    # Decisions on other principles count too: the history is the author's.
    add_comments(article, principles[1], 3, status=S.REJECTED, authors=4)

    response = client_a.get(LIST_URL, {"status": "approved", "p": 3})

    rows = response.context["object_list"]
    assert len(rows) == 5
    for row in rows:
        same = ResidentComment.objects.filter(email_hash=row.email_hash)
        assert row.author_approved == same.filter(status=S.APPROVED).count()
        assert row.author_rejected == same.filter(status=S.REJECTED).count()


def test_pending_queues_count_only_pending_comments(moderator_a, article, principles):
    add_comments(article, principles[0], 4, status=S.PENDING)
    add_comments(article, principles[0], 9)
    add_comments(article, principles[0], 2, status=S.REJECTED)
    add_comments(article, principles[1], 5, status=S.PENDING)
    oldest = ResidentComment.objects.filter(
        principle=principles[0], status=S.PENDING
    ).order_by("verified_at")[0]

    (queue,) = pending_queues(moderator_a)

    assert (queue.principle, queue.pending) == (principles[0], 4)
    assert queue.oldest_pending_at == oldest.verified_at


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL"
)
def test_search_has_trigram_indexes_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE tablename = 'feedback_residentcomment' AND indexdef LIKE '%trgm%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "feedback_rc_body_trgm",
        "feedback_rc_author_name_trgm",
        "feedback_rc_author_email_trgm",
    }


def bulk_approve(client, comments):
    url = reverse(
        "wagtail_bulk_action",
        args=["feedback", "residentcomment", "moderation_approve"],
    )
    query = "&".join(f"id={comment.pk}" for comment in comments)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"{url}?{query}")
    assert response.status_code == 302
    return queries.captured_queries


def statements(queries) -> list[str]:
    """What each query is, without its values or savepoint names."""
    return [re.sub(r"\d+", "N", q["sql"])[:60] for q in queries]


def test_bulk_approve_reads_each_articles_rules_once(
    client_a, article, principles, database_tasks
):
    comments = add_comments(article, principles[0], 12, status=S.PENDING)

    queries = bulk_approve(client_a, comments)

    rules = [
        q
        for q in queries
        if q["sql"].startswith("SELECT") and "feedback_discussionsettings" in q["sql"]
    ]
    assert len(rules) == 1
    assert not ResidentComment.objects.exclude(status=S.APPROVED).exists()


def test_bulk_approve_keeps_a_log_entry_and_a_mail_per_comment(
    client_a, article, principles
):
    from feedback.services.audit import comment_log_entries

    comments = add_comments(article, principles[0], 6, status=S.PENDING)

    bulk_approve(client_a, comments)

    ids = {str(comment.pk) for comment in comments}
    logged = comment_log_entries().filter(object_id__in=ids)
    assert {entry.object_id for entry in logged} == ids
    assert {entry.data["to"] for entry in logged} == {S.APPROVED}
    deliveries = EmailDelivery.objects.filter(
        kind=EmailDelivery.Kind.PUBLISHED, comment__in=comments
    )
    assert deliveries.count() == len(comments)


def test_bulk_approve_runs_the_same_queries_for_any_number_of_comments(
    client_a, article, principles, database_tasks
):
    # The first one creates the site's discussion settings.
    bulk_approve(client_a, add_comments(article, principles[0], 1, status=S.PENDING))

    few = bulk_approve(
        client_a, add_comments(article, principles[0], 5, status=S.PENDING)
    )
    many = bulk_approve(
        client_a, add_comments(article, principles[0], 40, status=S.PENDING)
    )

    # One lock, one UPDATE, one INSERT each of audit entries, deliveries and
    # tasks for the batch: nothing per comment.
    assert statements(many) == statements(few)
    assert DBTaskResult.objects.count() == EmailDelivery.objects.count() == 46


def test_bulk_approve_of_more_than_a_statement_holds_renders_each_comment(
    moderator_a, article, principles
):
    """More comments than one UPDATE takes on SQLite (999 parameters): each
    gets its own HTML, whichever statement wrote it."""
    from feedback.services.moderation import comments_bulk_approve
    from feedback.services.rendering import body_html_for

    comments = add_comments(article, principles[0], 300, status=S.PENDING)
    for i, comment in enumerate(comments):
        comment.body = f"Kommentar nummer {i} <b>www.example.se/{i}</b>"
    ResidentComment.objects.bulk_update(comments, ["body"])

    result = comments_bulk_approve(comments=comments, actor=moderator_a)

    assert len(result.done) == 300 and not result.skipped
    stored = dict(
        ResidentComment.objects.filter(status=S.APPROVED).values_list("pk", "body_html")
    )
    assert stored == {c.pk: body_html_for(c.body) for c in comments}
    assert "&lt;b&gt;" in stored[comments[299].pk]


def test_bulk_approve_follows_each_articles_own_sites_rules(
    moderator_a, principles, site_pages
):
    """The rules remembered during a batch are still per site."""
    from django.core import mail
    from wagtail.models import Page, Site

    from feedback.models import DiscussionSettings
    from feedback.services.moderation import comments_bulk_approve
    from tests.factories import (
        ArticlePageFactory,
        HomePageFactory,
        NewsIndexPageFactory,
    )

    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="annan")
    Site.objects.create(hostname="annan.example.se", port=80, root_page=other_home)
    other_news = NewsIndexPageFactory(parent=other_home)
    quiet = DiscussionSettings.for_site(other_home.get_site())
    quiet.notify_commenter_on_publish = False
    quiet.save()
    here = [
        ResidentCommentFactory(
            article=ArticlePageFactory(parent=site_pages["news_index"]),
            principle=principles[0],
        )
        for _ in range(2)
    ]
    there = [
        ResidentCommentFactory(
            article=ArticlePageFactory(parent=other_news, principles=principles),
            principle=principles[0],
        )
        for _ in range(2)
    ]

    comments_bulk_approve(
        comments=[here[0], there[0], here[1], there[1]], actor=moderator_a
    )

    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.author_email for c in here)


def test_bulk_skips_leave_no_audit_entry_and_the_rest_are_logged_by_the_actor(
    moderator_a, article, principles
):
    from feedback.services.audit import comment_log_entries
    from feedback.services.moderation import comments_bulk_approve

    pending = add_comments(article, principles[0], 3, status=S.PENDING)
    approved = add_comments(article, principles[0], 1)

    result = comments_bulk_approve(comments=[*pending, *approved], actor=moderator_a)

    assert len(result.done) == 3 and len(result.skipped) == 1
    logged = comment_log_entries()
    assert sorted(int(e.object_id) for e in logged) == sorted(c.pk for c in pending)
    assert {e.user_id for e in logged} == {moderator_a.pk}
    assert {e.action for e in logged} == {actions.APPROVE.log.name}
