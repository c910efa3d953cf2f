from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from news.models import Principle


class PrincipleSitemap(Sitemap):
    """The public principle pages, with links built from PORTAL_BASE_URL."""

    changefreq = "weekly"

    def items(self):
        return Principle.objects.live()

    def get_protocol(self, protocol=None):
        return urlsplit(settings.PORTAL_BASE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.PORTAL_BASE_URL).netloc
