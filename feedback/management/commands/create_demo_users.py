from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from news.models import Principle

# Development only: these credentials are printed and must never reach production.
DEMO_USERS = [
    ("admin", "Administratör", "superuser"),
    ("redaktor", "Redaktör", "Editors"),
]
MODERATOR_GROUP = "Moderatorer: {principle}"


def demo_password(username: str) -> str:
    return f"demo-{username}-2026"


def moderator_username(index: int) -> str:
    """``moderator`` for the first principle, ``moderator2`` for the second..."""
    return "moderator" if index == 0 else f"moderator{index + 1}"


class Command(BaseCommand):
    help = (
        "Development only: create a demo administrator and editor, and for "
        "each principle a moderator group with one demo moderator."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo users are created only in development (DEBUG=True)."
            )
        lines = []
        for username, first_name, role in DEMO_USERS:
            password = demo_password(username)
            user = self._user(username, password, first_name, role == "superuser")
            if role == "Editors":
                user.groups.add(*Group.objects.filter(name="Editors"))
            lines.append(f"  {first_name:<28} {username} / {password}")
        # One moderator per principle, each in that principle's group only, so
        # that no principle's comments wait unseen and scoping is visible.
        for index, (principle, group) in enumerate(self._moderator_groups()):
            username = moderator_username(index)
            password = demo_password(username)
            user = self._user(username, password, "Moderator", False)
            user.groups.add(group)
            label = f"Moderator ({principle.name})"
            lines.append(f"  {label:<28} {username} / {password}")
        self.stdout.write("Demo users (development only):\n" + "\n".join(lines))

    def _user(self, username, password, first_name, superuser):
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@example.org"},
        )
        user.set_password(password)
        user.is_staff = superuser
        user.is_superuser = superuser
        user.save()
        return user

    def _moderator_groups(self):
        access_admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        pairs = []
        for principle in Principle.objects.order_by("sort_order", "name"):
            group, _ = Group.objects.get_or_create(
                name=MODERATOR_GROUP.format(principle=principle.name)
            )
            group.permissions.add(access_admin)
            principle.moderator_groups.add(group)
            pairs.append((principle, group))
        return pairs
