from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from news.models import NewsIndexPage


def navigation(request):
    """Links the site header needs; looked up only when a template uses them.

    Context processors run for every template rendered with a request, the
    Wagtail admin's included, which never shows this link.
    """

    def news_url():
        news_index = NewsIndexPage.objects.live().only("url_path").first()
        return news_index.get_url(request) if news_index else reverse("search")

    return {"nav_news_url": SimpleLazyObject(news_url)}
