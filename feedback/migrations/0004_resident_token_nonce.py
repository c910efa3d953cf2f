from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_moderation_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="residentcomment",
            name="token_nonce",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
