from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Principle


class PrincipleViewSet(SnippetViewSet):
    model = Principle
    icon = "list-ul"
    menu_label = _("Principer")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "short_description", "sort_order", "is_live"]
    search_fields = ["name", "short_description"]


register_snippet(PrincipleViewSet)
