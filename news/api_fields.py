"""Serializer fields for the pages' ``api_fields`` (see news.api)."""

import re

from django.urls import reverse
from rest_framework import serializers

from portal.links import absolute_url

# Attribute values our templates and Wagtail's rich text write: always quoted.
ROOT_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')


API_NAMESPACE = "api"


def api_url(name: str, *args) -> str:
    return absolute_url(reverse(f"{API_NAMESPACE}:{name}", args=args))


def absolute_links(html: str) -> str:
    """Rendered HTML with site-relative links made absolute (PORTAL_BASE_URL)."""
    return ROOT_RELATIVE_URL.sub(lambda m: m.group(1) + absolute_url("/"), html)


class ReadOnlyField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class RenderedStreamField(ReadOnlyField):
    """A StreamField as the page shows it (block by block, as the template's
    ``include_block`` does): HTML with absolute links."""

    def to_representation(self, value):
        return absolute_links("\n".join(block.render_as_block() for block in value))


class PrincipleMetaSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_type(self, principle) -> str:
        return "news.Principle"

    def get_detail_url(self, principle) -> str:
        return api_url("principles:detail", principle.pk)

    def get_html_url(self, principle) -> str:
        return absolute_url(principle.get_absolute_url())


class PrincipleReferenceSerializer(serializers.Serializer):
    """A principle where something else names it (an article, a comment)."""

    id = serializers.IntegerField()
    meta = PrincipleMetaSerializer(source="*")
    slug = serializers.CharField()
    name = serializers.CharField()


class PrincipleReferences(ReadOnlyField):
    """The principles an article concerns, as the principles endpoint names them."""

    def to_representation(self, value):
        return [
            PrincipleReferenceSerializer(principle, context=self.context).data
            for principle in value.all()
        ]


class ArticleLinksField(ReadOnlyField):
    """Where an article's published comments are, as data and as a feed."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, article):
        return {
            "comments": absolute_url(reverse("api:comments:listing"))
            + f"?article={article.pk}",
            "comments_feed": absolute_url(
                reverse("open_data:article_comments_feed", args=[article.pk])
            ),
        }
