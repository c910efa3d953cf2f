"""Everything feedback adds to Wagtail, registered here and nowhere else."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin.bulk_actions import moderation_bulk_actions
from .admin.panels import ModerationQueuesPanel, UnmoderatedPrinciplesPanel
from .admin.preferences import ModeratorPreferencePanel
from .admin.principles import PrincipleViewSet
from .admin.viewsets import (
    EmailDeliveryViewSet,
    ResidentCommentViewSet,
    moderation_menu_item,
)
from .models import EmailDelivery, RejectionReason, ResidentComment
from .permissions import (
    comment_permission_policy,
    email_delivery_permission_policy,
    is_moderator,
)
from .services.actions import log_actions
from .views import add_comment_section

# Before anything asks the registry for these models' policies: Wagtail 8
# refuses a custom policy once a fallback was created.
register_permission_policy(ResidentComment, comment_permission_policy)
register_permission_policy(
    EmailDelivery, email_delivery_permission_policy, exact_class=True
)


class RejectionReasonViewSet(SnippetViewSet):
    model = RejectionReason
    icon = "clipboard-list"
    menu_label = _("Skäl för avvisning")
    list_display = ["text", "sort_order"]


register_snippet(PrincipleViewSet)
register_snippet(RejectionReasonViewSet)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for log in log_actions():
        actions.register_action(log.name, log.label, log.message)


# -- Moderation ----------------------------------------------------------------

register_snippet(ResidentCommentViewSet)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return moderation_menu_item()


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if is_moderator(request.user):
        panels.append(ModerationQueuesPanel(request))
    # Administrators, who can give a principle its moderator group.
    if request.user.has_perm("news.change_principle"):
        panels.append(UnmoderatedPrinciplesPanel(request))


for _bulk_action in moderation_bulk_actions():
    hooks.register("register_bulk_action", _bulk_action)


@hooks.register("register_account_settings_panel")
def register_moderator_preference_panel(request, user, profile):
    return ModeratorPreferencePanel(request, user, profile)


@hooks.register("register_admin_viewset")
def register_email_delivery_viewset():
    return EmailDeliveryViewSet("email_deliveries")


# -- Comments on the public site --------------------------------------------------


@hooks.register("on_serve_page", order=1)
def add_comment_section_to_articles(serve):
    # order=1: inside Wagtail's own view-restriction check.
    def inner(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        return add_comment_section(page, request, response)

    return inner
