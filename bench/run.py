"""Benchmarks for the public pages and the moderation queue.

Run with `make bench` (or `.venv/bin/python bench/run.py`). It builds a fresh
SQLite database in a temporary folder (or uses BENCH_DATABASE_URL), fills it
with a site and N approved comments, then renders each page many times with
Django's test client and prints the median and 95th percentile time and the
number of SQL queries. Record the output in bench/RESULTS.md with the date,
the machine and the command.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
COMMENT_COUNTS = [0, 50, 500]


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def measure(client, url: str, **extra) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **extra)  # warm caches and templates
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url, **extra)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **extra)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return statistics.median(timings), p95, len(queries)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from feedback.models import CommentStatus, ResidentComment
        from tests.factories import (
            ArticlePageFactory,
            PrincipleFactory,
            ResidentCommentFactory,
            make_site,
        )

        home, news_index = make_site()
        principle = PrincipleFactory(name="Samhörighet", slug="samhorighet")
        rows = []
        client = Client()
        rows.append(("home page", *measure(client, "/")))
        for count in COMMENT_COUNTS:
            article = ArticlePageFactory(
                parent=news_index, title=f"Bench {count}", principles=[principle]
            )
            ResidentComment.objects.bulk_create(
                ResidentCommentFactory.build(
                    article=article,
                    principle=principle,
                    status=CommentStatus.APPROVED,
                    body="En synpunkt med en länk https://example.org och lite text. "
                    * 3,
                )
                for _ in range(count)
            )
            rows.append((f"article, {count} comments", *measure(client, article.url)))
        rows.append(("principle page", *measure(client, principle.get_absolute_url())))

        admin = get_user_model().objects.create_superuser(
            "bench", "bench@example.org", "bench-password"
        )
        client.force_login(admin)
        queue_url = os.environ.get("BENCH_QUEUE_URL", "/admin/moderering/")
        ResidentComment.objects.filter(status=CommentStatus.APPROVED).update(
            status=CommentStatus.PENDING
        )
        try:
            rows.append(
                (f"moderation queue ({queue_url})", *measure(client, queue_url))
            )
        except AssertionError as error:
            rows.append((f"moderation queue: not measured ({error})", 0, 0, 0))

        print(f"{'page':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, median, p95, queries in rows:
            print(f"{name:<44} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
