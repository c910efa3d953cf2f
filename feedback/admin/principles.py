"""The principles' listing for administrators: which have a moderator, and
a warning for those that have none, whose comments would wait unseen."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusFlagColumn
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from feedback.selectors_moderation import with_active_moderator_count
from news.models import Principle


class ModeratorGroupsColumn(Column):
    cell_template_name = "feedback/admin/cells/moderator_groups.html"


class PrincipleIndexView(SnippetIndexView):
    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            # All principles, not just this page of the listing or its search.
            context["unmoderated"] = list(
                with_active_moderator_count(Principle.objects.all()).filter(
                    active_moderators=0
                )
            )
        return context


class PrincipleViewSet(SnippetViewSet):
    model = Principle
    icon = "list-ul"
    menu_label = _("Principer")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = PrincipleIndexView
    index_template_name = "feedback/admin/principle_index.html"
    list_display = [
        "name",
        "short_description",
        "sort_order",
        # Wagtail shows a plain BooleanField as "True"/"False", untranslated.
        StatusFlagColumn(
            "is_live",
            label=_("Status"),
            true_label=_("Aktiv"),
            false_label=_("Inaktiv"),
            sort_key="is_live",
        ),
        ModeratorGroupsColumn("moderators", label=_("Moderatorgrupper"), accessor="pk"),
    ]
    search_fields = ["name", "short_description"]

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering, so it is repeated here.
        return with_active_moderator_count(
            Principle.objects.prefetch_related("moderator_groups")
        ).order_by("sort_order", "name")
