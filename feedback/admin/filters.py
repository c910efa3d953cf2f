"""The moderation listing's filters and search, shared with "select all".

Wagtail's select-all in listings ignores the listing's filters
(wagtail#12853), so the bulk actions call :func:`listing_queryset` with the
same request parameters the listing used: what a moderator selects is exactly
what they saw.
"""

import django_filters
from django import forms
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from feedback.models import CommentStatus, ResidentComment
from feedback.permissions import (
    can_view_personal_data,
    comments_moderatable_by,
    principles_moderated_by,
)
from feedback.selectors_moderation import (
    MODERATION_STATUSES,
    flagged_q,
    moderatable_comments,
)
from news.models import ArticlePage

DEFAULT_STATUS = CommentStatus.PENDING
STATUS_CHOICES = [(status.value, status.label) for status in MODERATION_STATUSES]


def _principles(request):
    if request is None:
        return principles_moderated_by(None)
    return principles_moderated_by(request.user)


def _articles(request):
    user = request.user if request is not None else None
    with_comments = comments_moderatable_by(user).values("article_id")
    # Only what the choice shows: 200 whole articles (body, revisions' JSON)
    # would cost the listing more than its rows.
    return (
        ArticlePage.objects.filter(pk__in=Subquery(with_comments))
        .only("id", "title")
        .order_by("title")
    )


class ResidentCommentFilterSet(WagtailFilterSet):
    principle = django_filters.ModelChoiceFilter(
        label=_("Princip"), queryset=_principles, empty_label=_("Alla")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        empty_label=_("Alla"),
        widget=forms.RadioSelect,
    )
    article = django_filters.ModelChoiceFilter(
        label=_("Artikel"), queryset=_articles, empty_label=_("Alla")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Skickad"), widget=DateRangePickerWidget
    )
    flagged = django_filters.BooleanFilter(
        label=_("Flaggad"), method="filter_flagged", widget=BooleanRadioSelect
    )

    class Meta:
        model = ResidentComment
        fields = ["principle", "status", "article", "created_at", "flagged"]

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(flagged_q()) if value else queryset.exclude(flagged_q())


class BooleanFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter shows its choice's label ("Flaggad: Ja").

    Wagtail's default shows the Python value, "True", in every language.
    Registered for every BooleanFilter in the admin, Wagtail's own included.
    """

    def get_active_filters(self):
        choices = dict(self.bound_field.field.widget.choices)
        label = choices.get("true" if self.value else "false", str(self.value))
        yield from (
            active._replace(value=str(label)) for active in super().get_active_filters()
        )


register_filter_adapter_class(django_filters.BooleanFilter, BooleanFilterAdapter)


def filter_data(request):
    """The request's query parameters, with the default status (pending).

    An absent ``status`` means the pending queue; ``status=`` (the "Alla"
    choice) means every status a moderator works with.
    """
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = DEFAULT_STATUS
    return data


def search_fields_for(user) -> list[str]:
    """Search the text and the name; the address only with the permission."""
    fields = ["body", "author_name"]
    if can_view_personal_data(user):
        fields.append("author_email")
    return fields


def search(queryset, query: str, user):
    if not query:
        return queryset
    condition = Q()
    for field in search_fields_for(user):
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def listing_queryset(request):
    """The comments the moderation listing shows for ``request``, unordered.

    Scoped to the principles the user moderates, then filtered and searched
    exactly as the listing does.
    """
    queryset = moderatable_comments(request.user)
    filterset = ResidentCommentFilterSet(
        data=filter_data(request), queryset=queryset, request=request
    )
    # An invalid filter value shows nothing rather than everything.
    queryset = filterset.qs if filterset.is_valid() else queryset.none()
    return search(queryset, request.GET.get("q", "").strip(), request.user)
