"""The accessibility statement and the rules: content pages a resident reads."""

import pytest

from news.models import StandardPage
from portal import demo_content as demo
from portal.models import PortalSettings
from tests.e2e.axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e

WIDTHS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 390, "height": 844},
}
NO_OVERFLOW = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def statement(live_site):
    page = StandardPage(
        title="Tillgänglighetsredogörelse",
        slug="tillganglighet",
        body=demo.ACCESSIBILITY_BODY,
    )
    live_site.home.add_child(instance=page)
    page.save_revision().publish()
    portal = PortalSettings.for_site(live_site.home.get_site())
    portal.accessibility_page = page
    portal.contact_email = demo.CONTACT_EMAIL
    portal.save()
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_statement_is_reached_from_the_footer_and_fits_the_screen(
    page, live_site, statement, width
):
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_site.url + "/")

    page.locator(".site-footer").get_by_role(
        "link", name="Tillgänglighetsredogörelse"
    ).click()

    assert page.url == live_site.url + "/tillganglighet/"
    assert page.locator("h1").inner_text() == "Tillgänglighetsredogörelse"
    assert page.evaluate(NO_OVERFLOW)
    digg = page.get_by_role("link", name="anmäl bristande tillgänglighet till Digg")
    assert digg.get_attribute("href") == "https://www.digg.se/tdosanmalan"
    assert_no_axe_violations(page)
