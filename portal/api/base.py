from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.functional import classproperty
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

# Past these an offset is no page of ours and an id is no row of ours (ids are
# PostgreSQL integers); a database may overflow on larger numbers.
MAX_OFFSET = 2_147_483_647
MAX_ID = 2_147_483_647


class BoundedPagination(WagtailPagination):
    """Wagtail's limit/offset pagination with an upper bound on the offset."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


def check_known_parameters(request, known, *, not_empty=()) -> None:
    """A 400 (BadRequestError) for a query parameter the view does not know,
    or for an empty value of one that must have a value."""
    unknown = set(request.GET) - set(known)
    if unknown:
        raise BadRequestError(
            "query parameter is not an operation or a recognised field: "
            + ", ".join(sorted(unknown))
        )
    empty = sorted(name for name in not_empty if request.GET.get(name) == "")
    if empty:
        raise BadRequestError("query parameter has no value: " + ", ".join(empty))


class PublicAPIMixin:
    """Anonymous and JSON only: every client gets the same answer.

    No authentication, not even the session: a logged-in editor must not see
    more through the API than anybody else, and a shared cache may then hand
    any answer to anyone. Without DRF's browsable renderer there is no HTML
    (its templates need inline scripts the site's CSP refuses).
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)
    renderer_classes = (JSONRenderer,)
    pagination_class = BoundedPagination

    def find_object(self, queryset, request):
        # Wagtail passes ?id= to the database as it comes; "abc" would be a 500.
        if "id" in request.GET:
            value = request.GET["id"]
            if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
                raise BadRequestError(f"id must be an integer from 1 to {MAX_ID}")
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        """DRF's own errors (an unknown ?format=) in the shape of Wagtail's."""
        response = super().handle_exception(exc)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and set(data) == {"detail"}:
            response.data = {"message": str(data["detail"])}
        return response


class OpenDataAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    """Base for endpoints of our own, in the shape of Wagtail's.

    The same limit/offset pagination, the same ``{"meta": {"total_count"},
    "items"}`` envelope and ``{"message"}`` errors as the page, image and
    document endpoints, but a fixed serializer per view (no ``fields``
    parameter) and a fixed set of query parameters: anything else is a 400.
    Subclasses name their ``orderings`` (the ``order`` parameter's values)
    and filter in ``filter_items``.
    """

    filter_backends = []
    serializer_class = None
    detail_serializer_class = None
    filter_parameters: frozenset[str] = frozenset()
    orderings: dict[str, tuple[str, ...]] = {"id": ("pk",), "-id": ("-pk",)}
    default_order = "id"

    @classproperty
    def known_query_parameters(cls):
        return frozenset({"limit", "offset", "order"}) | cls.filter_parameters

    def get_serializer_class(self):
        if self.action == "detail_view" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        return {"request": self.request, "view": self}

    def check_query_parameters(self, queryset):
        check_known_parameters(
            self.request,
            self.known_query_parameters,
            not_empty=self.known_query_parameters,
        )

    def filter_items(self, queryset):
        return queryset

    def filter_queryset(self, queryset):
        queryset = self.filter_items(queryset)
        order = self.request.GET.get("order", self.default_order)
        if order not in self.orderings:
            raise BadRequestError(
                f"cannot order by '{order}' (use one of: {', '.join(self.orderings)})"
            )
        return queryset.order_by(*self.orderings[order])

    def get_object(self):
        # A detail ignores the listing's filters; only the item's id counts.
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]
