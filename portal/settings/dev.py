"""Development: runserver, console+file email, no Redis or PostgreSQL needed."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, VAR_DIR
from .env import env_int, env_str

DEBUG = True
SECRET_KEY = (
    env_str("DJANGO_SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
)

# Links in emails, the feed and the sitemap lead to the port the server runs
# on: scripts/run-dev.sh (make run PORT=...) exports PORTAL_DEV_PORT to the
# web server and the worker alike. An explicit PORTAL_BASE_URL wins.
DEV_PORT = env_int("PORTAL_DEV_PORT", 8000)
PORTAL_BASE_URL = (env_str("PORTAL_BASE_URL") or f"http://127.0.0.1:{DEV_PORT}").rstrip(
    "/"
)
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL

# Mail is kept as .eml files under var/mail/ and its links printed, decoded,
# on the console, so a demo user can open them (portal.mail).
MAILERS = {
    "default": {
        "BACKEND": "portal.mail.ConsoleAndFileBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
}

# Without keys django-recaptcha falls back to Google's test keys and reports it;
# that is expected here, never in production.
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

# runserver and the test live server serve static files themselves; WhiteNoise
# is for production, where collectstatic has filled STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
