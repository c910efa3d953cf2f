"""portal.urls with the benchmark's ceiling view in front (bench/settings.py)."""

from django.urls import path

from portal import urls as portal_urls

from . import views

handler500 = portal_urls.handler500

urlpatterns = [
    path("bench/ceiling/<int:size>/", views.ceiling, name="bench_ceiling"),
    *portal_urls.urlpatterns,
]
