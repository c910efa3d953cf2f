"""Smoke test in a real browser: the pages people see, axe, keyboard, requests."""

import pytest

from portal.models import PortalSettings
from tests.e2e.axe import assert_no_axe_violations
from tests.factories import ArticlePageFactory, PrincipleFactory

pytestmark = pytest.mark.e2e

ACTIVE_ELEMENT = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        id: element.id,
        text: element.textContent.trim(),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        inViewport: box.top >= 0 && box.left >= 0
            && box.bottom <= window.innerHeight && box.right <= window.innerWidth
            && box.width > 1 && box.height > 1,
    };
}"""


@pytest.fixture
def article(live_site):
    settings = PortalSettings.for_site(live_site.home.get_site())
    settings.organisation_name = "Exempelkommunen"
    settings.vision = "Tillsammans skapar vi trygghet"
    settings.save()
    principle = PrincipleFactory(name="Samhörighet", slug="samhorighet")
    return ArticlePageFactory(
        parent=live_site.news_index,
        title="Den långsiktiga planen är antagen",
        slug="langsiktig-plan",
        lead="Planen gäller 2024–2027.",
        body=[
            ("paragraph", "<p>Kommunfullmäktige har antagit planen.</p>"),
            ("heading", {"text": "Tre principer", "level": "h2"}),
            ("quote", {"text": "Trygghet bygger vi tillsammans.", "attribution": ""}),
        ],
        principles=[principle],
    )


@pytest.fixture
def requests_made(page):
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_home_page_shows_the_vision_and_the_latest_article(page, live_site, article):
    page.goto(live_site.url + "/")

    assert page.title() == "Startsida – Exempelkommunen"
    assert page.locator(".hero__vision").inner_text() == (
        "Vår vision: Tillsammans skapar vi trygghet"
    )
    assert page.locator(".card__title").all_inner_texts() == [
        "Den långsiktiga planen är antagen"
    ]


def test_home_page_has_no_axe_violations(page, live_site, article):
    page.goto(live_site.url + "/")

    assert_no_axe_violations(page)


def test_article_page_shows_its_content(page, live_site, article):
    page.goto(live_site.url + "/")
    page.get_by_role("link", name="Den långsiktiga planen är antagen").click()

    assert page.url == live_site.url + "/nyheter/langsiktig-plan/"
    assert page.locator("h1").inner_text() == "Den långsiktiga planen är antagen"
    assert page.locator(".lead").inner_text() == "Planen gäller 2024–2027."
    assert page.locator(".article__body p").first.inner_text() == (
        "Kommunfullmäktige har antagit planen."
    )
    assert page.locator(".article__principles a").all_inner_texts() == ["Samhörighet"]


def test_article_page_has_no_axe_violations(page, live_site, article):
    page.goto(live_site.url + "/nyheter/langsiktig-plan/")

    assert_no_axe_violations(page)


def test_skip_link_moves_keyboard_focus_to_the_main_content(page, live_site, article):
    page.goto(live_site.url + "/nyheter/langsiktig-plan/")

    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ELEMENT)["text"] == "Hoppa till innehållet"
    page.keyboard.press("Enter")

    assert page.url.endswith("#main")
    assert page.evaluate(ACTIVE_ELEMENT)["id"] == "main"


def test_keyboard_focus_is_visible(page, live_site, article):
    page.goto(live_site.url + "/")

    for _ in range(4):  # skip link, site name, the first menu links
        page.keyboard.press("Tab")
        focused = page.evaluate(ACTIVE_ELEMENT)
        assert focused["inViewport"], focused
        assert focused["outlineStyle"] != "none", focused
        assert focused["outlineWidth"] >= 2, focused


def test_pages_request_nothing_from_other_origins(
    page, live_site, article, requests_made
):
    page.goto(live_site.url + "/")
    page.goto(live_site.url + "/nyheter/langsiktig-plan/")
    page.wait_for_load_state("networkidle")

    assert requests_made  # the pages and their stylesheet at least
    assert [
        url for url in requests_made if not url.startswith(live_site.url + "/")
    ] == []


def test_pages_log_no_browser_errors(page, live_site, article):
    # Content-Security-Policy violations and failed loads show up here.
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_site.url + "/")
    page.goto(live_site.url + "/nyheter/langsiktig-plan/")
    page.wait_for_load_state("networkidle")

    assert errors == []
