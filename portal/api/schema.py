"""Pieces of the OpenAPI description the endpoints share.

drf-spectacular writes the description from the views; Wagtail's viewsets
build their serializers per request (the ``fields`` parameter), which no
generator can introspect, so their shapes are described here by hand.
"""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)

from .base import MAX_ID, MAX_OFFSET

# An id as the API takes it: a positive database integer.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
# A slug as Django's SlugField takes it.
SLUG_SCHEMA = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 100}

LIMIT = OpenApiParameter(
    "limit",
    OpenApiTypes.INT,
    description="How many items to return (at most WAGTAILAPI_LIMIT_MAX).",
    default=20,
)
OFFSET = OpenApiParameter(
    "offset",
    OpenApiTypes.INT,
    description="How many items to skip.",
    default=0,
)


def order_parameter(orderings, *, default: str | None = None, description=""):
    return OpenApiParameter(
        "order",
        OpenApiTypes.STR,
        enum=list(orderings),
        default=default or next(iter(orderings)),
        description=description or "Sort order; a leading minus sorts descending.",
    )


MESSAGE_SCHEMA = {
    "type": "object",
    "properties": {"message": {"type": "string"}},
    "required": ["message"],
}
RATE_LIMITED_SCHEMA = {
    "type": "object",
    "properties": {
        "message": {"type": "string", "description": "In Swedish."},
        "message_en": {"type": "string", "description": "In English."},
        "retry_after": {"type": "integer", "description": "Seconds to wait."},
    },
    "required": ["message", "message_en", "retry_after"],
}
ERROR_RESPONSES = {
    400: OpenApiResponse(
        response=MESSAGE_SCHEMA, description="A query parameter is invalid."
    ),
    404: OpenApiResponse(response=MESSAGE_SCHEMA, description="No such item."),
    429: OpenApiResponse(
        response=RATE_LIMITED_SCHEMA,
        description=(
            "Too many requests from this address; wait as many seconds as "
            "Retry-After says."
        ),
    ),
}


def only_open_data(endpoints):
    """Describe the open-data API only, not Wagtail's admin API (also DRF)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v2/")]


def postprocess(result, generator, request, public):
    """Fill in what settings decide, read when the description is made."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter["name"] in ("limit", "offset") and parameter["in"] == (
                    "query"
                ):
                    schema["minimum"] = 0
                    if parameter["name"] == "offset":
                        schema["maximum"] = MAX_OFFSET
                    if parameter["name"] == "limit" and limit_max:
                        schema["maximum"] = limit_max
            rate_limited = operation.get("responses", {}).get("429")
            if rate_limited is not None:
                rate_limited["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "required": True,
                        "description": "Seconds until the next request is allowed.",
                    }
                }
    return result


ACTION_VERBS = {"listing_view": "list", "detail_view": "retrieve", "find_view": "find"}


def document_actions(**schemas):
    """``extend_schema_view`` for Wagtail's action names.

    drf-spectacular only finds ``list``/``retrieve`` and ``@action`` methods;
    Wagtail routes to ``listing_view``, ``detail_view`` and ``find_view``. Each
    is wrapped in a method of the decorated class (so the annotation does not
    leak into Wagtail's class) and annotated there.
    """

    def decorator(cls):
        for name, schema in schemas.items():
            inherited = getattr(cls, name)

            def action(self, request, *args, _inherited=inherited, **kwargs):
                return _inherited(self, request, *args, **kwargs)

            action.__name__ = action.__qualname__ = name
            action.__doc__ = inherited.__doc__
            operation_id = f"{cls.name}_{ACTION_VERBS[name]}"
            setattr(cls, name, extend_schema(operation_id=operation_id)(schema(action)))
        return cls

    return decorator


ID_PATH = OpenApiParameter(
    "id", ID_SCHEMA, OpenApiParameter.PATH, description="The item's id."
)


def fields_parameter(field_names) -> OpenApiParameter:
    """Wagtail's ``fields`` parameter, with a pattern of what it accepts here."""
    names = "|".join(field_names)
    return OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        pattern=(
            rf"^(?:\*(?:,-(?:{names}))*|_(?:,(?:{names}))*"
            rf"|-?(?:{names})(?:,-?(?:{names}))*)?$"
        ),
        description=(
            "Wagtail's field selection: a comma-separated list of fields to "
            "add, `-field` to leave one out, `*` for all, `_` for none; empty "
            "for the default fields. Nested selections (`principles(name)`) "
            "and the fields of one `type` also work; this pattern describes "
            "what every item has."
        ),
    )


def list_schema(item_schema: dict) -> dict:
    return {
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": {"total_count": {"type": "integer"}},
                "required": ["total_count"],
            },
            "items": {"type": "array", "items": item_schema},
        },
        "required": ["meta", "items"],
    }


def find_view_schema(summary: str, item_schema: dict, parameters) -> dict:
    return extend_schema(
        summary=summary,
        description=(
            "Redirects to the item's detail; a client that follows redirects "
            "gets the detail itself."
        ),
        parameters=parameters,
        responses={
            302: OpenApiResponse(description="Found: Location is its detail."),
            200: OpenApiResponse(response=item_schema),
            **ERROR_RESPONSES,
        },
    )


def wagtail_endpoint_schema(
    *, noun: str, item_schema: dict, field_names, orderings, find_parameters
):
    """Describe one of Wagtail's endpoints: listing, detail and find."""
    fields = fields_parameter(field_names)
    return document_actions(
        listing_view=extend_schema(
            summary=noun.capitalize(),
            description=f"The {noun} outside collections with restricted access.",
            parameters=[
                fields,
                order_parameter(orderings, default="id"),
                LIMIT,
                OFFSET,
            ],
            responses={
                200: OpenApiResponse(response=list_schema(item_schema)),
                **ERROR_RESPONSES,
            },
        ),
        detail_view=extend_schema(
            summary=f"One of the {noun}",
            description="404 for an item in a collection with restricted access.",
            parameters=[ID_PATH, fields],
            responses={
                200: OpenApiResponse(response=item_schema),
                **ERROR_RESPONSES,
            },
        ),
        find_view=find_view_schema(
            f"Find one of the {noun}", item_schema, find_parameters
        ),
    )


ID_PARAMETER = OpenApiParameter("id", ID_SCHEMA, description="Its id.")
TAGGED_META = {
    "type": {"type": "string"},
    "detail_url": {"type": "string", "format": "uri"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "download_url": {"type": "string"},
}
IMAGE_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object", "properties": TAGGED_META},
        "title": {"type": "string"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
    },
}
DOCUMENT_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object", "properties": TAGGED_META},
        "title": {"type": "string"},
    },
}
