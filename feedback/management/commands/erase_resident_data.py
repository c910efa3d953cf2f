"""Answer an erasure request: delete every comment of one email address.

The address is never printed: the output of this command may end up in logs.
The suppression row, if the person asked not to be mailed, stays.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.services.resident_data import resident_comment_count, resident_data_erase

YES = {"ja", "j", "yes", "y"}


class Command(BaseCommand):
    @property
    def help(self):
        # argparse wants a str: translate when asked, not at import.
        return _(
            "Radera alla kommentarer från en e-postadress och ta bort namnet ur "
            "granskningsloggen. Spärren mot e-post finns kvar."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--email",
            required=True,
            help=_("Adressen som begäran gäller (skiftläget spelar ingen roll)."),
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Fråga inte, radera direkt."),
        )

    def handle(self, *args, email, yes=False, **options):
        found = resident_comment_count(email=email)
        if not found:
            self.stdout.write(_("Det finns inga kommentarer från adressen."))
            return
        if not yes:
            question = ngettext(
                "%(count)d kommentar från adressen raderas för gott. "
                "Skriv ”ja” för att fortsätta: ",
                "%(count)d kommentarer från adressen raderas för gott. "
                "Skriv ”ja” för att fortsätta: ",
                found,
            ) % {"count": found}
            try:
                answer = input(question)
            except EOFError:
                answer = ""
            if answer.strip().casefold() not in YES:
                raise CommandError(_("Avbrutet: ingenting raderades."))
        count = resident_data_erase(email=email)
        self.stdout.write(
            ngettext(
                "Raderade %(count)d kommentar.",
                "Raderade %(count)d kommentarer.",
                count,
            )
            % {"count": count}
        )
