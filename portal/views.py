from django.conf import settings
from django.template.response import TemplateResponse

from feedback import ratelimit
from feedback.selectors_open_data import published_principles
from portal.api.http import RATE_LIMIT_SCOPE, max_age


def open_data(request):
    """What the portal publishes as data and feeds, and on which terms."""
    requests, window = ratelimit.limit_for(RATE_LIMIT_SCOPE)
    return TemplateResponse(
        request,
        "portal/open_data.html",
        {
            "principles": published_principles(),
            "rate_limit": requests,
            "rate_window": window,
            "page_size_max": getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20),
            "max_age": max_age(),
        },
    )
