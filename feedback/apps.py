from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Synpunkter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Email builders register themselves per kind (feedback.delivery):
        # verification here, the moderation emails in feedback.notifications
        # when that module is part of the installation.
        import_module("feedback.services.verification")
        if find_spec("feedback.notifications") is not None:
            import_module("feedback.notifications")
