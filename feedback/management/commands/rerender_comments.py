"""Render the stored HTML of published comments and official replies again.

Run after a change to the sanitiser (feedback.sanitize) or to Django's
``urlize``: pages print the HTML stored when a comment was published.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from feedback.services.rendering import rerender_stored_html


class Command(BaseCommand):
    @property
    def help(self):
        # argparse wants a str: translate when asked, not at import.
        return _(
            "Gör om den sparade HTML-koden för publicerade kommentarer och "
            "kommunens svar (efter en ändring av sanering eller länkning)."
        )

    def handle(self, *args, **options):
        changed = rerender_stored_html()
        self.stdout.write(
            _("Ändrade: %(comments)d kommentarer, %(replies)d svar.") % changed
        )
