from django.http import HttpResponse

MAX_BYTES = 20_000_000


def ceiling(request, size: int):
    """N bytes of HTML from a bare view: the most this stack serves at that size."""
    return HttpResponse(b"x" * min(size, MAX_BYTES), content_type="text/html")
