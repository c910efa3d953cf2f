"""Delete what the discussion settings say may no longer be kept. Run it daily.

Covers rejected, spam and withdrawn comments ("rejected_retention_days"),
expired unconfirmed comments (what ``purge_unverified_comments`` does), old
email delivery rows without a comment, and names in the audit labels of
comments that are gone. See docs/privacy.md.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.services.retention import comments_apply_retention

KIND_LABELS = {
    "rejected": gettext_lazy("avvisade kommentarer"),
    "spam": gettext_lazy("skräppost"),
    "withdrawn": gettext_lazy("återkallade kommentarer"),
    "unverified": gettext_lazy("obekräftade kommentarer"),
    "email_deliveries": gettext_lazy("e-postutskick utan kommentar"),
    "audit_entries": gettext_lazy("loggposter som fick en neutral etikett"),
}


class Command(BaseCommand):
    @property
    def help(self):
        # argparse wants a str: translate when asked, not at import.
        return _(
            "Gallra enligt diskussionsreglerna: avvisade, skräppost, återkallade och "
            "obekräftade kommentarer samt gamla e-postutskick."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Räkna bara, radera ingenting."),
        )

    def handle(self, *args, dry_run=False, **options):
        counts = comments_apply_retention(dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Provkörning: ingenting raderades. Skulle gallra:"))
        else:
            self.stdout.write(_("Gallrat:"))
        for kind, count in counts.items():
            self.stdout.write(f"  {KIND_LABELS.get(kind, kind)}: {count}")
