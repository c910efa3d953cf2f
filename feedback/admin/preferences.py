from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from feedback.models import ModeratorPreference
from feedback.permissions import is_moderator

from .forms import ModeratorPreferenceForm


class ModeratorPreferencePanel(BaseSettingsPanel):
    """In the user's account settings: email about new comments, or not."""

    name = "moderation_notifications"
    title = _("Moderering")
    tab = notifications_tab
    order = 200
    form_class = ModeratorPreferenceForm

    def is_active(self):
        return is_moderator(self.user)

    @cached_property
    def preference(self):
        return ModeratorPreference.objects.filter(
            user=self.user
        ).first() or ModeratorPreference(user=self.user)

    def get_form(self):
        if self.request.method == "POST":
            return self.form_class(
                self.request.POST, instance=self.preference, prefix=self.name
            )
        return self.form_class(instance=self.preference, prefix=self.name)
