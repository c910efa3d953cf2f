"""Delete comments nobody confirmed: past the link's expiry plus a grace period.

``apply_retention`` runs this too; the command stays for those who schedule it
on its own (hourly is plenty). The grace period is the discussion setting
"unverified_retention_hours", per site, so a resident who clicks a
just-expired link can still ask for a new one for a while.
"""

from django.core.management.base import BaseCommand

from feedback.services.privacy import purge_unverified_comments

__all__ = ["Command", "purge_unverified_comments"]


class Command(BaseCommand):
    help = "Radera obekräftade kommentarer vars länk har gått ut (plus respittid)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Räkna bara, radera ingenting.",
        )

    def handle(self, *args, dry_run=False, **options):
        count = purge_unverified_comments(dry_run=dry_run)
        verb = "Skulle radera" if dry_run else "Raderade"
        self.stdout.write(f"{verb} {count} obekräftade kommentarer.")
