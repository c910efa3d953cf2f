"""Production: everything from the environment; refuses to start without it."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str, require

require(
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "PORTAL_BASE_URL",
)

DEBUG = False

# Keep each worker's database connection between requests (a new one costs a
# few milliseconds per request); base.py turns on the health check that
# replaces a connection the database closed. 0 opens one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The HTTP cache in front of the site (deploy/varnish/portal.vcl). When set,
# Wagtail purges changed pages there (page publishing; comments and replies
# through feedback.purge). The purges are tasks, sent by the worker.
_varnish_url = env_str("PORTAL_VARNISH_URL")
if _varnish_url:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": _varnish_url,
        }
    }
