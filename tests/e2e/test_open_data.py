"""Open data in a real browser: a feed shown through its stylesheet, the
principle page's export form, keyboard and axe."""

import pytest

from feedback.models import CommentStatus, OfficialReply
from tests.e2e.axe import assert_no_axe_violations
from tests.factories import ArticlePageFactory, PrincipleFactory, ResidentCommentFactory

pytestmark = pytest.mark.e2e

INLINE_OUTSIDE_BROWSER_BANNER = """() => [...document.querySelectorAll("*")]
    .filter(element => !element.closest("xslt-warning-banner"))
    .filter(element => element.matches("script, style, [style]")
        || [...element.attributes].some(attribute => attribute.name.startsWith("on")))
    .map(element => element.outerHTML.slice(0, 80))"""


@pytest.fixture
def principle(live_site):
    principle = PrincipleFactory(name="Samhörighet", slug="samhorighet")
    article = ArticlePageFactory(
        parent=live_site.news_index, title="Parken rustas", principles=[principle]
    )
    comment = ResidentCommentFactory(
        article=article,
        principle=principle,
        author_name="Bo",
        body="Bra!\nSe https://example.se/park",
        status=CommentStatus.APPROVED,
    )
    OfficialReply.objects.create(comment=comment, body="Tack, vi hör av oss.")
    return principle


def test_a_feed_reads_as_a_page_that_explains_feeds(page, live_site, principle):
    page.goto(live_site.url + "/principer/samhorighet/feed/")

    assert page.locator("h1").inner_text() == "Samhörighet: nyheter och synpunkter"
    assert page.get_by_role("heading", name="Det här är ett flöde").is_visible()
    assert page.locator("code").inner_text().endswith("/principer/samhorighet/feed/")
    entry = page.locator(".feed-entry").first
    assert entry.locator("h3").inner_text() == "Bo om ”Parken rustas”"
    assert (
        entry.locator(".official-reply").inner_text().endswith("Tack, vi hör av oss.")
    )
    link = entry.locator(".comment__body a")
    assert link.get_attribute("href") == "https://example.se/park"
    # The site's CSS applies (no inline style needed): the header is coloured.
    header_colour = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # Nothing of ours needs what the CSP forbids. (Chromium's own banner about
    # XSLT's deprecation has inline styles, which the CSP rightly blocks.)
    assert page.evaluate(INLINE_OUTSIDE_BROWSER_BANNER) == []
    assert_no_axe_violations(page, context="main")


def test_the_export_form_works_by_keyboard_and_passes_axe(page, live_site, principle):
    page.goto(live_site.url + "/principer/samhorighet/")
    assert page.locator('head link[rel="alternate"][href$="/samhorighet/feed/"]')

    page.get_by_label("Från och med").fill("2026-01-01")
    page.get_by_label("JSON (för program)").focus()
    page.keyboard.press("Space")
    assert_no_axe_violations(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner").press("Enter")
    assert download.value.suggested_filename == (
        "synpunkter-samhorighet-2026-01-01--.json"
    )


def test_an_invalid_period_is_explained_next_to_its_field(page, live_site, principle):
    page.goto(
        live_site.url
        + "/principer/samhorighet/export/?since=2026-02-01&until=2026-01-01&format=csv"
    )

    summary = page.locator(".error-summary")
    assert "Slutdatumet kan inte vara före startdatumet." in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_until"
    assert_no_axe_violations(page)
