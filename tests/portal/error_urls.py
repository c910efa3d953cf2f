"""A URLconf for the error-page tests: the site's own, plus a view that fails."""

from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug, as the 500 page test needs one")


urlpatterns = [path("trasig/", broken_view), *site_urlpatterns]
