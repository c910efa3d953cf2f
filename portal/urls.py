from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from feedback.sitemaps import PrincipleSitemap
from news import views as news_views
from news.feeds import ArticleFeed
from portal import views as portal_views

# A database or cache outage is a 503, not a 500 (portal.unavailable).
handler500 = "portal.unavailable.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sprak/<str:code>/", portal_views.language_switch, name="language_switch"),
    path("sok/", news_views.search, name="search"),
    path("api/v2/", include("portal.api.urls")),
    path("oppna-data/", portal_views.open_data, name="open_data"),
    path("nyheter/feed/", ArticleFeed(), name="news_feed"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PageSitemap, "principles": PrincipleSitemap()}},
        name="sitemap",
    ),
    path("", include("feedback.urls")),
    path("", include("feedback.urls_open_data")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
