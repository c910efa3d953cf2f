"""Delete comments nobody confirmed: past the link's expiry plus a grace period.

Run it from cron (hourly is plenty). The grace period is the discussion
setting "unverified_retention_hours", per site, so a resident who clicks a
just-expired link can still ask for a new one for a while.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from feedback.models import CommentStatus, DiscussionSettings, ResidentComment
from feedback.services.verification import expiry_hours


def purge_unverified_comments(*, now=None, dry_run: bool = False) -> int:
    """Delete expired unverified comments (and their email rows); return how many."""
    now = now or timezone.now()
    total = 0
    for site in Site.objects.select_related("root_page"):
        discussion_settings = DiscussionSettings.for_site(site)
        grace = timedelta(hours=discussion_settings.unverified_retention_hours)
        lifetime = timedelta(hours=expiry_hours(discussion_settings))
        expired = ResidentComment.objects.filter(
            status=CommentStatus.UNVERIFIED,
            article__path__startswith=site.root_page.path,
        ).filter(
            Q(token_expires_at__lt=now - grace)
            | Q(token_expires_at__isnull=True, created_at__lt=now - lifetime - grace)
        )
        if dry_run:
            total += expired.count()
            continue
        with transaction.atomic():
            deleted, _by_model = expired.delete()
            total += _by_model.get(ResidentComment._meta.label, 0)
    return total


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
