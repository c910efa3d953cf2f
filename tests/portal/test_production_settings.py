"""Production settings, run as production runs them: a fresh process and its env.

Each test starts `manage.py check` in a subprocess with a controlled
environment, so nothing from this test process (or the developer's shell)
leaks into the settings under test.
"""

import os
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
