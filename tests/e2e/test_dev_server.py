"""`make run PORT=...` as a newcomer runs it: every generated link uses that port.

The steps of `make run` (migrate, the demo content and users, then
scripts/run-dev.sh with the web server and the worker) run in subprocesses
on a free port with a database of their own; a browser comments on the demo
article, the verification email's link is taken from the console and
confirmed, and the moderator's alert arrives with the same port.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.e2e

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PLAN = "/nyheter/langsiktig-plan-2024-2027/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"Gave up waiting for {what}")


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our server)
            return True
    except OSError:
        return False


@pytest.fixture
def dev_server(tmp_path):
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
    }
    for command in ("migrate", "load_demo_content", "create_demo_users"):
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", command],
            cwd=BASE_DIR,
            env={**env, "PORTAL_DEV_PORT": str(port)},
            capture_output=True,
            check=True,
            timeout=300,
        )
    log_path = tmp_path / "make-run.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 (the project's own script)
            ["./scripts/run-dev.sh"],
            cwd=BASE_DIR,
            env={**env, "PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(url + "/"), what="the development server")
        yield SimpleNamespace(url=url, log=log_path)
    finally:
        # The script, runserver's reloader and the worker: the group we started.
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        for saved in re.findall(r"saved as (\S+\.eml)", log_path.read_text()):
            (BASE_DIR / saved).unlink(missing_ok=True)


def emailed_link(dev_server, recipient, path):
    """The link to ``path`` in the email the console shows for ``recipient``."""

    def find():
        log = dev_server.log.read_text()
        start = log.rfind(f"Email to {recipient}:")
        if start < 0:
            return None
        match = re.search(rf"^  (\S*{re.escape(path)}\S*)$", log[start:], re.M)
        return match and match.group(1)

    return wait_for(find, timeout=60, what=f"an email to {recipient} with {path}")


def test_make_run_on_another_port_links_everything_to_that_port(page, dev_server):
    base = dev_server.url
    sitemap = page.request.get(base + "/sitemap.xml").text()
    feed = page.request.get(base + "/nyheter/feed/").text()
    assert re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert all(
        loc.startswith(base + "/") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    )
    assert f'href="{base}{PLAN}"' in feed
    assert ":8000" not in sitemap + feed

    page.goto(base + PLAN)
    page.fill("#id_author_name", "Kim Exempel")
    page.fill("#id_author_email", "kim@example.se")
    page.fill("#id_body", "Bra att tryggheten står först.")
    page.check("#id_principle_0")
    page.wait_for_timeout(3_100)  # the development minimum fill time
    with page.expect_navigation():
        page.click("#comment-form button[type=submit]")
    assert page.url == base + PLAN + "?kommentar=skickad#kommentar-skickad"

    confirm = emailed_link(dev_server, "kim@example.se", "/kommentarer/bekrafta/")
    withdraw = emailed_link(dev_server, "kim@example.se", "/kommentarer/aterkalla/")
    suppress = emailed_link(dev_server, "kim@example.se", "/kommentarer/stoppa-epost/")
    assert all(link.startswith(base + "/") for link in (confirm, withdraw, suppress))
    page.goto(confirm)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Tack! Kommentaren är bekräftad"

    alert = emailed_link(dev_server, "moderator@example.org", "/admin/moderering/")
    assert alert.startswith(base + "/admin/")
