"""Run the task worker the way production does (see portal.worker).

    .venv/bin/python manage.py run_worker

Use it instead of django-tasks-db's ``db_worker``: it survives database
restarts, writes the heartbeat /healthz/ reads and requeues what dead
workers left behind. ``make run`` and deploy/systemd/portal-worker@.service
start it.
"""

import logging

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.worker import SupervisedWorker, default_worker_id


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Kör bakgrundsjobben (e-post, sökindex): väntar ut avbrott i databasen, "
            "rapporterar att den lever och lägger tillbaka jobb som en avbruten "
            "arbetsprocess lämnade efter sig."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default="default",
            help=_("Köerna som ska köras, åtskilda med kommatecken."),
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help=_("Unikt namn på arbetsprocessen (standard: värdnamn-pid)."),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help=_("Sekunder mellan två titter i en tom kö."),
        )
        parser.add_argument(
            "--reap-interval",
            type=float,
            default=10.0,
            help=_("Sekunder mellan två sökningar efter övergivna jobb."),
        )
        parser.add_argument(
            "--heartbeat-interval",
            type=float,
            default=5.0,
            help=_("Sekunder mellan två livstecken."),
        )
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=30.0,
            help=_("Längsta paus i sekunder medan databasen inte svarar."),
        )

    def handle(self, *args, **options):
        # django-tasks-db logs the start and end of every batch at INFO; our
        # loop runs one batch a second. Its warnings and errors still show.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        SupervisedWorker(
            worker_id=options["worker_id"] or default_worker_id(),
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            reap_interval=options["reap_interval"],
            heartbeat_interval=options["heartbeat_interval"],
            max_backoff=options["max_backoff"],
        ).run()
