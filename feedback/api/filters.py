"""The query parameters that narrow published comments, for the API and exports."""

import django_filters
from django import forms

from feedback.models import ResidentComment
from feedback.selectors_open_data import in_period
from portal.api.base import MAX_ID

ISO_DATE = ["%Y-%m-%d"]


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SlugFilter(django_filters.CharFilter):
    field_class = forms.SlugField

    def __init__(self, *args, **kwargs):
        # Not stripped: " " is no slug (a 400), not the absent filter.
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)


class PublishedCommentFilterSet(django_filters.FilterSet):
    """Filters by article, principle and a period of publication.

    ``since`` and ``until`` are dates (YYYY-MM-DD) in the site's time zone and
    both inclusive. A period that ends before it starts is empty, not an
    error: each date is valid on its own.
    """

    article = IdFilter(field_name="article_id")
    principle = SlugFilter(field_name="principle__slug", max_length=100)
    since = django_filters.DateFilter(method="filter_period", input_formats=ISO_DATE)
    until = django_filters.DateFilter(method="filter_period", input_formats=ISO_DATE)

    class Meta:
        model = ResidentComment
        fields = []

    def filter_period(self, queryset, name, value):
        return in_period(queryset, **{name: value})


def form_errors_message(form) -> str:
    """A form's errors as one line for an API's ``message``."""
    return "; ".join(
        f"{field}: {' '.join(str(error) for error in errors)}"
        for field, errors in form.errors.items()
    )
