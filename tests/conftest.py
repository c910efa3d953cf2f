import pytest
from django.core.cache import caches

from tests.factories import ArticlePageFactory, PrincipleFactory, make_site


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and other counters live in the caches; keep tests independent.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


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
def article(news_index, principles):
    return ArticlePageFactory(
        parent=news_index,
        title="Den långsiktiga planen",
        slug="langsiktig-plan",
        principles=principles,
    )
