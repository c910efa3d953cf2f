"""Give a new install its page tree and settings without clicking.

    .venv/bin/python manage.py bootstrap_site --organisation "Exempelby kommun"

Safe to run again (on every deploy): it only adds what is missing. See
portal.bootstrap for what it creates.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.bootstrap import site_bootstrap


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Skapa startsida, nyhetslista, sidor om personuppgifter och "
            "tillgänglighet samt grundinställningar. Lägger bara till det som saknas."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            default="",
            help=_("Organisationens namn, till exempel kommunens."),
        )

    def handle(self, *args, **options):
        tree = site_bootstrap(organisation_name=options["organisation"])
        if tree.created:
            self.stdout.write(
                _("Webbplatsen: skapade %(count)d delar: %(what)s.")
                % {"count": len(tree.created), "what": ", ".join(tree.created)}
            )
        else:
            self.stdout.write(_("Webbplatsen: allt fanns redan, inget ändrades."))
