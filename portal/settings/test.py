"""Tests: fast hashing, local-memory mail and cache, tasks run immediately."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, TASKS
from .env import env_str

SECRET_KEY = "test-only-secret-key-with-enough-length-0123456789abcdef"
PORTAL_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Tests that need the database backend and a worker run use this one
# (tests/conftest.py, fixture database_tasks).
PRODUCTION_TASKS = TASKS
# Django's own ImmediateBackend, not django_tasks' backport: a task object's
# class comes from the backend configured when its module is imported, and
# django_tasks_db's DatabaseBackend (production) uses Django's Task class. With
# the backport here, Wagtail's tasks would be backport Tasks that the database
# backend and db_worker reject (SuspiciousOperation) when a test switches over.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-tests",
    },
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-tests-ratelimit",
    },
}
if env_str("REDIS_URL"):
    # As in production (portal.settings.base): lenient default, strict limits.
    for alias, backend in (
        ("default", "portal.cache.FailSoftRedisCache"),
        ("ratelimit", "django.core.cache.backends.redis.RedisCache"),
    ):
        CACHES[alias] = {
            "BACKEND": backend,
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": "portal-tests",
        }

SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

# runserver and the test live server serve static files themselves; WhiteNoise
# is for production, where collectstatic has filled STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
