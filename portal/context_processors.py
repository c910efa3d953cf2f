from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import get_language

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


def content_language(request):
    """`` lang="sv"`` for elements holding content, when the interface is not
    Swedish (WCAG 3.1.2); empty when it is, where the page's own lang holds."""
    if get_language() == settings.LANGUAGE_CODE:
        return {"content_lang_attr": ""}
    return {"content_lang_attr": format_html(' lang="{}"', settings.LANGUAGE_CODE)}
