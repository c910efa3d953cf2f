"""/api/v2/: the router of the open-data API, its index and its description."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.utils.urlpatterns import decorate_urlpatterns

from feedback.api.views import PrincipleAPIViewSet, PublishedCommentAPIViewSet
from news.api import PublicPagesAPIViewSet
from portal.links import absolute_url

from .base import PublicAPIMixin
from .http import public_api
from .media import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet
from .schema import ERROR_RESPONSES

app_name = "api"

ENDPOINTS = {
    "pages": PublicPagesAPIViewSet,
    "images": PublicImagesAPIViewSet,
    "documents": PublicDocumentsAPIViewSet,
    "principles": PrincipleAPIViewSet,
    "comments": PublishedCommentAPIViewSet,
}
router = WagtailAPIRouter(app_name)
for endpoint_name, viewset in ENDPOINTS.items():
    router.register_endpoint(endpoint_name, viewset)


class APIRootView(PublicAPIMixin, APIView):
    """Where everything is: a client (or a curious person) starts here."""

    @extend_schema(
        summary="Index of the API",
        responses={
            200: inline_serializer(
                "APIRoot",
                {
                    "endpoints": serializers.DictField(child=serializers.URLField()),
                    "schema": serializers.URLField(),
                    "documentation": serializers.URLField(),
                    "privacy": serializers.CharField(),
                },
            ),
            429: ERROR_RESPONSES[429],
        },
    )
    def get(self, request):
        base = absolute_url("/api/v2/")
        return Response(
            {
                "endpoints": {name: f"{base}{name}/" for name in ENDPOINTS},
                "schema": f"{base}schema/",
                "documentation": absolute_url("/oppna-data/"),
                "privacy": str(
                    _(
                        "Bara publicerade kommentarer, och av dem bara det som "
                        "sidorna visar: aldrig e-postadresser eller uppgifter "
                        "från granskningen."
                    )
                ),
            }
        )


class SchemaView(SpectacularAPIView):
    """The OpenAPI description, for anyone (docs/openapi.yaml is a copy)."""

    authentication_classes = ()


@csrf_exempt
def not_found(request, path=""):
    """Any other address under /api/v2/: a 404 in the API's shape, not HTML."""
    return JsonResponse({"message": "not found"}, status=404)


urlpatterns = [
    path("", APIRootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    *router.get_urlpatterns(),
    # [\s\S], not ".": a path may hold a newline (%0A), which "." skips.
    re_path(r"^(?P<path>[\s\S]*)$", not_found),
]
decorate_urlpatterns(urlpatterns, public_api)
