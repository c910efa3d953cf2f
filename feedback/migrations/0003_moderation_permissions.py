from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="residentcomment",
            options={
                "ordering": ["created_at", "pk"],
                "permissions": [
                    (
                        "moderate_all_principles",
                        "Kan moderera kommentarer om alla principer",
                    ),
                    (
                        "view_personal_data",
                        "Kan se och söka på skribenters e-postadresser",
                    ),
                ],
                "verbose_name": "kommentar",
                "verbose_name_plural": "kommentarer",
            },
        ),
    ]
