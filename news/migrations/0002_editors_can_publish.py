"""Editors publish and schedule news themselves (see docs/decisions).

Wagtail's first migration gives its "Editors" group add and edit rights on the
root page but leaves publishing to "Moderators". Our editors publish, so every
install grants Editors publish rights on the root page, which covers every site.
"""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    editors = Group.objects.filter(name="Editors").first()
    root = Page.objects.filter(depth=1).first()
    publish = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if editors and root and publish:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root, permission=publish
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__in=Group.objects.filter(name="Editors"),
        page__in=Page.objects.filter(depth=1),
        permission__codename="publish_page",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        # Editors group (wagtailadmin), publish_page and the permission FK.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
