"""The moderation queue: a snippet listing of comments with filters, flags,
the author's history, keyboard shortcuts and the bulk bar. Reads through
feedback.selectors_moderation; the bulk actions are in bulk_actions.py."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    Table,
    TitleColumn,
)
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from feedback.links import action_url, detail_url
from feedback.models import CommentStatus, ResidentComment
from feedback.permissions import require_moderator
from feedback.selectors_moderation import (
    LOW_RECAPTCHA_SCORE,
    moderatable_comments,
    page_rows,
    pending_queues,
)
from feedback.services import actions

from .filters import (
    DEFAULT_STATUS,
    ResidentCommentFilterSet,
    filter_data,
    search,
)

STATUS_TITLES = {
    CommentStatus.PENDING: _("Väntar på granskning"),
    CommentStatus.APPROVED: _("Publicerade"),
    CommentStatus.REJECTED: _("Avvisade"),
    CommentStatus.SPAM: _("Skräppost"),
    CommentStatus.WITHDRAWN: _("Återkallade"),
}


def request_pending_queues(request):
    """The user's queues, computed once per request: the menu, the queue page
    and the dashboard panel all show them."""
    if not hasattr(request, "_feedback_pending_queues"):
        request._feedback_pending_queues = pending_queues(request.user)
    return request._feedback_pending_queues


class ModerationTable(Table):
    """Rows carry what the keyboard shortcuts need (see moderation.js).

    Actions with a key and no reason are taken right from the queue
    (``data-<action>-url``); one that needs a reason opens the comment.
    """

    def get_row_attrs(self, instance):
        attrs = super().get_row_attrs(instance)
        attrs.update(
            {
                "data-moderation-row": "",
                "data-comment-id": str(instance.pk),
                "data-status": instance.status,
                "data-detail-url": detail_url(instance),
            }
        )
        for action in actions.moderator_actions():
            if action.shortcut and not action.needs_reason:
                attrs[f"data-{action.name}-url"] = action_url(instance, action.name)
        return attrs


class FlagsColumn(Column):
    cell_template_name = "feedback/admin/cells/flags.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["low_recaptcha_score"] = LOW_RECAPTCHA_SCORE
        return context


class HistoryColumn(Column):
    cell_template_name = "feedback/admin/cells/history.html"


class EitherEndPaginator(WagtailPaginator):
    """Reads a page past the middle from the far end, in reverse order.

    OFFSET makes the database step over every row before the page; the last
    page of 90,000 would step over them all. From the nearer end no page
    steps over more than half the rows (and the last pages over almost none).
    Needs an ordered queryset with a unique tie-breaker, so that reversing it
    gives exactly the same rows backwards.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count - top and getattr(self.object_list, "ordered", False):
            backwards = self.object_list.reverse()
            rows = list(backwards[self.count - top : self.count - bottom])[::-1]
            return self._get_page(rows, number, self)
        return super().page(number)


class ModerationIndexView(SnippetIndexView):
    """The moderation queue: oldest first, pending unless a status is chosen.

    Pages through bare ids and loads (with the author's history) only the
    rows shown, so that a deep page costs what the first one does.
    """

    default_ordering = "created_at"
    paginator_class = EitherEndPaginator
    filterset_class = ResidentCommentFilterSet
    table_class = ModerationTable
    table_classname = "listing feedback-moderation-listing"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_moderator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return moderatable_comments(self.request.user)

    def order_queryset(self, queryset):
        # The id breaks ties, so that pages neither repeat nor skip a comment
        # and the paginator may read them backwards.
        queryset = super().order_queryset(queryset)
        ordering = queryset.query.order_by
        if ordering:
            queryset = queryset.order_by(
                *ordering, "-pk" if str(ordering[-1]).startswith("-") else "pk"
            )
        return queryset

    def paginate_queryset(self, queryset, page_size):
        paginator, page, ids, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        page.object_list = page_rows(ids, queryset)
        return paginator, page, page.object_list, is_paginated

    def get_filterset_kwargs(self):
        return {"data": filter_data(self.request), "request": self.request}

    def filter_queryset(self, queryset):
        if not self.filters:
            return queryset
        if not self.filters.is_valid():
            return queryset.none()
        return self.filters.filter_queryset(queryset)

    def search_queryset(self, queryset):
        return search(queryset, self.search_query, self.request.user)

    @cached_property
    def active_filters(self):
        filters = super().active_filters
        if "status" in self.request.GET:
            return filters
        # The default (pending) is what the page title says; a removable pill
        # for it would remove nothing.
        status_id = self.filters.form["status"].auto_id if self.filters else None
        return [f for f in filters if f.auto_id != status_id]

    def get_valid_orderings(self):
        return ["created_at", "-created_at", "verified_at", "-verified_at"]

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            TitleColumn(
                "excerpt",
                label=_("Kommentar"),
                accessor=lambda c: Truncator(c.body).chars(140),
                get_url=detail_url,
                get_title_id=lambda c: f"snippet_{quote(c.pk)}_title",
            ),
            Column("article", label=_("Artikel"), accessor="article.title"),
            Column("principle", label=_("Princip"), accessor="principle.name"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn(
                "created_at",
                label=_("Ålder"),
                sort_key="created_at",
                ascending_title_text=_("Äldst först"),
                descending_title_text=_("Nyast först"),
            ),
            FlagsColumn("flags", label=_("Flaggor"), accessor="pk"),
            HistoryColumn("history", label=_("Skribentens historik"), accessor="pk"),
        ]

    @cached_property
    def current_status(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("status") or ""
        return DEFAULT_STATUS

    def get_page_title(self):
        return STATUS_TITLES.get(self.current_status, _("Alla kommentarer"))

    def get_page_subtitle(self):
        if self.filters and self.filters.is_valid():
            principle = self.filters.form.cleaned_data.get("principle")
            if principle:
                return principle.name
        return ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": _("Moderering")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            context["queues"] = request_pending_queues(self.request)
            context["status_links"] = [
                (status, label, f"{self.index_url}?status={status}")
                for status, label in STATUS_TITLES.items()
            ]
            context["current_status"] = self.current_status
            context["bulk_action_buttons"] = bulk_action_buttons(self.request.user)
        return context


def may_take(user, action) -> bool:
    """Whether ``user`` holds the action's permission beyond moderating, if any."""
    return not action.permission or user.has_perm(action.permission)


def bulk_action_buttons(user):
    """Our bulk actions only: Wagtail's snippet "delete" is not offered.

    Built as Wagtail's own bulk bar builds them (``bulk_action_choices`` in
    wagtailadmin_tags), so they get its button classes and colours.
    """
    opts = ResidentComment._meta
    return [
        ListingButton(
            action.label,
            reverse(
                "wagtail_bulk_action",
                args=[opts.app_label, opts.model_name, action.bulk_action_type],
            ),
            attrs={"aria-label": action.bulk.aria_label, "data-bulk-action-button": ""},
            priority=priority,
            classname=" ".join(sorted(action.bulk.classes | {"bulk-action-btn"})),
        )
        for priority, action in enumerate(actions.bulk_actions())
        if may_take(user, action)
    ]
