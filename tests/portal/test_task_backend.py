"""portal.task_backend: many tasks in one INSERT, each the row enqueue writes."""

import pytest
from django.db import connection
from django.tasks.signals import task_enqueued
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from feedback.tasks import send_delivery
from portal.task_backend import enqueue_many

pytestmark = pytest.mark.django_db

# Set by the database, or by the clock, for each row.
OWN = {"id", "enqueued_at"}


def row(result) -> dict:
    values = DBTaskResult.objects.filter(pk=result.id).values().get()
    return {name: value for name, value in values.items() if name not in OWN}


def test_enqueue_many_writes_the_rows_enqueue_writes(database_tasks):
    later = send_delivery.using(priority=5)
    one = later.enqueue(delivery_id=1)

    with CaptureQueriesContext(connection) as queries:
        many = enqueue_many(later, [{"delivery_id": 1}, {"delivery_id": 2}])

    assert len(queries) == 1
    assert row(many[0]) == row(one)
    assert row(many[1])["args_kwargs"] == {"args": [], "kwargs": {"delivery_id": 2}}
    assert len({one.id, *(result.id for result in many)}) == 3
    assert all(result.status == "READY" for result in many)


def test_enqueue_many_announces_each_task(database_tasks):
    announced = []

    def receiver(sender, task_result, **kwargs):
        announced.append(task_result.id)

    task_enqueued.connect(receiver)
    try:
        results = enqueue_many(send_delivery, [{"delivery_id": 1}, {"delivery_id": 2}])
    finally:
        task_enqueued.disconnect(receiver)

    assert announced == [result.id for result in results]


def test_enqueue_many_falls_back_to_one_by_one(monkeypatch):
    """With a backend that cannot (the tests' immediate one), each task is
    enqueued, and here run, on its own."""
    ran = []
    monkeypatch.setattr(
        "feedback.tasks.delivery_send", lambda delivery_id: ran.append(delivery_id)
    )

    results = enqueue_many(send_delivery, [{"delivery_id": 7}, {"delivery_id": 8}])

    assert ran == [7, 8]
    assert [result.status for result in results] == ["SUCCESSFUL", "SUCCESSFUL"]
