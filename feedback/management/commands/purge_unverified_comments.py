"""Delete comments nobody confirmed: past the link's expiry plus a grace period.

``apply_retention`` runs this too; the command stays for those who schedule it
on its own (hourly is plenty). The grace period is the discussion setting
"unverified_retention_hours", per site, so a resident who clicks a
just-expired link can still ask for a new one for a while.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.services.retention import purge_unverified_comments


class Command(BaseCommand):
    @property
    def help(self):
        # argparse wants a str: translate when asked, not at import.
        return _(
            "Radera obekräftade kommentarer vars länk har gått ut (plus respittid)."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Räkna bara, radera ingenting."),
        )

    def handle(self, *args, dry_run=False, **options):
        count = purge_unverified_comments(dry_run=dry_run)
        if dry_run:
            message = ngettext(
                "Skulle radera %(count)d obekräftad kommentar.",
                "Skulle radera %(count)d obekräftade kommentarer.",
                count,
            )
        else:
            message = ngettext(
                "Raderade %(count)d obekräftad kommentar.",
                "Raderade %(count)d obekräftade kommentarer.",
                count,
            )
        self.stdout.write(message % {"count": count})
