"""Development settings, read in a fresh process with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def dev_setting(name, **env):
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_dev_base_url_follows_the_port_make_run_serves_on():
    assert dev_setting("PORTAL_BASE_URL", PORTAL_DEV_PORT="8101") == (
        "http://127.0.0.1:8101"
    )
    assert dev_setting("WAGTAILADMIN_BASE_URL", PORTAL_DEV_PORT="8101") == (
        "http://127.0.0.1:8101"
    )


def test_dev_base_url_defaults_to_port_8000():
    assert dev_setting("PORTAL_BASE_URL") == "http://127.0.0.1:8000"


def test_an_explicit_base_url_wins_over_the_port():
    assert (
        dev_setting(
            "PORTAL_BASE_URL",
            PORTAL_DEV_PORT="8101",
            PORTAL_BASE_URL="https://synpunkter.example.se/",
        )
        == "https://synpunkter.example.se"
    )
