"""What open data shows of a principle and of a published comment.

Fields are named one by one: no model serializer guesses them, so a field
added to the model later never reaches the API unasked.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from feedback.sanitize import stored_html, strip_bidi_controls
from news.api_fields import PrincipleReferenceSerializer, api_url
from portal.links import absolute_url, page_absolute_url


def comment_html_url(comment) -> str:
    return f"{page_absolute_url(comment.article)}#kommentar-{comment.pk}"


class PrincipleLinksSerializer(serializers.Serializer):
    comments = serializers.SerializerMethodField(
        help_text="The principle's published comments in this API."
    )
    feed = serializers.SerializerMethodField(
        help_text="Atom feed: articles and published comments with replies."
    )
    export_csv = serializers.SerializerMethodField(
        help_text="All published comments as CSV; add since/until for a period."
    )
    export_json = serializers.SerializerMethodField(
        help_text="All published comments as JSON; add since/until for a period."
    )

    def get_comments(self, principle) -> str:
        return api_url("comments:listing") + f"?principle={principle.slug}"

    def get_feed(self, principle) -> str:
        return absolute_url(
            reverse("open_data:principle_feed", kwargs={"slug": principle.slug})
        )

    def get_export_csv(self, principle) -> str:
        return api_url("comments:export") + f"?principle={principle.slug}&format=csv"

    def get_export_json(self, principle) -> str:
        return api_url("comments:export") + f"?principle={principle.slug}&format=json"


class PrincipleSerializer(PrincipleReferenceSerializer):
    short_description = serializers.CharField()
    sort_order = serializers.IntegerField()
    links = PrincipleLinksSerializer(source="*")


class PrincipleDetailSerializer(PrincipleSerializer):
    description_html = serializers.SerializerMethodField(
        help_text="The principle's longer text, as HTML."
    )

    def get_description_html(self, principle) -> str:
        return expand_db_html(principle.body)


class ArticleMetaSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_type(self, article) -> str:
        return "news.ArticlePage"

    def get_detail_url(self, article) -> str:
        return api_url("pages:detail", article.pk)

    def get_html_url(self, article) -> str:
        return page_absolute_url(article)


class ArticleReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meta = ArticleMetaSerializer(source="*")
    title = serializers.CharField()


class CommentMetaSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField(
        help_text="The comment on its article's page."
    )

    def get_type(self, comment) -> str:
        return "feedback.ResidentComment"

    def get_detail_url(self, comment) -> str:
        return api_url("comments:detail", comment.pk)

    def get_html_url(self, comment) -> str:
        return comment_html_url(comment)


class ReplySerializer(serializers.Serializer):
    """ "Kommunen svarar": the municipality's answer, never who wrote it."""

    body_html = serializers.SerializerMethodField(
        help_text=(
            "The reply as the page shows it: escaped text, <br> for line "
            'breaks, http(s) links with rel="nofollow ugc noopener".'
        )
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_body_html(self, reply) -> str:
        return str(stored_html(reply))


class PublishedCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meta = CommentMetaSerializer(source="*")
    article = ArticleReferenceSerializer()
    principle = PrincipleReferenceSerializer()
    author_name = serializers.SerializerMethodField(
        help_text="The name the author chose to show, as on the page."
    )
    body_html = serializers.SerializerMethodField(
        help_text=(
            "The comment as the page shows it: escaped text, <br> for line "
            'breaks, http(s) links with rel="nofollow ugc noopener".'
        )
    )
    created_at = serializers.DateTimeField(help_text="When it was written.")
    published_at = serializers.DateTimeField(help_text="When it was published.")
    reply = serializers.SerializerMethodField()

    def get_author_name(self, comment) -> str:
        return strip_bidi_controls(comment.author_name)

    def get_body_html(self, comment) -> str:
        return str(stored_html(comment))

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, comment):
        reply = getattr(comment, "official_reply", None)
        if reply is None:
            return None
        return ReplySerializer(reply, context=self.context).data


class ListMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField(
        help_text="How many items match, on all pages together."
    )


class PrincipleListSerializer(serializers.Serializer):
    """Documentation only: the listing's envelope, as Wagtail's endpoints have."""

    meta = ListMetaSerializer()
    items = PrincipleSerializer(many=True)


class PublishedCommentListSerializer(serializers.Serializer):
    """Documentation only: the listing's envelope, as Wagtail's endpoints have."""

    meta = ListMetaSerializer()
    items = PublishedCommentSerializer(many=True)
