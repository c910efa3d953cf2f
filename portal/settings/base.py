"""Settings shared by every environment; see dev, test and production."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# Absolute links (emails, feeds) are built from this, never from the Host header.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL

INSTALLED_APPS = [
    "portal",
    "news",
    "feedback",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "django_recaptcha",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: a load balancer's probe needs no host check, redirect or session.
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session, CSRF and CSP middleware: it must see their cookies
    # and headers to decide whether a shared cache may keep the response.
    "portal.http_cache.HttpCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SwedishFirstLocaleMiddleware",
    "portal.unavailable.ServiceUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.AdminContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
                "portal.context_processors.content_language",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection that died with a database restart is replaced
        # before a request uses it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index on PostgreSQL needs it (postgres.E005 otherwise).
    INSTALLED_APPS.append("django.contrib.postgres")
    # A database host that is unreachable (not merely stopped) must not hang
    # a request or the worker for the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two aliases, one store. "default" serves Wagtail's and Django's caching,
# where a Redis outage must only cost speed: a failed read is a miss and a
# failed write is skipped (portal.cache). "ratelimit" is the same Redis
# without that leniency: a limit that cannot be counted refuses the request.
REDIS_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
}
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": "portal",
            "OPTIONS": REDIS_OPTIONS,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": "portal",
            "OPTIONS": REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-ratelimit",
        },
    }

# One TASKS setting serves Wagtail's own tasks and ours.
TASKS = {
    "default": {
        "BACKEND": "portal.task_backend.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A task RUNNING longer than this lost its worker and is requeued
# (portal.reaper); also how long a mail whose worker died waits to be retried.
PORTAL_TASK_LEASE_SECONDS = env_int("PORTAL_TASK_LEASE_SECONDS", 300)

# A failed send is retried after 2, 4, 8... times this (feedback.delivery).
FEEDBACK_EMAIL_RETRY_BASE_SECONDS = env_int("FEEDBACK_EMAIL_RETRY_BASE_SECONDS", 120)

# Email, the Django 6.1 way: MAILERS, never EMAIL_BACKEND.
# Without a display name, emails to residents and moderators are sent in the
# name of the organisation in the portal settings (feedback.delivery.sender).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {
    "default": {
        # Django's SMTP backend that reports the hand-over (feedback.delivery).
        "BACKEND": "portal.mail.SMTPBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media (images, documents) on S3-compatible storage, so that web processes
# on several machines share it without a shared folder. Needs the "s3" extra
# (django-storages with boto3). Objects are public and their URLs unsigned,
# so that pages holding them can be cached; the bucket's policy allows reads.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
MEDIA_ORIGIN = ""
if MEDIA_S3_BUCKET:
    _s3_endpoint = env_str("MEDIA_S3_ENDPOINT_URL")
    _s3_domain = env_str("MEDIA_S3_CUSTOM_DOMAIN")
    _s3_region = env_str("MEDIA_S3_REGION")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": _s3_endpoint or None,
            "region_name": _s3_region or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": _s3_domain or None,
            # Path-style (endpoint/bucket/key) is what MinIO, Ceph and most
            # non-AWS services expect.
            "addressing_style": "path" if _s3_endpoint else None,
            "querystring_auth": False,
            "file_overwrite": False,
            "location": "media",
        },
    }
    # The public site's CSP must allow images from where they now live.
    if _s3_domain:
        MEDIA_ORIGIN = f"https://{_s3_domain}"
    elif _s3_endpoint:
        MEDIA_ORIGIN = _s3_endpoint.rstrip("/")
    else:
        MEDIA_ORIGIN = (
            f"https://{MEDIA_S3_BUCKET}.s3.{_s3_region or 'us-east-1'}.amazonaws.com"
        )

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# urlize: bare domains in comments become https links (Django 2028's default;
# opting in now silences its RemovedInDjango2028Warning).
URLIZE_ASSUME_HTTPS = True

# The open-data API (portal.api, docs/api.md). Its links, like the feeds',
# come from PORTAL_BASE_URL, never from the Host header.
WAGTAILAPI_BASE_URL = PORTAL_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
PORTAL_API_MAX_AGE = 120
REST_FRAMEWORK = {
    # Only the open-data API uses the schema; Wagtail's admin API keeps
    # DRF's defaults otherwise (its session authentication above all).
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Öppna data: nyheter, principer och publicerade synpunkter",
    "DESCRIPTION": (
        "Read-only, anonymous API of the portal: Wagtail's pages, images and "
        "documents, the guiding principles and the published comments with "
        "the municipality's replies. Only published comments, and of them "
        "only what the pages show. See docs/api.md."
    ),
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["portal.api.schema.only_open_data"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.postprocess",
    ],
}

WAGTAIL_SITE_NAME = env_str("PORTAL_SITE_NAME", "Kommunens nyheter")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Only PostgreSQL reads this; SQLite uses FTS5 without stemming.
        "SEARCH_CONFIG": "swedish",
    }
}
# Page addresses in ASCII: the admin's script and Wagtail's own fallback then
# transliterate "gång" to "gang" instead of keeping letters that look broken
# (%C3%A5) when a link is shared.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it is a third-party request carrying a hash of the user's email.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_COMMENTS_ENABLED = True

# The public site gets a strict policy; the admin a relaxed one (wagtail#1288,
# see portal.middleware).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Wagtail's admin emits inline scripts and styles without a nonce.
PORTAL_ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How long a shared HTTP cache (Varnish) may keep an anonymous public page;
# Wagtail purges what a change touches sooner (portal.http_cache, feedback.purge).
PORTAL_HTTP_CACHE_SECONDS = env_int("PORTAL_HTTP_CACHE_SECONDS", 600)

# Public pages carry no token (they are cached): a form sent without one gets
# its text back with a token, to send once more (portal.csrf).
CSRF_FAILURE_VIEW = "portal.csrf.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Number of reverse proxies in front of the app whose X-Forwarded-For we trust.
PORTAL_TRUSTED_PROXY_COUNT = env_int("PORTAL_TRUSTED_PROXY_COUNT", 0)

RECAPTCHA_PUBLIC_KEY = env_str("RECAPTCHA_PUBLIC_KEY")
RECAPTCHA_PRIVATE_KEY = env_str("RECAPTCHA_PRIVATE_KEY")
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = env_int("RECAPTCHA_VERIFY_REQUEST_TIMEOUT", 3)

# Every handler takes the tokens of emailed links out of what it writes
# (portal.redaction); django.server (runserver's request log) is configured
# here so that it gets the filter too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "portal.redaction.RedactTokensFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
        "django.db.backends": {"level": "WARNING"},
    },
}
