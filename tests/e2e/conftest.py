"""Real-browser tests: Playwright drives Debian's chromium over the live server.

Fixtures for every e2e test module (mark the module with
``pytestmark = pytest.mark.e2e``):

- ``browser``: one headless chromium for the whole session.
- ``page``: a fresh browser context and page per test, closed afterwards.
- ``live_site``: the live server with our home page and news index, and the
  default Site pointing at the live server's host and port.

Playwright cannot download browsers on this machine; scripts/ensure-system-packages.sh
installs /usr/bin/chromium (``make pytest`` runs it).
"""

import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright
from wagtail.models import Site

from tests.factories import make_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-background-networking",  # no requests of its own to Google
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's waits are short on a busy 2-core machine; be generous but bounded.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    # Run browser tests last (after pytest-django's own ordering, which is
    # tryfirst): while the browser lives, Playwright's event loop runs in the
    # main thread, and no other test should run beside it.
    here = Path(__file__).parent
    items.sort(
        key=lambda item: (
            item.get_closest_marker("e2e") is not None or here in item.path.parents
        )
    )


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing; run scripts/ensure-system-packages.sh "
            "(make pytest does it for you).",
            pytrace=False,
        )
    # With an event loop running in this thread, Django keeps database
    # connections per context instead of per thread: the test code gets new
    # connection objects, which lack the snapshot that serialized_rollback
    # restores. Take it now, give it to the new connections below.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    # Playwright's sync API runs that loop, so Django would refuse ORM calls
    # from fixtures (SynchronousOnlyOperation). Only while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        # Close the loop-context connections, or PostgreSQL cannot drop the
        # test database at the end of the session.
        with django_db_blocker.unblock():
            connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    context.set_default_timeout(TIMEOUT_MS)
    browser_page = context.new_page()
    yield browser_page
    # Leave the page first, so that none of its scripts (the Wagtail editor's
    # background requests) reach the live server while the test's data is
    # flushed: a request holding a lock on the shared SQLite database makes
    # the flush fail, and every later test with it.
    browser_page.goto("about:blank")
    browser_page.wait_for_timeout(200)
    context.close()


@pytest.fixture
def live_site(browser, live_server, django_db_serialized_rollback):
    """Our site tree, served by the live server.

    live_server commits to the database; serialized_rollback restores
    Wagtail's initial data (root page, groups) that the flush after each
    transactional test removes.
    """
    home, news_index = make_site()
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(
        hostname=address.hostname, port=address.port
    )
    return SimpleNamespace(url=live_server.url, home=home, news_index=news_index)
