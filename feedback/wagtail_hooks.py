from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Principle, RejectionReason
from .services.transitions import LOG_ACTIONS


class PrincipleViewSet(SnippetViewSet):
    model = Principle
    icon = "list-ul"
    menu_label = _("Principer")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "short_description", "sort_order", "is_live"]
    search_fields = ["name", "short_description"]


class RejectionReasonViewSet(SnippetViewSet):
    model = RejectionReason
    icon = "clipboard-list"
    menu_label = _("Skäl för avvisning")
    list_display = ["text", "sort_order"]


register_snippet(PrincipleViewSet)
register_snippet(RejectionReasonViewSet)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
