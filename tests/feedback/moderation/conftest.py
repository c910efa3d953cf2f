import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.factories import ResidentCommentFactory, UserFactory


def _access_admin():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def _login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def moderator_groups(principles):
    """One group per principle, listed in its moderator_groups."""
    groups = []
    for principle in principles:
        group = Group.objects.create(name=f"Moderatorer: {principle.name}")
        group.permissions.add(_access_admin())
        principle.moderator_groups.add(group)
        groups.append(group)
    return groups


@pytest.fixture
def moderator_a(moderator_groups):
    """Moderates the first principle only."""
    user = UserFactory(username="moderator_a")
    user.groups.add(moderator_groups[0])
    return user


@pytest.fixture
def moderator_b(moderator_groups):
    """Moderates the second principle only."""
    user = UserFactory(username="moderator_b")
    user.groups.add(moderator_groups[1])
    return user


@pytest.fixture
def editor(db):
    """Can use the admin, moderates nothing."""
    user = UserFactory(username="editor")
    group = Group.objects.create(name="Redaktörer-test")
    group.permissions.add(_access_admin())
    user.groups.add(group)
    return user


@pytest.fixture
def chief_moderator(db):
    """Holds the moderate-every-principle and personal-data permissions."""
    user = UserFactory(username="chief")
    group = Group.objects.create(name="Huvudmoderatorer")
    group.permissions.add(
        _access_admin(),
        Permission.objects.get(codename="moderate_all_principles"),
        Permission.objects.get(codename="view_personal_data"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def client_a(moderator_a):
    return _login(moderator_a)


@pytest.fixture
def client_b(moderator_b):
    return _login(moderator_b)


@pytest.fixture
def client_editor(editor):
    return _login(editor)


@pytest.fixture
def client_chief(chief_moderator):
    return _login(chief_moderator)


@pytest.fixture
def comment_a(article, principles):
    return ResidentCommentFactory(
        article=article, principle=principles[0], body="Om samhörighet i byn."
    )


@pytest.fixture
def comment_b(article, principles):
    return ResidentCommentFactory(
        article=article, principle=principles[1], body="Om självständighet."
    )
