from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from portal.feeds import PortalFeed
from portal.links import absolute_url, page_absolute_url
from portal.models import PortalSettings

from .models import ArticlePage

FEED_LENGTH = 20


class ArticleFeed(PortalFeed):
    """Atom feed of the latest articles. Carries no comments and no personal data."""

    title = _("Nyheter")
    subtitle = _("De senaste nyheterna från kommunen")

    def get_object(self, request, *args, **kwargs):
        return Site.find_for_request(request)

    def link(self, site):
        return absolute_url("/")

    def feed_url(self, site):
        return absolute_url(reverse("news_feed"))

    def author_name(self, site):
        # Atom wants an author; name the organisation, never the editor.
        if site is None:
            return None
        return PortalSettings.for_site(site).organisation_name

    def items(self, site):
        if site is None:
            return ArticlePage.objects.none()
        return ArticlePage.objects.latest_for_listing().in_site(site)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return page_absolute_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
