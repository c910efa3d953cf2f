import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches

from tests.factories import ArticlePageFactory, PrincipleFactory, make_site

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# Instants at which date arithmetic goes wrong: just after midnight between
# Sunday and Monday (the week turns over in local time but not yet in UTC),
# either side of both daylight-saving changes (the spring night has 23 hours,
# the autumn night repeats 02:00-03:00; fold=1 is the second pass), and the
# last minute of a year that ends in ISO week 53. With --frozen-clocks every
# test marked ``clock_sensitive`` runs once more at each of them.
AWKWARD_INSTANTS = {
    "monday-0030": datetime.datetime(2026, 11, 30, 0, 30, tzinfo=STOCKHOLM),
    "spring-forward-before": datetime.datetime(
        2027, 3, 28, 1, 59, 30, tzinfo=STOCKHOLM
    ),
    "spring-forward-after": datetime.datetime(2027, 3, 28, 3, 0, 30, tzinfo=STOCKHOLM),
    "fall-back-before": datetime.datetime(2027, 10, 31, 2, 59, 30, tzinfo=STOCKHOLM),
    "fall-back-after": datetime.datetime(
        2027, 10, 31, 2, 0, 30, fold=1, tzinfo=STOCKHOLM
    ),
    "new-years-eve-2359": datetime.datetime(2026, 12, 31, 23, 59, tzinfo=STOCKHOLM),
}


def pytest_addoption(parser):
    parser.addoption(
        "--frozen-clocks",
        action="store_true",
        help="Run the tests marked clock_sensitive also with the clock set to "
        "each instant in tests.conftest.AWKWARD_INSTANTS (make test does).",
    )


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker(
        "clock_sensitive"
    ) and metafunc.config.getoption("--frozen-clocks"):
        metafunc.parametrize(
            "frozen_clock",
            [None, *AWKWARD_INSTANTS.values()],
            ids=["now", *AWKWARD_INSTANTS],
            indirect=True,
        )


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """The instant the test started at: now, or one of AWKWARD_INSTANTS.

    Autouse, so the clock is set before any other fixture creates data. The
    clock ticks on from the instant, as a real one does.
    """
    instant = getattr(request, "param", None)
    if instant is None:
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and other counters live in the caches; keep tests independent.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def database_tasks(settings):
    """Tasks stored as rows for a worker, through the production backend,
    instead of run in the request."""
    settings.TASKS = settings.PRODUCTION_TASKS


@pytest.fixture
def site_pages(db):
    home, news_index = make_site()
    return {"home": home, "news_index": news_index}


@pytest.fixture
def home_page(site_pages):
    return site_pages["home"]


@pytest.fixture
def news_index(site_pages):
    return site_pages["news_index"]


@pytest.fixture
def principles(db):
    return [
        PrincipleFactory(name="Samhörighet", slug="samhorighet", sort_order=0),
        PrincipleFactory(name="Självständighet", slug="sjalvstandighet", sort_order=1),
        PrincipleFactory(name="Stolthet", slug="stolthet", sort_order=2),
    ]


@pytest.fixture
def rules_page(home_page):
    """A published rules page, chosen in the discussion settings."""
    from feedback.models import DiscussionSettings
    from news.models import StandardPage

    page = StandardPage(title="Regler för kommentarer", slug="regler")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    discussion = DiscussionSettings.for_site(home_page.get_site())
    discussion.rules_page = page
    discussion.save()
    return page


@pytest.fixture
def article(news_index, principles):
    return ArticlePageFactory(
        parent=news_index,
        title="Den långsiktiga planen",
        slug="langsiktig-plan",
        principles=principles,
    )
