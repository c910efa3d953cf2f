"""The task worker as production runs it: supervised, self-healing, observable.

``manage.py db_worker`` (django-tasks-db) exits on the first database error
and has no heartbeat or recovery. :class:`SupervisedWorker` runs the same
``Worker`` in short batches inside a loop of its own that

- waits with growing pauses (1, 2, 4 ... up to ``max_backoff`` seconds)
  while the database is away, and carries on by itself when it is back;
- writes a heartbeat row (:class:`portal.models.WorkerHeartbeat`) that
  ``/healthz/`` reads;
- runs the reaper (:func:`portal.reaper.tasks_reap`), which puts back in the
  queue what a dead worker left behind.

SIGTERM or SIGINT lets the current task finish, then stops; a second one
stops at once. systemd (deploy/systemd/portal-worker@.service) restarts the
process if it exits for any other reason.
"""

import contextlib
import logging
import os
import signal
import socket
import sys
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from .models import WorkerHeartbeat
from .reaper import tasks_reap

logger = logging.getLogger(__name__)

HEARTBEAT_ROWS_KEPT = timezone.timedelta(days=1)


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"[:64]


class _BatchWorker(Worker):
    """django-tasks-db's worker, counting the tasks it ran in one batch."""

    ran = 0

    def run_task(self, db_task_result) -> None:
        try:
            super().run_task(db_task_result)
        finally:
            self.ran += 1


class SupervisedWorker:
    def __init__(
        self,
        *,
        worker_id: str,
        queue_names: list[str],
        backend_name: str = "default",
        interval: float = 1.0,
        batch_size: int = 20,
        heartbeat_interval: float = 5.0,
        reap_interval: float = 10.0,
        max_backoff: float = 30.0,
    ):
        self.worker_id = worker_id
        self.queue_names = queue_names
        self.backend_name = backend_name
        self.interval = interval
        self.batch_size = batch_size
        self.heartbeat_interval = heartbeat_interval
        self.reap_interval = reap_interval
        self.max_backoff = max_backoff
        self.stopping = False
        self.started_at = timezone.now()
        self._batch_worker: _BatchWorker | None = None
        self._next_beat = 0.0
        self._next_reap = 0.0

    # --- the loop ---------------------------------------------------------

    def run(self) -> None:
        self._handle_signals()
        logger.info(
            "Worker %s started (queues %s)", self.worker_id, ",".join(self.queue_names)
        )
        backoff = 1.0
        down_since = None
        try:
            while not self.stopping:
                try:
                    self._housekeeping()
                    ran = self._run_batch()
                except (OperationalError, InterfaceError) as error:
                    if down_since is None:
                        down_since = time.monotonic()
                        logger.warning(
                            "Database unavailable (%s); waiting for it",
                            type(error).__name__,
                        )
                    self._disconnect()
                    time.sleep(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
                    continue
                if down_since is not None:
                    logger.warning(
                        "Database back after %.1f s; working again",
                        time.monotonic() - down_since,
                    )
                    down_since = None
                backoff = 1.0
                if not ran and not self.stopping:
                    time.sleep(self.interval)
        finally:
            self._sign_off()
            logger.info("Worker %s stopped", self.worker_id)

    def _run_batch(self) -> int:
        """Run up to ``batch_size`` ready tasks; the number run."""
        worker = _BatchWorker(
            queue_names=self.queue_names,
            interval=0,
            batch=True,
            backend_name=self.backend_name,
            startup_delay=False,
            max_tasks=self.batch_size,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        self._batch_worker = worker
        try:
            worker.run()
        finally:
            self._batch_worker = None
        return worker.ran

    def _housekeeping(self) -> None:
        now = time.monotonic()
        if now >= self._next_beat:
            self.beat()
            self._next_beat = now + self.heartbeat_interval
        if now >= self._next_reap:
            tasks_reap()
            WorkerHeartbeat.objects.filter(
                beat_at__lt=timezone.now() - HEARTBEAT_ROWS_KEPT
            ).delete()
            self._next_reap = now + self.reap_interval

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "beat_at": timezone.now(),
            },
        )

    # --- stopping ---------------------------------------------------------

    def _handle_signals(self) -> None:
        for name in ("SIGTERM", "SIGINT", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        if self.stopping:
            logger.warning("Second %s: stopping now", signal.strsignal(signum))
            sys.exit(1)
        self.stopping = True
        worker = self._batch_worker
        if worker is not None and worker.running_task:
            logger.info("%s: stopping after this task", signal.strsignal(signum))
            worker.running = False
            return
        # Between tasks (asleep, or waiting for the database): stop now.
        raise SystemExit(0)

    def _sign_off(self) -> None:
        # Without the database the row ages out; /healthz/ counts fresh ones.
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    @staticmethod
    def _disconnect() -> None:
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseError:
                connection.connection = None
