from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from news.models import Principle

# Development only: these credentials are printed and must never reach production.
DEMO_USERS = [
    ("admin", "demo-admin-2026", "Administratör", "superuser"),
    ("redaktor", "demo-redaktor-2026", "Redaktör", "Editors"),
    ("moderator", "demo-moderator-2026", "Moderator", "moderator"),
]
MODERATOR_GROUP = "Moderatorer: {principle}"


class Command(BaseCommand):
    help = "Development only: create a demo administrator, editor and moderator."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo users are created only in development (DEBUG=True)."
            )
        user_model = get_user_model()
        moderator_groups = self._moderator_groups()
        lines = []
        for username, password, first_name, role in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "email": f"{username}@example.org"},
            )
            user.set_password(password)
            user.is_staff = role == "superuser"
            user.is_superuser = role == "superuser"
            user.save()
            if role == "Editors":
                user.groups.add(*Group.objects.filter(name="Editors"))
            elif role == "moderator":
                # The demo moderator handles the first principle only, so that
                # scoping is visible in the admin.
                user.groups.add(*moderator_groups[:1])
            lines.append(f"  {first_name:<14} {username} / {password}")
        self.stdout.write("Demo users (development only):\n" + "\n".join(lines))

    def _moderator_groups(self):
        access_admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        groups = []
        for principle in Principle.objects.all():
            group, _ = Group.objects.get_or_create(
                name=MODERATOR_GROUP.format(principle=principle.name)
            )
            group.permissions.add(access_admin)
            principle.moderator_groups.add(group)
            groups.append(group)
        return groups
