"""/healthz/: JSON for load balancers and monitoring, cheap, no personal data."""

import json
import socket
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import WorkerHeartbeat
from tests.portal.task_helpers import create_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_alive():
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id="web-1-1",
        hostname="app1.internal",
        pid=4242,
        started_at=now,
        beat_at=now,
    )


def health(client, query=""):
    response = client.get("/healthz/" + query)
    return response, json.loads(response.content)


def test_healthy_stack_answers_200_with_every_check(client, worker_alive):
    response, body = health(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks", "workers"}
    assert body["checks"]["workers"]["alive"] == 1
    assert body["checks"]["tasks"]["oldest_waiting_seconds"] == 0


def test_no_live_worker_is_a_503_but_not_for_the_web_scope(client, settings):
    settings.PORTAL_HEALTH_MAX_HEARTBEAT_AGE_SECONDS = 60
    WorkerHeartbeat.objects.create(
        worker_id="old",
        hostname="h",
        pid=1,
        started_at=timezone.now(),
        beat_at=timezone.now() - timedelta(minutes=5),
    )

    response, body = health(client)
    web, web_body = health(client, "?scope=web")

    assert response.status_code == 503
    assert body["checks"]["workers"] == {
        "ok": False,
        "alive": 0,
        "heartbeat_age_seconds": pytest.approx(300, abs=5),
    }
    assert web.status_code == 200
    assert web_body["status"] == "ok"


def test_a_task_waiting_too_long_is_reported(
    client, worker_alive, database_tasks, settings
):
    settings.PORTAL_HEALTH_MAX_TASK_WAIT_SECONDS = 60
    result = create_group.enqueue(name="Väntar")
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )

    response, body = health(client)

    assert response.status_code == 503
    assert body["checks"]["tasks"]["ok"] is False
    assert body["checks"]["tasks"]["oldest_waiting_seconds"] == pytest.approx(
        600, abs=5
    )


def test_deferred_task_waits_from_its_run_after(worker_alive, database_tasks):
    from portal.health import oldest_waiting_task_age

    later = create_group.using(run_after=timezone.now() + timedelta(hours=1))
    later.enqueue(name="Senare")
    due = create_group.using(run_after=timezone.now() - timedelta(seconds=30))
    due.enqueue(name="Nu")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2

    assert oldest_waiting_task_age(timezone.now()) == pytest.approx(30, abs=5)


def test_probe_needs_no_allowed_host_and_no_https(worker_alive, settings):
    settings.ALLOWED_HOSTS = ["synpunkter.example.se"]
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/healthz/", HTTP_HOST="10.0.0.12:8000")

    assert response.status_code == 200


def test_answer_holds_no_names_and_costs_a_few_queries(
    client, worker_alive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get("/healthz/")

    text = response.content.decode()
    assert "app1.internal" not in text
    assert socket.gethostname() not in text
    assert "4242" not in text
