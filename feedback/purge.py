"""Purge from the HTTP cache what a change makes stale, once it has committed.

Anonymous pages are kept by a shared cache (portal.http_cache,
deploy/varnish/portal.vcl). When a comment appears on or leaves an article,
moves to another principle or gets an official reply, or an article is
published or unpublished, the pages that show it are purged through
Wagtail's frontend cache (``wagtail.contrib.frontend_cache``, configured by
``WAGTAILFRONTENDCACHE``; without it nothing is sent).

What is purged: the article (the VCL bans the path with any query string, so
its comment pages and the "comment received" variant go too) and its
comments feed, the principle's page and feed, the news index, the home page
and the news feed. Wagtail purges a published page itself.

One purge batch per transaction: the receivers run in the transaction and
only note what changed (no query, no network); the batch is sent from
``transaction.on_commit``, so a rollback purges nothing and a bulk approval
of 1,000 comments on a few articles sends a handful of URLs, not thousands.
"""

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

from news.models import ArticlePage, Principle
from portal.transactions import note_for_commit

from .models import CommentStatus


class PendingPurge:
    """What one transaction changed; purged when it commits (it is the callback)."""

    def __init__(self):
        self.article_ids: set[int] = set()
        self.principle_ids: set[int] = set()
        self.urls: set[str] = set()

    def __call__(self) -> None:
        batch = PurgeBatch()
        batch.add_urls(self.urls)
        articles = list(
            ArticlePage.objects.filter(pk__in=self.article_ids).prefetch_related(
                "principles"
            )
        )
        principles = set(Principle.objects.filter(pk__in=self.principle_ids))
        for article in articles:
            batch.add_urls(article_urls(article, batch))
        roots = {article.get_site().root_url for article in articles}
        if not roots:
            default = Site.objects.filter(is_default_site=True).first()
            roots = {default.root_url} if default else set()
        for principle in principles:
            batch.add_urls(principle_urls(principle, roots))
        batch.purge()


def purging() -> bool:
    """Whether an HTTP cache is configured; without one nothing is noted or sent."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def principle_urls(principle: Principle, roots) -> list[str]:
    paths = (
        principle.get_absolute_url(),
        reverse("open_data:principle_feed", kwargs={"slug": principle.slug}),
    )
    return [root + path for root in roots for path in paths]


def article_urls(article: ArticlePage, cache_object) -> list[str]:
    """The article and every listing or feed that shows it or its comments."""
    url = article.get_full_url(cache_object)
    if url is None:
        return []
    site = article.get_site()
    root = site.root_url
    urls = [
        url,
        root + reverse("open_data:article_comments_feed", args=[article.pk]),
        root + reverse("news_feed"),
        site.root_page.get_full_url(cache_object),
    ]
    parent = article.get_parent()
    if parent is not None:
        urls.append(parent.get_full_url(cache_object))
    for principle in article.principles.all():
        urls.extend(principle_urls(principle, [root]))
    return [u for u in urls if u]


def _note_comment(comment, *other_principle_ids: int) -> None:
    """The comment's article and principle (and these others) are stale."""
    if not purging():
        return

    def note(pending: PendingPurge) -> None:
        pending.article_ids.add(comment.article_id)
        pending.principle_ids.update((comment.principle_id, *other_principle_ids))

    note_for_commit(PendingPurge, note)


def purge_on_comment_transition(sender, comment, from_status, to_status, **kwargs):
    """A comment became public or stopped being public: its pages are stale."""
    if CommentStatus.APPROVED in (from_status, to_status):
        _note_comment(comment)


def purge_on_comment_reclassified(sender, comment, from_principle_id, **kwargs):
    """A published comment moved: it shows its principle on the article, and
    the principles' pages and feeds list it under one and no longer the other."""
    if comment.status == CommentStatus.APPROVED:
        _note_comment(comment, from_principle_id)


def purge_on_official_reply(sender, comment, **kwargs):
    """The reply shows under a published comment."""
    _note_comment(comment)


def purge_on_article_change(sender, instance, **kwargs):
    """An article appeared or left: the listings and feeds that show it.

    Wagtail purges the article's own URL; the URLs are taken now, while the
    page is certainly there (a deleted page is unpublished first).
    """
    if not purging():
        return
    note_for_commit(
        PendingPurge,
        lambda pending: pending.urls.update(article_urls(instance, pending)),
    )


def purge_on_comment_deleted(sender, instance, **kwargs):
    """A published comment deleted (erasure, or with its article)."""
    if instance.status == CommentStatus.APPROVED:
        _note_comment(instance)
