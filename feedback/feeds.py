"""Atom feeds: one per principle (its articles and published comments) and one
per article (its published comments), each with the municipality's replies.

They follow the open-data rule (feedback.selectors_open_data): published
comments on public articles, and of a comment only what its page shows (the
author's displayed name, the text, the reply).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from portal.feeds import EntryFeed, FeedEntry
from portal.links import absolute_url, page_absolute_url
from portal.models import PortalSettings

from .api.serializers import comment_html_url
from .sanitize import strip_bidi_controls
from .selectors_open_data import (
    public_articles,
    published_comments,
    published_principles,
)

FEED_ARTICLES = 20
FEED_COMMENTS = 50


def comment_entry(comment) -> FeedEntry:
    name = strip_bidi_controls(comment.author_name)
    reply = getattr(comment, "official_reply", None)
    return FeedEntry(
        title=_("%(name)s om ”%(article)s”")
        % {"name": name, "article": comment.article.title},
        link=comment_html_url(comment),
        published=comment.published_at,
        updated=max(comment.published_at, reply.updated_at) if reply else None,
        author_name=name,
        content_html=render_to_string(
            "feedback/feeds/comment_content.html", {"comment": comment}
        ),
        categories=(comment.principle.name,),
    )


def article_entry(article) -> FeedEntry:
    return FeedEntry(
        title=article.title,
        link=page_absolute_url(article),
        published=article.first_published_at,
        updated=article.last_published_at,
        summary=article.lead,
        content_html=render_to_string(
            "feedback/feeds/article_content.html", {"article": article}
        ),
        categories=tuple(principle.name for principle in article.principles.all()),
    )


class OpenDataFeed(EntryFeed):
    language = "sv"

    def author_name(self, obj):
        # Atom wants an author for the feed; name the organisation.
        return PortalSettings.for_site(obj["site"]).organisation_name


class PrincipleFeed(OpenDataFeed):
    """The articles that concern a principle and its published comments."""

    subtitle = gettext_lazy("Nyheter och publicerade synpunkter om principen")

    def get_object(self, request, slug):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        principle = get_object_or_404(published_principles(), slug=slug)
        return {"site": site, "principle": principle}

    def title(self, obj):
        return _("%(principle)s: nyheter och synpunkter") % {
            "principle": obj["principle"].name
        }

    def link(self, obj):
        return absolute_url(obj["principle"].get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(
            reverse("open_data:principle_feed", args=[obj["principle"].slug])
        )

    def items(self, obj):
        principle = obj["principle"]
        articles = (
            public_articles(obj["site"])
            .filter(principles=principle)
            .order_by("-first_published_at", "-pk")
            .prefetch_related("principles")[:FEED_ARTICLES]
        )
        comments = (
            published_comments(obj["site"])
            .filter(principle=principle)
            .order_by("-published_at", "-pk")[:FEED_COMMENTS]
        )
        entries = [article_entry(article) for article in articles]
        entries += [comment_entry(comment) for comment in comments]
        return sorted(entries, key=lambda entry: entry.published, reverse=True)


class ArticleCommentsFeed(OpenDataFeed):
    """An article's published comments, newest first."""

    def get_object(self, request, article_id):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        article = get_object_or_404(public_articles(site), pk=article_id)
        return {"site": site, "article": article}

    def title(self, obj):
        return _("Kommentarer: %(title)s") % {"title": obj["article"].title}

    def subtitle(self, obj):
        return obj["article"].lead

    def link(self, obj):
        return page_absolute_url(obj["article"]) + "#kommentarer"

    def feed_url(self, obj):
        return absolute_url(
            reverse("open_data:article_comments_feed", args=[obj["article"].pk])
        )

    def items(self, obj):
        comments = (
            published_comments(obj["site"])
            .filter(article=obj["article"])
            .order_by("-published_at", "-pk")[:FEED_COMMENTS]
        )
        return [comment_entry(comment) for comment in comments]
