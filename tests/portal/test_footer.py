"""The footer of every page: the accessibility statement, contact, the rules."""

import pytest

from news.models import StandardPage
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(home_page):
    page = StandardPage(title="Tillgänglighetsredogörelse", slug="tillganglighet")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    portal = PortalSettings.for_site(home_page.get_site())
    portal.accessibility_page = page
    portal.contact_email = "kommunen@example.se"
    portal.save()
    return page


def footer(client, path):
    response = client.get(path)
    return response.content.decode().split('<footer class="site-footer">')[1]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nyheter/",
        "/nyheter/langsiktig-plan/",
        "/principer/samhorighet/",
        "/sok/?q=plan",
        "/finns-inte/",
        "/kommentarer/bekrafta/okand-lank/",
    ],
)
def test_every_page_links_the_accessibility_statement(
    client, article, statement, rules_page, path
):
    html = footer(client, path)

    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in html
    assert '<a href="mailto:kommunen@example.se">kommunen@example.se</a>' in html
    assert '<a href="/regler/">Regler för kommentarer</a>' in html


def test_an_unpublished_statement_is_not_linked(client, home_page, statement):
    statement.unpublish()

    assert "Tillgänglighetsredogörelse" not in footer(client, "/")
