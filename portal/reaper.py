"""Put tasks back in the queue when the worker running them died.

django-tasks-db marks a task RUNNING when a worker claims it and finished
when the worker is done. A worker killed in between (``kill -9``, out of
memory, a machine going down) leaves the task RUNNING for ever, and one that
lost its database in the middle of a task records the task as FAILED with
the database error; neither is ever run again (django-tasks#46, open). The
supervised worker (``manage.py run_worker``) calls :func:`tasks_reap` every
few seconds:

- a task RUNNING for longer than the lease (``PORTAL_TASK_LEASE_SECONDS``) is
  taken to have lost its worker and goes back to READY;
- a task that FAILED with a database connection error within the last hour
  goes back to READY, to run once the database is back;
- a task that has been claimed ``PORTAL_TASK_MAX_CLAIMS`` times is not
  requeued again but marked FAILED, so one task that kills its worker cannot
  kill them all in turn.

Several workers may reap at once: rows are taken with ``SELECT ... FOR UPDATE
SKIP LOCKED`` and changed with an UPDATE that repeats the condition, so each
task is requeued once. A task must therefore be safe to run again; our email
task is (the delivery row guards it, feedback.delivery), and Wagtail's index
updates are.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# What a task that lost its database connection fails with.
DATABASE_ERRORS = ("django.db.utils.OperationalError", "django.db.utils.InterfaceError")
FAILED_RETRY_WINDOW = timedelta(hours=1)
BATCH = 100


def task_lease() -> timedelta:
    """How long a task may stay RUNNING before its worker counts as dead."""
    return timedelta(seconds=getattr(settings, "PORTAL_TASK_LEASE_SECONDS", 300))


def max_claims() -> int:
    return getattr(settings, "PORTAL_TASK_MAX_CLAIMS", 5)


@dataclass
class ReapResult:
    requeued: list[str] = field(default_factory=list)
    given_up: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requeued or self.given_up)


def _take(queryset, status: str, result: ReapResult, *, requeue: dict) -> None:
    """Requeue (or give up on) the rows of ``queryset`` this process can lock."""
    with transaction.atomic(using=queryset.db):
        rows = list(
            queryset.select_for_update(skip_locked=True).values_list(
                "id", "task_path", "worker_ids"
            )[:BATCH]
        )
        again = [pk for pk, _path, workers in rows if len(workers) < max_claims()]
        done = [pk for pk, _path, workers in rows if len(workers) >= max_claims()]
        if again:
            DBTaskResult.objects.filter(id__in=again, status=status).update(
                status=TaskResultStatus.READY, **requeue
            )
        if done:
            DBTaskResult.objects.filter(id__in=done, status=status).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="portal.reaper.WorkerLost",
                traceback=(
                    f"Claimed {max_claims()} times without finishing; "
                    "not requeued again."
                ),
            )
    paths = {str(pk): path for pk, path, _workers in rows}
    result.requeued += [str(pk) for pk in again]
    result.given_up += [str(pk) for pk in done]
    for pk in again:
        logger.warning("Requeued task %s (%s) from %s", pk, paths[str(pk)], status)
    for pk in done:
        logger.error("Gave up on task %s (%s)", pk, paths[str(pk)])


def tasks_reap(*, now=None) -> ReapResult:
    """Requeue the tasks whose worker is gone; see the module docstring."""
    now = now or timezone.now()
    result = ReapResult()
    _take(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - task_lease()
        ),
        TaskResultStatus.RUNNING,
        result,
        requeue={},
    )
    _take(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED,
            finished_at__gte=now - FAILED_RETRY_WINDOW,
            exception_class_path__in=DATABASE_ERRORS,
        ),
        TaskResultStatus.FAILED,
        result,
        requeue={
            "finished_at": None,
            "exception_class_path": "",
            "traceback": "",
            "return_value": None,
        },
    )
    return result
