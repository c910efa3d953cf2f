"""Answer an access request: everything stored about one email address, as JSON.

The output holds personal data: write it to a file only you can read (the
file is created readable by its owner only) and hand it over securely.
"""

import json
import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.services.resident_data import resident_data_export


class Command(BaseCommand):
    @property
    def help(self):
        # argparse wants a str: translate when asked, not at import.
        return _(
            "Exportera allt som finns sparat om en e-postadress (registerutdrag) "
            "som JSON."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--email",
            required=True,
            help=_("Adressen som begäran gäller (skiftläget spelar ingen roll)."),
        )
        parser.add_argument(
            "--output",
            metavar=_("FIL"),
            help=_("Skriv till den här filen i stället för till stdout."),
        )

    def handle(self, *args, email, output=None, **options):
        data = resident_data_export(email=email)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if not output:
            self.stdout.write(text, ending="")
            return
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        count = len(data["comments"])
        self.stdout.write(
            ngettext(
                "Skrev %(count)d kommentar till %(path)s.",
                "Skrev %(count)d kommentarer till %(path)s.",
                count,
            )
            % {"count": count, "path": output}
        )
