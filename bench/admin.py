"""Benchmark of the moderation admin at 100,000 comments, on PostgreSQL.

Run with `make bench-admin` (or `.venv/bin/python bench/admin.py`). It creates
a throwaway PostgreSQL database (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/), fills it with ``generate_bench_data``
(BENCH_COMMENTS comments over BENCH_ARTICLES articles), then, as a superuser
and as a moderator of one principle, requests each admin page BENCH_ROUNDS
times with Django's test client and prints the median server time and the
number of SQL queries as a Markdown table, the EXPLAIN (ANALYZE) plans of
the hot queries, and the time of a bulk approval of 1,000 pending comments.
The database is dropped afterwards. Record the output in bench/ADMIN.md
with the date, the machine and the command.
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path, and bench/http.py
# would hide the standard library's http package (which loadgen imports).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "100000"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "200"))
BULK = int(os.environ.get("BENCH_BULK", "1000"))
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
SEARCH_WORD = "vattentornet"


def admin_connection():
    import psycopg

    conn = psycopg.connect(SERVER.rstrip("/") + "/postgres", autocommit=True)
    return conn


def setup_django(database: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["DATABASE_URL"] = SERVER.rstrip("/") + "/" + database
    os.environ.pop("REDIS_URL", None)
    import django
    from django.conf import settings

    # As in production: tasks (mail, reference index) are rows for a worker,
    # not run inside the request as the test settings do.
    settings.TASKS = {
        "default": {
            "BACKEND": "portal.task_backend.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command(
        "generate_bench_data", comments=COMMENTS, articles=ARTICLES, verbosity=1
    )


def make_users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Count

    from news.models import Principle

    users = get_user_model().objects
    superuser = users.create_superuser("bench-admin", "bench-admin@example.org", "x")
    # The principle with the most comments: the moderator's worst case.
    principle = (
        Principle.objects.annotate(n=Count("comments")).order_by("-n", "pk").first()
    )
    group = Group.objects.create(name="Moderatorer: bench")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    principle.moderator_groups.add(group)
    moderator = users.create_user("bench-moderator", "bench-mod@example.org", "x")
    moderator.groups.add(group)
    return superuser, moderator, principle


def last_page(user, status: str | None) -> int:
    """The number of the listing's last page (50 a page) for ``user``."""
    from feedback.permissions import comments_moderatable_by
    from feedback.selectors_moderation import MODERATION_STATUSES

    statuses = [status] if status else MODERATION_STATUSES
    count = comments_moderatable_by(user).filter(status__in=statuses).count()
    return max(1, -(-count // 50))


def measure(client, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = time.perf_counter()
    response = client.get(url)  # warm caches and templates
    assert response.status_code == 200, (url, response.status_code)
    # A page that takes seconds is measured a few times only.
    rounds = ROUNDS if time.perf_counter() - start < 1 else 3
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    rows = response.content.count(b"data-moderation-row")
    return statistics.median(timings), len(queries), rows


def slowest_queries(client, url: str, count: int = 3) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    ranked = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
    return [q["sql"] for q in ranked[:count]]


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def bulk_approve(client, superuser) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from feedback.models import CommentStatus, ResidentComment

    ids = list(
        ResidentComment.objects.filter(status=CommentStatus.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)[:BULK]
    )
    url = reverse(
        "wagtail_bulk_action",
        args=["feedback", "residentcomment", "moderation_approve"],
    )
    query = "&".join(f"id={pk}" for pk in ids)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post(f"{url}?{query}")
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 302), response.status_code
    approved = ResidentComment.objects.filter(
        pk__in=ids, status=CommentStatus.APPROVED
    ).count()
    assert approved == len(ids), (approved, len(ids))
    return elapsed, len(queries)


def main() -> None:
    database = f"admin_bench_{uuid.uuid4().hex[:8]}"
    with admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        setup_django(database)
        run()
    finally:
        from django.db import connections

        connections.close_all()
        with admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def run() -> None:
    from django.test import Client

    from feedback.links import url

    superuser, moderator, principle = make_users()
    listing = url("list")
    results = []
    plans = {}
    for label, user in (("superuser", superuser), ("moderator", moderator)):
        client = Client()
        client.force_login(user)
        last = last_page(user, "approved")
        pages = [
            ("dashboard", "/admin/"),
            ("queue (pending)", listing),
            ("approved, page 1", f"{listing}?status=approved"),
            (f"approved, last page ({last})", f"{listing}?status=approved&p={last}"),
            (
                "all statuses, last page",
                f"{listing}?status=&p={last_page(user, None)}",
            ),
            ("search", f"{listing}?status=&q={SEARCH_WORD}"),
        ]
        for name, address in pages:
            median, queries, rows = measure(client, address)
            results.append((label, name, median, queries, rows))
            line = f"  {label:<10} {name:<36} {median:8.1f} ms {queries:3d} q"
            print(line, file=sys.stderr, flush=True)
            if label == "superuser" or "last" in name:
                plans[f"{label}: {name}"] = slowest_queries(client, address)
    # The plans before the bulk approval changes a thousand rows.
    explained = {
        name: [(sql, explain(sql)) for sql in queries]
        for name, queries in plans.items()
    }
    client = Client()
    client.force_login(superuser)
    bulk_ms, bulk_queries = bulk_approve(client, superuser)

    print()
    print(f"{COMMENTS:,} comments, {ARTICLES} articles; median of {ROUNDS} runs.")
    print(f"Load average when done: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs).")
    print()
    print("| user | page | median ms | queries | rows |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, name, median, queries, rows in results:
        print(f"| {label} | {name} | {median:.1f} | {queries} | {rows} |")
    print(
        f"| superuser | bulk approve of {BULK:,} | {bulk_ms:.0f} | {bulk_queries} | - |"
    )
    print()
    print(f"Moderator's principle: {principle.name}.")
    print()
    for name, queries in explained.items():
        print(f"### {name}: the slowest queries")
        for sql, plan in queries:
            print()
            print("```")
            print(sql[:600] + (" ..." if len(sql) > 600 else ""))
            print()
            print(plan)
            print("```")
        print()


if __name__ == "__main__":
    main()
