from django.urls import reverse


def navigation(request):
    """Links the site header and footer need on every page."""
    from news.models import NewsIndexPage

    news_index = NewsIndexPage.objects.live().only("url_path").first()
    return {
        "nav_news_url": news_index.get_url(request)
        if news_index
        else reverse("search"),
    }
