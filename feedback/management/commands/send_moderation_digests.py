import time

from django.core.management.base import BaseCommand

from feedback.notifications import send_moderation_digests


class Command(BaseCommand):
    help = (
        "Enqueue moderation digests for moderators whose queues got new comments "
        "(when the discussion settings choose digests). Run it from cron every "
        "few minutes, or with --loop next to the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDS",
            help="Keep running, checking every SECONDS seconds.",
        )

    def handle(self, *args, loop=None, **options):
        while True:
            count = send_moderation_digests()
            self.stdout.write(f"{count} digest(s) enqueued.")
            if not loop:
                return
            time.sleep(loop)
