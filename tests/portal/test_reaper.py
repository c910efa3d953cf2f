"""The reaper puts back in the queue what dead workers left behind, once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import WorkerHeartbeat
from portal.reaper import tasks_reap
from portal.worker import SupervisedWorker
from tests.portal.task_helpers import create_group

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READY, RUNNING, FAILED = (
    TaskResultStatus.READY,
    TaskResultStatus.RUNNING,
    TaskResultStatus.FAILED,
)


@pytest.fixture
def database_tasks(database_tasks, settings):
    settings.PORTAL_TASK_LEASE_SECONDS = 60


def task(**state) -> DBTaskResult:
    result = create_group.enqueue(name="Från reapern")
    DBTaskResult.objects.filter(id=result.id).update(**state)
    return DBTaskResult.objects.get(id=result.id)


def ago(seconds):
    return timezone.now() - timedelta(seconds=seconds)


def test_task_running_past_the_lease_is_requeued(database_tasks):
    stale = task(status=RUNNING, started_at=ago(61), worker_ids=["dead"])

    result = tasks_reap()

    stale.refresh_from_db()
    assert result.requeued == [str(stale.id)]
    assert stale.status == READY


def test_task_running_within_the_lease_is_left_alone(database_tasks):
    busy = task(status=RUNNING, started_at=ago(30), worker_ids=["alive"])

    assert not tasks_reap()

    busy.refresh_from_db()
    assert busy.status == RUNNING


def test_second_reaper_finds_nothing_left_to_requeue(database_tasks):
    task(status=RUNNING, started_at=ago(61), worker_ids=["dead"])

    first, second = tasks_reap(), tasks_reap()

    assert len(first.requeued) == 1
    assert not second


def test_task_failed_by_a_lost_database_connection_runs_again(database_tasks):
    failed = task(
        status=FAILED,
        finished_at=ago(5),
        worker_ids=["w"],
        exception_class_path="django.db.utils.OperationalError",
        traceback="connection refused",
    )
    broken = task(
        status=FAILED,
        finished_at=ago(5),
        worker_ids=["w"],
        exception_class_path="builtins.ValueError",
    )

    tasks_reap()

    failed.refresh_from_db()
    broken.refresh_from_db()
    assert (failed.status, failed.traceback, failed.finished_at) == (READY, "", None)
    assert broken.status == FAILED


def test_task_that_keeps_killing_its_worker_is_given_up(database_tasks, settings):
    settings.PORTAL_TASK_MAX_CLAIMS = 3
    poison = task(status=RUNNING, started_at=ago(61), worker_ids=["a", "b", "c"])

    result = tasks_reap()

    poison.refresh_from_db()
    assert result.given_up == [str(poison.id)]
    assert poison.status == FAILED
    assert poison.exception_class_path == "portal.reaper.WorkerLost"


def test_requeued_task_runs_to_completion(database_tasks):
    stale = task(status=RUNNING, started_at=ago(61), worker_ids=["dead"])

    tasks_reap()
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
    )

    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.SUCCESSFUL
    assert stale.worker_ids[0] == "dead"
    assert len(stale.worker_ids) == 2


def test_supervised_worker_beats_reaps_and_runs_a_batch(database_tasks):
    stale = task(status=RUNNING, started_at=ago(61), worker_ids=["dead"])
    worker = SupervisedWorker(worker_id="test-1", queue_names=["default"])

    worker._housekeeping()
    ran = worker._run_batch()

    stale.refresh_from_db()
    beat = WorkerHeartbeat.objects.get(worker_id="test-1")
    assert stale.status == TaskResultStatus.SUCCESSFUL
    assert ran >= 1
    assert timezone.now() - beat.beat_at < timedelta(seconds=5)
