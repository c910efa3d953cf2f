"""Development: runserver, console+file email, no Redis or PostgreSQL needed."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, VAR_DIR
from .env import env_str

DEBUG = True
SECRET_KEY = (
    env_str("DJANGO_SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
)

# Mail goes to the console and to var/mail/ so a demo user can open links.
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
