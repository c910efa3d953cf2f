"""The demo users of `make run`: one moderator per principle, all in the README."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from feedback.models import ResidentComment
from feedback.selectors_moderation import principles_without_moderators

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"


def test_demo_gives_every_principle_a_moderator_of_its_own(settings, principles):
    settings.DEBUG = True
    output = io.StringIO()

    call_command("create_demo_users", stdout=output)

    assert list(principles_without_moderators()) == []
    for username, principle in zip(
        ["moderator", "moderator2", "moderator3"], principles, strict=True
    ):
        user = Group.objects.get(name=f"Moderatorer: {principle.name}").user_set.get()
        assert user.username == username
        assert user.check_password(f"demo-{username}-2026")
        assert f"{username} / demo-{username}-2026" in output.getvalue()
    assert not ResidentComment.objects.exists()


def test_readme_lists_every_demo_user_with_its_password(settings, principles):
    settings.DEBUG = True
    output = io.StringIO()
    call_command("create_demo_users", stdout=output)
    readme = README.read_text(encoding="utf-8")

    for line in output.getvalue().splitlines()[1:]:
        username, password = line.split()[-3::2]
        assert f"| `{username}` | `{password}` |" in readme
