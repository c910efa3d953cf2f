"""The task backend: django_tasks_db's, able to enqueue many tasks at once.

A bulk action of a thousand comments enqueues a thousand emails' tasks;
:func:`enqueue_many` writes their rows in one INSERT instead of one each,
in the caller's transaction as ``enqueue`` does. The rows are built by the
one method both paths use, so that a task enqueued either way is the same
row (tests/portal/test_task_backend.py compares them).
"""

from django.tasks import Task
from django_tasks_db import backend
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult, get_date_max


class DatabaseBackend(backend.DatabaseBackend):
    def _unsaved_row(self, task: Task, args, kwargs) -> DBTaskResult:
        return DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            # What django_tasks_db's pre_save receiver sets, which a bulk
            # INSERT does not send.
            run_after=task.run_after or get_date_max(),
            backend_name=self.alias,
        )

    def _task_to_db_task(self, task: Task, args, kwargs) -> DBTaskResult:
        row = self._unsaved_row(task, args, kwargs)
        row.save(force_insert=True)
        return row

    def enqueue_many(self, task: Task, kwargs_list: list[dict]) -> list:
        self.validate_task(task)
        rows = DBTaskResult.objects.bulk_create(
            [self._unsaved_row(task, (), kwargs) for kwargs in kwargs_list]
        )
        results = [row.task_result for row in rows]
        for result in results:
            task_enqueued.send(type(self), task_result=result)
        return results


def enqueue_many(task: Task, kwargs_list: list[dict]) -> list:
    """Enqueue ``task`` once for each keyword arguments of ``kwargs_list``:
    in one INSERT with the database backend, one by one with any other."""
    many = getattr(task.get_backend(), "enqueue_many", None)
    if many is not None:
        return many(task, kwargs_list)
    return [task.enqueue(**kwargs) for kwargs in kwargs_list]
