"""``/healthz/``: is this web process able to serve, and is the queue moving?

A small JSON answer for load balancers and monitoring::

    {"status": "ok", "checks": {
        "database": {"ok": true, "ms": 0.4},
        "cache": {"ok": true, "ms": 0.2},
        "tasks": {"ok": true, "oldest_waiting_seconds": 0},
        "workers": {"ok": true, "alive": 2, "heartbeat_age_seconds": 1.8}}}

200 when every check passes, 503 otherwise. ``?scope=web`` lets only the
database and the cache decide: what a load balancer should look at, because
taking every web process out of rotation does not make a stopped worker
start. No personal data, no host names; a handful of indexed queries.

It is answered by :class:`HealthCheckMiddleware`, first in MIDDLEWARE, so a
probe is served whatever Host header it sends (load balancers often send the
machine's address), over plain http (no SSL redirect), without a session.
"""

import json
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_tasks_db.models import DBTaskResult, get_date_max
from redis.exceptions import RedisError

from .models import WorkerHeartbeat

HEALTH_PATH = "/healthz/"


def max_task_wait() -> float:
    return getattr(settings, "PORTAL_HEALTH_MAX_TASK_WAIT_SECONDS", 300)


def max_heartbeat_age() -> float:
    return getattr(settings, "PORTAL_HEALTH_MAX_HEARTBEAT_AGE_SECONDS", 60)


def _timed(probe) -> dict:
    started = time.perf_counter()
    try:
        probe()
    except (DatabaseError, RedisError, OSError):
        return {"ok": False}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_database() -> dict:
    def probe():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    return _timed(probe)


def check_cache() -> dict:
    # The strict alias: the lenient default cache would hide an outage.
    return _timed(lambda: caches["ratelimit"].get("portal:healthz"))


def oldest_waiting_task_age(now) -> float:
    """Seconds the longest-waiting due task has waited (0 when none waits).

    A task waits from when it was enqueued, or from its ``run_after`` if it
    was deferred. Both reads are LIMIT 1 on the partial index
    portal_tasks_ready_since (portal/migrations/0003).
    """
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    immediate = (
        ready.filter(run_after=get_date_max())
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    deferred = (
        ready.filter(run_after__lte=now)
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    since = [moment for moment in (immediate, deferred) if moment is not None]
    return max(0.0, (now - min(since)).total_seconds()) if since else 0.0


def check_tasks(now) -> dict:
    try:
        age = oldest_waiting_task_age(now)
    except DatabaseError:
        return {"ok": False}
    return {"ok": age <= max_task_wait(), "oldest_waiting_seconds": round(age, 1)}


def check_workers(now) -> dict:
    try:
        fresh_after = now - timedelta(seconds=max_heartbeat_age())
        beats = WorkerHeartbeat.objects.filter(beat_at__gte=fresh_after)
        alive = beats.count()
        latest = (
            WorkerHeartbeat.objects.order_by("-beat_at")
            .values_list("beat_at", flat=True)
            .first()
        )
    except DatabaseError:
        return {"ok": False}
    age = round((now - latest).total_seconds(), 1) if latest else None
    return {"ok": alive > 0, "alive": alive, "heartbeat_age_seconds": age}


def health(*, scope: str = "") -> tuple[bool, dict]:
    now = timezone.now()
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"]["ok"]:
        checks["tasks"] = check_tasks(now)
        checks["workers"] = check_workers(now)
    else:
        checks["tasks"] = checks["workers"] = {"ok": False}
    deciding = ("database", "cache") if scope == "web" else tuple(checks)
    return all(checks[name]["ok"] for name in deciding), checks


def health_response(request) -> HttpResponse:
    healthy, checks = health(scope=request.GET.get("scope", ""))
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    response = HttpResponse(
        json.dumps(body),
        content_type="application/json",
        status=200 if healthy else 503,
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer ``/healthz/`` before anything checks the host or redirects."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response(request)
        return self.get_response(request)
