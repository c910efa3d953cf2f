from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from .models import ArticlePage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over live articles (Swedish stemming on PostgreSQL)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page_obj = None
    if query:
        results = ArticlePage.objects.live().public().search(query)
        paginator = Paginator(results, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "news/search.html",
        {"query": query, "page_obj": page_obj},
    )
