"""Principle belongs to news (docs/decisions/0004-principle-belongs-to-news.md).

Databases migrated before the move have the model's tables under feedback's
name and its content type under the "feedback" label. Renaming both keeps
every row that points at them: comments, article tags, moderator groups,
group permissions on principles, audit-log and search-index entries.
"""

from django.db import migrations


def rename_content_type(apps, schema_editor, *, old, new):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    manager = content_type_model.objects.db_manager(schema_editor.connection.alias)
    current = manager.filter(app_label=old, model="principle").first()
    if current is None:
        # A new database: the content type is created after the migrations.
        return
    # A content type under the new label could only have been created since
    # the move, by something that ran before this migration; the old one is
    # the one that rows point at.
    manager.filter(app_label=new, model="principle").delete()
    current.app_label = new
    current.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="feedback", new="news")


def backwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="news", new="feedback")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0002_editors_can_publish"),
    ]

    operations = [
        # feedback_principle -> news_principle, and its moderator groups table.
        migrations.AlterModelTable(name="principle", table=None),
        migrations.RunPython(forwards, backwards),
    ]
