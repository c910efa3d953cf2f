"""news.0003: a database from before the move keeps every principle and its ties.

The migration is run backwards to the state such a database is in (the
tables under feedback's name, the content type labelled "feedback"), filled
with data, and run forwards again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# serialized_rollback: the flush after a transactional test would otherwise
# leave new content type ids behind for the next such test to trip over.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("news", "0002_editors_can_publish")]
AFTER = [("news", "0003_principle_owned_by_news")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    # Going back to BEFORE also unapplied every later migration that depends
    # on news.0003 (in feedback too): the next test needs all of them again.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    yield apps
    migrate_to_latest()


def test_principles_keep_their_rows_groups_and_permissions(old_database):
    apps = old_database
    assert "feedback_principle" in connection.introspection.table_names()
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(
        app_label="feedback", model="principle"
    )
    group = apps.get_model("auth", "Group").objects.create(name="Moderatorer")
    permission = apps.get_model("auth", "Permission").objects.get(
        content_type=content_type, codename="change_principle"
    )
    group.permissions.add(permission)
    principle = apps.get_model("news", "Principle").objects.create(
        name="Samhörighet", slug="samhorighet", short_description="Om oss."
    )
    principle.moderator_groups.add(group)

    apps = migrate(AFTER)

    tables = connection.introspection.table_names()
    assert "news_principle" in tables
    assert "feedback_principle" not in tables
    moved = apps.get_model("news", "Principle").objects.get(pk=principle.pk)
    assert (moved.name, moved.slug) == ("Samhörighet", "samhorighet")
    assert list(moved.moderator_groups.values_list("name", flat=True)) == [
        "Moderatorer"
    ]
    content_type.refresh_from_db()
    assert (content_type.app_label, content_type.model) == ("news", "principle")
    assert list(
        apps.get_model("auth", "Group")
        .objects.get(pk=group.pk)
        .permissions.values_list("content_type__app_label", "codename")
    ) == [("news", "change_principle")]
