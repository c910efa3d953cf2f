"""The open-data API under /api/v2/: Wagtail's API v2 plus our own endpoints.

``http`` holds what every response shares (CORS, caching, rate limit),
``base`` the view mixin, ``media`` Wagtail's image and document endpoints,
``urls`` the router and the OpenAPI description. See docs/api.md.
"""
