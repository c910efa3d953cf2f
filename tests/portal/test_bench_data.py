"""The benchmark data generator (portal's generate_bench_data command)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from news.models import ArticlePage

pytestmark = pytest.mark.django_db


def generate(**options):
    stderr = io.StringIO()
    call_command("generate_bench_data", stdout=io.StringIO(), stderr=stderr, **options)
    return stderr.getvalue()


def test_generates_the_asked_numbers_in_every_status():
    generate(comments=600, articles=4)
    assert ArticlePage.objects.filter(slug__startswith="bench-").count() == 4
    assert ResidentComment.objects.count() == 600
    counts = dict(ResidentComment.objects.values_list("status").annotate(n=Count("pk")))
    assert counts[CommentStatus.APPROVED] > counts[CommentStatus.PENDING] > 0
    assert counts[CommentStatus.REJECTED] > 0
    assert OfficialReply.objects.exists()
    assert not OfficialReply.objects.exclude(
        comment__status=CommentStatus.APPROVED
    ).exists()


def test_authors_come_back():
    generate(comments=400, articles=2)
    repeat = (
        ResidentComment.objects.values("email_hash")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert repeat.exists()


def test_keeps_the_given_creation_times_spread_over_a_year():
    generate(comments=300, articles=2)
    times = ResidentComment.objects.order_by("created_at").values_list(
        "created_at", flat=True
    )
    assert (times.last() - times.first()).days > 180


def test_shows_progress_on_stderr():
    assert "300/300" in generate(comments=300, articles=2)


def test_the_same_seed_gives_the_same_data():
    generate(comments=200, articles=2, seed=3)
    first = list(ResidentComment.objects.order_by("pk").values_list("body", "status"))
    ResidentComment.objects.all().delete()
    generate(comments=200, articles=2, seed=3, append=True)
    again = list(ResidentComment.objects.order_by("pk").values_list("body", "status"))
    assert again == first


def test_refuses_a_database_that_holds_comments_unless_appending():
    generate(comments=50, articles=1)
    with pytest.raises(CommandError):
        generate(comments=50, articles=1)
    generate(comments=50, articles=1, append=True)
    assert ResidentComment.objects.count() == 100
    assert ArticlePage.objects.filter(slug__startswith="bench-").count() == 1


def test_published_comments_hold_their_html_as_publishing_stores_it():
    from feedback.services.rendering import body_html_for

    generate(comments=200, articles=2)
    for comment in ResidentComment.objects.all():
        expected = (
            body_html_for(comment.body)
            if comment.status == CommentStatus.APPROVED
            else ""
        )
        assert comment.body_html == expected
    for reply in OfficialReply.objects.all():
        assert reply.body_html == body_html_for(reply.body)
