"""What the news app reacts to: every change its kept listings show.

Called from ``NewsConfig.ready()``: every subscription is listed here.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from news.listings import forget_listings
from news.models import ArticlePage, Principle


def register_signal_handlers() -> None:
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(forget_listings, dispatch_uid=f"news.listings.page_{name}")
    for model in (ArticlePage, Principle, get_image_model()):
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                forget_listings,
                sender=model,
                dispatch_uid=f"news.listings.{model.__name__}_{name}",
            )
