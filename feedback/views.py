from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .models import Principle


def principle_detail(request, slug):
    """A principle's public page: its text and the articles that concern it."""
    principle = get_object_or_404(Principle.objects.live(), slug=slug)
    from news.models import ArticlePage

    articles = ArticlePage.objects.latest_for_listing().filter(principles=principle)
    return TemplateResponse(
        request,
        "feedback/principle_detail.html",
        {"principle": principle, "articles": articles[:20]},
    )
