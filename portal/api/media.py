"""Wagtail's image and document endpoints, for anonymous visitors only."""

from django.db.models import Q
from rest_framework.fields import Field
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction

from .base import PublicAPIMixin, check_known_parameters
from .schema import (
    DOCUMENT_SCHEMA,
    ID_PARAMETER,
    IMAGE_SCHEMA,
    wagtail_endpoint_schema,
)

TITLE_ORDERINGS = ["id", "-id", "title", "-title"]


def restricted_collections():
    """Every collection under a view restriction, whoever asks.

    Wagtail's own endpoints let a request that passed a restriction (a
    password in the session, a login) see the collection; ours answer
    everybody alike, so a restricted collection is never shown.
    """
    paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    ).values_list("path", flat=True)
    under_any = Q()
    for path in paths:
        under_any |= Q(path__startswith=path)
    if not under_any:
        return Collection.objects.none()
    return Collection.objects.filter(under_any)


class TagNamesField(Field):
    """Wagtail's "tags" from prefetched tags: its own field queries per item."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PublicCollectionMemberMixin(PublicAPIMixin):
    """Images and documents outside restricted collections, tags prefetched."""

    def get_queryset(self):
        return (
            self.model.objects.exclude(collection__in=restricted_collections())
            .prefetch_related("tags")
            .order_by("id")
        )

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        # Found by schemathesis: an empty order was taken as no order.
        check_known_parameters(
            self.request,
            self.known_query_parameters,
            not_empty=("order", "limit", "offset"),
        )

    @classmethod
    def get_field_serializer_overrides(cls, model):
        return {
            **super().get_field_serializer_overrides(model),
            "tags": TagNamesField(),
        }


@wagtail_endpoint_schema(
    noun="images",
    item_schema=IMAGE_SCHEMA,
    field_names=["id", "type", "detail_url", "title", "width", "height", "tags"]
    + ["download_url"],
    orderings=TITLE_ORDERINGS,
    find_parameters=[ID_PARAMETER],
)
class PublicImagesAPIViewSet(PublicCollectionMemberMixin, ImagesAPIViewSet):
    pass


@wagtail_endpoint_schema(
    noun="documents",
    item_schema=DOCUMENT_SCHEMA,
    field_names=["id", "type", "detail_url", "title", "tags", "download_url"],
    orderings=TITLE_ORDERINGS,
    find_parameters=[ID_PARAMETER],
)
class PublicDocumentsAPIViewSet(PublicCollectionMemberMixin, DocumentsAPIViewSet):
    pass
