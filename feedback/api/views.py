"""Endpoints for principles and published comments, and the comment export."""

from django.http import JsonResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Site

from feedback.models import ResidentComment
from feedback.selectors_open_data import published_comments, published_principles
from news.models import Principle
from portal.api.base import (
    OpenDataAPIViewSet,
    PublicAPIMixin,
    check_known_parameters,
)
from portal.api.schema import (
    ERROR_RESPONSES,
    ID_PATH,
    ID_SCHEMA,
    LIMIT,
    OFFSET,
    SLUG_SCHEMA,
    document_actions,
    order_parameter,
)

from .exports import comments_csv, comments_json, export_filename
from .filters import PublishedCommentFilterSet, form_errors_message
from .serializers import (
    PrincipleDetailSerializer,
    PrincipleListSerializer,
    PrincipleSerializer,
    PublishedCommentListSerializer,
    PublishedCommentSerializer,
)

PRINCIPLE_ORDERINGS = {
    "sort_order": ("sort_order", "name", "pk"),
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "id": ("pk",),
    "-id": ("-pk",),
}
COMMENT_ORDERINGS = {
    "-published_at": ("-published_at", "-pk"),
    "published_at": ("published_at", "pk"),
    "id": ("pk",),
    "-id": ("-pk",),
}
COMMENT_FILTERS = [
    OpenApiParameter(
        "article",
        ID_SCHEMA,
        description="Only comments on this article (a page id).",
    ),
    OpenApiParameter(
        "principle",
        SLUG_SCHEMA,
        description="Only comments about this principle (its slug).",
    ),
    OpenApiParameter(
        "since",
        OpenApiTypes.DATE,
        description="Published on or after this date (Europe/Stockholm).",
    ),
    OpenApiParameter(
        "until",
        OpenApiTypes.DATE,
        description="Published on or before this date (Europe/Stockholm).",
    ),
]


def filtered_comments(request, queryset):
    """``queryset`` narrowed by the request's filters, and the filters' values.

    Raises BadRequestError (a 400 with a message) for an invalid value.
    """
    filterset = PublishedCommentFilterSet(request.GET, queryset=queryset)
    if not filterset.is_valid():
        raise BadRequestError(form_errors_message(filterset.form))
    return filterset.qs, filterset.form.cleaned_data


@document_actions(
    listing_view=extend_schema(
        summary="Principles",
        description="The guiding principles every comment concerns.",
        parameters=[LIMIT, OFFSET, order_parameter(PRINCIPLE_ORDERINGS)],
        responses={200: PrincipleListSerializer, **ERROR_RESPONSES},
    ),
    detail_view=extend_schema(
        summary="One principle",
        description="A principle, with its longer text as HTML.",
        parameters=[ID_PATH],
        responses={200: PrincipleDetailSerializer, **ERROR_RESPONSES},
    ),
)
class PrincipleAPIViewSet(OpenDataAPIViewSet):
    model = Principle
    name = "principles"
    serializer_class = PrincipleSerializer
    detail_serializer_class = PrincipleDetailSerializer
    orderings = PRINCIPLE_ORDERINGS
    default_order = "sort_order"

    def get_queryset(self):
        return published_principles()


@document_actions(
    listing_view=extend_schema(
        summary="Published comments",
        description=(
            "Approved comments on live, public articles, newest first unless "
            "ordered otherwise. Nothing else a resident sent (email address) "
            "or the moderation produced is ever part of it."
        ),
        parameters=[
            *COMMENT_FILTERS,
            LIMIT,
            OFFSET,
            order_parameter(COMMENT_ORDERINGS, default="-published_at"),
        ],
        responses={200: PublishedCommentListSerializer, **ERROR_RESPONSES},
    ),
    detail_view=extend_schema(
        summary="One published comment",
        description="404 unless the comment is published on a public article.",
        parameters=[ID_PATH],
        responses={200: PublishedCommentSerializer, **ERROR_RESPONSES},
    ),
)
class PublishedCommentAPIViewSet(OpenDataAPIViewSet):
    model = ResidentComment
    name = "comments"
    serializer_class = PublishedCommentSerializer
    filter_parameters = frozenset({"article", "principle", "since", "until"})
    orderings = COMMENT_ORDERINGS
    default_order = "-published_at"

    def get_queryset(self):
        return published_comments(Site.find_for_request(self.request))

    def filter_items(self, queryset):
        return filtered_comments(self.request, queryset)[0]

    @classmethod
    def get_urlpatterns(cls):
        return [
            *super().get_urlpatterns(),
            path("export/", CommentExportView.as_view(), name="export"),
        ]


class CSVRenderer(BaseRenderer):
    """Lets ``?format=csv`` (and Accept: text/csv) choose the CSV export."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CommentExportView(PublicAPIMixin, APIView):
    """All published comments matching the filters, unpaginated."""

    renderer_classes = (JSONRenderer, CSVRenderer)
    known_query_parameters = frozenset(
        {"article", "principle", "since", "until", "format"}
    )

    @extend_schema(
        summary="Export published comments (CSV or JSON)",
        description=(
            "Every published comment matching the filters, for a council "
            "report: CSV is UTF-8 with a BOM (Excel reads the Swedish letters) "
            "and cells that a spreadsheet would take for a formula start with "
            "an apostrophe; JSON has the listing's fields. Not paginated."
        ),
        parameters=[
            *COMMENT_FILTERS,
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["csv", "json"], default="json"
            ),
        ],
        responses={
            (200, "application/json"): PublishedCommentListSerializer,
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR, description="CSV, one comment per row."
            ),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request):
        site = Site.find_for_request(request)
        try:
            check_known_parameters(
                request,
                self.known_query_parameters,
                not_empty=self.known_query_parameters,
            )
            comments, filters = filtered_comments(
                request, published_comments(site).order_by("published_at", "pk")
            )
        except BadRequestError as error:
            return bad_request(str(error))
        if request.accepted_renderer.format == "csv":
            principle = None
            if filters["principle"]:
                principle = Principle.objects.filter(slug=filters["principle"]).first()
            filename = export_filename(
                principle=principle, since=filters["since"], until=filters["until"]
            )
            return comments_csv(comments, filename=filename)
        return comments_json(comments, meta=filters, request=request)


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=400)
