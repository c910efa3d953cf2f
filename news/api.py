"""The pages endpoint of the open-data API: Wagtail's, for anonymous visitors.

Wagtail's own endpoint answers each request as its visitor may see the site
(a page password in the session, a login) and lets ``?site=`` pick another
site. Ours shows every client the same thing (news.selectors.public_pages),
so any cache may share the answer. The tree filters (``child_of`` and the
like) are left out: they answer 400 for an id that is not a public page, so
no description could say which valid-looking requests succeed; ``type`` and
``order`` cover what the municipality's other sites need.
"""

import re

from django.core.exceptions import ValidationError
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from portal.api.base import PublicAPIMixin, check_known_parameters
from portal.api.schema import (
    ERROR_RESPONSES,
    ID_PARAMETER,
    ID_PATH,
    LIMIT,
    OFFSET,
    document_actions,
    fields_parameter,
    find_view_schema,
    list_schema,
    order_parameter,
)
from portal.links import page_absolute_url

from .api_fields import ReadOnlyField
from .models import ArticlePage
from .selectors import public_pages

SEARCH_OPERATORS = ("and", "or")
# Characters the SQLite full-text backend cannot quote (a 500 otherwise) and
# that mean nothing in a search: double quotes and control characters.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


class PublicSearchFilter(SearchFilter):
    """Wagtail's ``search``, with the query cleaned and the operator checked."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        query = UNSEARCHABLE.sub(" ", request.GET["search"]).strip()
        if not query:
            # Nothing left to search for: the backend cannot build a query.
            return queryset
        try:
            return get_search_backend().search(
                query,
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(
                f"cannot filter or order by '{error.field_name}' while searching"
            ) from error


class PageHtmlUrlField(ReadOnlyField):
    """The page's public address, from PORTAL_BASE_URL like feeds and emails."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page_absolute_url(page)


class PublicPageSerializer(PageSerializer):
    html_url = PageHtmlUrlField()


PAGE_TYPES = [
    "wagtailcore.Page",
    "news.HomePage",
    "news.NewsIndexPage",
    "news.ArticlePage",
    "news.StandardPage",
]
# Fields every page type has that a listing may ask for with ``fields``.
LISTING_FIELDS = [
    "id",
    "type",
    "detail_url",
    "html_url",
    "title",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "last_published_at",
    "alias_of",
    "locale",
]
# Fields every page type has and the search index can sort by.
PAGE_ORDERINGS = [
    name
    for field in ("id", "title", "first_published_at")
    for name in (field, f"-{field}")
]
PAGE_META_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "example": "news.ArticlePage"},
        "detail_url": {"type": "string", "format": "uri"},
        "html_url": {"type": "string", "format": "uri"},
        "slug": {"type": "string"},
        "show_in_menus": {"type": "boolean"},
        "seo_title": {"type": "string"},
        "search_description": {"type": "string"},
        "first_published_at": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
        },
        "last_published_at": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
        },
        "alias_of": {"type": "object", "nullable": True},
        "parent": {"type": "object", "nullable": True},
        "locale": {"type": "string"},
    },
}
PAGE_SCHEMA = {
    "type": "object",
    "description": (
        "The fields depend on `type` and `fields`. An article "
        "(`type=news.ArticlePage&fields=*`) adds `lead`, `hero_image`, "
        "`hero_alt_text`, `hero_caption`, `principles` and `links`; its "
        "detail adds `body` (the blocks as data) and `body_html` (rendered)."
    ),
    "properties": {
        "id": {"type": "integer"},
        "meta": PAGE_META_SCHEMA,
        "title": {"type": "string"},
    },
}
FIELDS = fields_parameter(LISTING_FIELDS)


@document_actions(
    listing_view=extend_schema(
        summary="Pages",
        description=(
            "Live, public pages of this site. Use `type=news.ArticlePage` for "
            "news articles, `order=-first_published_at` for the newest first."
        ),
        parameters=[
            OpenApiParameter("type", str, enum=PAGE_TYPES),
            FIELDS,
            order_parameter(PAGE_ORDERINGS, default="id"),
            OpenApiParameter("search", str, description="Full-text search."),
            OpenApiParameter("search_operator", str, enum=["and", "or"]),
            LIMIT,
            OFFSET,
        ],
        responses={
            200: OpenApiResponse(response=list_schema(PAGE_SCHEMA)),
            **ERROR_RESPONSES,
        },
    ),
    detail_view=extend_schema(
        summary="One page",
        description="404 unless the page is live and public in this site.",
        parameters=[ID_PATH, FIELDS],
        responses={200: OpenApiResponse(response=PAGE_SCHEMA), **ERROR_RESPONSES},
    ),
    find_view=find_view_schema(
        "Find a page by its path",
        PAGE_SCHEMA,
        [
            OpenApiParameter(
                "html_path", str, description="The page's path, e.g. /nyheter/."
            ),
            ID_PARAMETER,
        ],
    ),
)
class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer
    # Wagtail's, less the tree filters; search last, as in Wagtail.
    filter_backends = [FieldsFilter, OrderingFilter, PublicSearchFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {
        "child_of",
        "ancestor_of",
        "descendant_of",
        "translation_of",
        "locale",
        "site",
    }
    meta_fields = PagesAPIViewSet.meta_fields + ["last_published_at"]
    # Rendering a body costs queries (images, links): details only, so that a
    # listing's queries do not grow with its length.
    detail_only_fields = ["parent", "body", "body_html"]

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        check_known_parameters(
            self.request,
            self.known_query_parameters,
            not_empty=("type", "order", "search_operator", "limit", "offset"),
        )
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def get_base_queryset(self):
        return public_pages(Site.find_for_request(self.request))

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, ArticlePage):
            queryset = queryset.select_related("hero_image").prefetch_related(
                "principles"
            )
        return queryset

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except ValidationError as error:
            # A field filter (?first_published_at=...) with a value its field
            # cannot read: Wagtail only converts booleans and numbers.
            raise BadRequestError(
                "field filter error: " + "; ".join(error.messages)
            ) from error
