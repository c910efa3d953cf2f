"""Indexes on django-tasks-db's table for the reaper and /healthz/.

Finished task rows stay until ``prune_db_task_results`` removes them, so the
table grows; the reaper (every few seconds, on every worker) and the health
check (every few seconds, from every load balancer) must not scan it. Each
index is partial: it holds only the few rows in the state its query asks for.
"""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"

INDEXES = {
    # /healthz/: the longest-waiting task that is due.
    "portal_tasks_ready_since": "(run_after, enqueued_at) WHERE status = 'READY'",
    # portal.reaper: RUNNING past the lease.
    "portal_tasks_running_since": "(started_at) WHERE status = 'RUNNING'",
    # portal.reaper: recent failures with a database error.
    "portal_tasks_failed_at": "(finished_at) WHERE status = 'FAILED'",
}


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_workerheartbeat"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
