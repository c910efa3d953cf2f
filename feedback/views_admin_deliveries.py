"""A read-only admin listing of outgoing email, for administrators.

Shows kind, status, attempts and the last error (which never holds an
address), so permanent failures are visible. Nobody can add, edit or delete
deliveries here: the worker owns them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import EmailDelivery


class EmailDeliveryPermissionPolicy(ModelPermissionPolicy):
    """Only "view", and only for users with the view permission (or superusers)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action == "view"]
        if not actions:
            return super().users_with_any_permission(actions).none()
        return super().users_with_any_permission(actions)


class EmailDeliveryViewSet(ModelViewSet):
    model = EmailDelivery
    icon = "mail"
    menu_label = _("E-postutskick")
    menu_name = "email-deliveries"
    url_prefix = "email-deliveries"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    inspect_view_fields = [
        "kind",
        "status",
        "comment",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    ordering = ["-created_at"]
    # Never used (the policy allows no add or edit); Wagtail wants a form anyway.
    form_fields = ["kind"]


register_permission_policy(
    EmailDelivery, EmailDeliveryPermissionPolicy(EmailDelivery), exact_class=True
)
