from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Synpunkter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: both import models, which Django
        # loads only after every app's config.
        from .emails import register_email_builders
        from .signal_handlers import register_signal_handlers

        register_email_builders()
        register_signal_handlers()
