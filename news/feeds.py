from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .models import ArticlePage

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """Atom feed of the latest articles. Carries no comments and no personal data."""

    feed_type = Atom1Feed
    title = _("Nyheter")
    subtitle = _("De senaste nyheterna från kommunen")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return Site.find_for_request(request)

    def link(self, site):
        return site.root_url + "/" if site else "/"

    def items(self, site):
        return ArticlePage.objects.latest_for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
