"""Public URLs of open data outside the API: feeds and the council's export."""

from django.urls import path

from . import views_open_data
from .feeds import ArticleCommentsFeed, PrincipleFeed

app_name = "open_data"

urlpatterns = [
    path("principer/<slug:slug>/feed/", PrincipleFeed(), name="principle_feed"),
    path(
        "principer/<slug:slug>/export/",
        views_open_data.principle_export,
        name="principle_export",
    ),
    path(
        "kommentarer/artikel/<int:article_id>/feed/",
        ArticleCommentsFeed(),
        name="article_comments_feed",
    ),
]
