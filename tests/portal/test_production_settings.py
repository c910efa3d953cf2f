"""Production settings, run as production runs them: a fresh process and its env.

Each test starts `manage.py check` in a subprocess with a controlled
environment, so nothing from this test process (or the developer's shell)
leaks into the settings under test.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REQUIRED = [
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "PORTAL_BASE_URL",
]


@pytest.fixture
def production_env(tmp_path):
    """The smallest environment production runs with: the required variables."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        # Long and random-looking enough for check --deploy (security.W009).
        "DJANGO_SECRET_KEY": "p6Rz-VqT1xW9kLm3Yb7Nc2Hd8Fg4Js0AeUoQiTrEwSyDvBnMl5KpZaXc",
        "DJANGO_ALLOWED_HOSTS": "synpunkter.example.se",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "PORTAL_BASE_URL": "https://synpunkter.example.se",
    }


def manage(env, *args, python_options=()):
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *python_options, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def last_line(text):
    return text.strip().splitlines()[-1]


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_required_variable(production_env, missing):
    del production_env[missing]

    result = manage(production_env, "check")

    assert result.returncode == 1
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: Production settings need "
        f"these environment variables: {missing}. See README.md, 'Production'."
    )


def test_production_treats_blank_variable_as_missing(production_env):
    production_env["DJANGO_SECRET_KEY"] = "   "

    result = manage(production_env, "check")

    assert result.returncode == 1
    assert "environment variables: DJANGO_SECRET_KEY." in last_line(result.stderr)


def test_production_names_every_missing_variable_at_once(production_env):
    for name in REQUIRED:
        del production_env[name]

    result = manage(production_env, "check")

    assert result.returncode == 1
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: Production settings need "
        "these environment variables: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, "
        "DATABASE_URL, PORTAL_BASE_URL. See README.md, 'Production'."
    )


def test_production_passes_check_deploy_with_its_environment(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_settings_emit_no_deprecation_warning(production_env):
    # Django 6.1 warns about EMAIL_BACKEND/EMAIL_* (RemovedInDjango2028Warning,
    # a PendingDeprecationWarning); our settings use MAILERS instead.
    result = manage(
        production_env,
        "check",
        python_options=(
            "-W",
            "error::DeprecationWarning",
            "-W",
            "error::PendingDeprecationWarning",
        ),
    )

    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr


def settings_value(env, expression):
    """Evaluate ``expression`` with the settings as production loads them."""
    result = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; import json; "
        f"print(json.dumps({expression}))",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_default_leaves_out_django_contrib_postgres(production_env):
    apps = settings_value(production_env, "settings.INSTALLED_APPS")

    assert "django.contrib.postgres" not in apps


def test_database_connections_are_kept_and_checked_by_default(production_env):
    database = settings_value(production_env, 'settings.DATABASES["default"]')

    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_database_connection_age_is_a_setting(production_env):
    production_env["DATABASE_CONN_MAX_AGE"] = "0"

    database = settings_value(production_env, 'settings.DATABASES["default"]')

    assert database["CONN_MAX_AGE"] == 0


PG_ADMIN_URL = os.environ.get(
    "PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def postgres_database():
    """A throwaway PostgreSQL database; skipped where there is no server."""
    psycopg = pytest.importorskip("psycopg")
    name = f"portal_settings_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server at PG_ADMIN_URL")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_production_on_postgresql_passes_check_deploy_and_migrates(
    production_env, postgres_database
):
    # pytest runs no system checks; this is how an operator meets them.
    production_env["DATABASE_URL"] = postgres_database

    checked = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    migrated = manage(production_env, "migrate", "--noinput")

    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == "System check identified no issues (0 silenced)."
    assert migrated.returncode == 0, migrated.stderr
    apps = settings_value(production_env, "settings.INSTALLED_APPS")
    assert "django.contrib.postgres" in apps


def test_media_goes_to_s3_compatible_storage_when_configured(production_env):
    production_env.update(
        MEDIA_S3_BUCKET="portal-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.se",
        MEDIA_S3_ACCESS_KEY_ID="key",
        MEDIA_S3_SECRET_ACCESS_KEY="secret",
    )

    storage = settings_value(
        production_env,
        "[type(__import__('django.core.files.storage', fromlist=['storages'])"
        ".storages['default']).__module__, settings.STORAGES['default']['OPTIONS'],"
        " settings.SECURE_CSP['img-src']]",
    )

    module, options, img_src = storage
    assert module == "storages.backends.s3"
    assert options["bucket_name"] == "portal-media"
    assert options["endpoint_url"] == "https://s3.example.se"
    assert options["querystring_auth"] is False
    assert "https://s3.example.se" in img_src


def test_media_stays_on_disk_without_a_bucket(production_env):
    backend = settings_value(production_env, "settings.STORAGES['default']['BACKEND']")

    assert backend == "django.core.files.storage.FileSystemStorage"
