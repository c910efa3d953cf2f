"""Article cards on the home page and the news list, at desktop, tablet and phone."""

import io

import pytest
from django.core.files.images import ImageFile
from wagtail.images.models import Image

from portal.demo_content import draw_image
from tests.e2e.axe import assert_no_axe_violations
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.e2e

WIDTHS = {
    "desktop": {"width": 1280, "height": 800},
    "tablet": {"width": 900, "height": 1000},
    "mobile": {"width": 390, "height": 844},
}
ROWS = """() => {
    const grid = document.querySelector(".card-grid").getBoundingClientRect();
    const rows = {};
    for (const card of document.querySelectorAll(".card-grid > .card")) {
        const box = card.getBoundingClientRect();
        const title = card.querySelector(".card__title").getBoundingClientRect();
        const row = (rows[Math.round(box.top)] ||= []);
        row.push({width: box.width, titleTop: Math.round(title.top)});
    }
    return {gridWidth: grid.width, rows: Object.values(rows)};
}"""


@pytest.fixture
def articles(live_site, request):
    picture = Image(title="Bild")
    data = io.BytesIO(draw_image((11, 79, 138)))
    picture.file.save("bild.png", ImageFile(data, name="bild.png"))
    # Every other card without a picture: those must line up with the rest.
    return [
        ArticlePageFactory(
            parent=live_site.news_index,
            title=f"Nyhet {number}",
            hero_image=picture if number % 2 else None,
            hero_alt_text="En bild" if number % 2 else "",
        )
        for number in range(request.param)
    ]


def assert_no_card_alone(layout, width):
    for row in layout["rows"]:
        if len(row) == 1 and len(layout["rows"]) > 1:
            # Alone is allowed only as a card that fills the whole row.
            assert width != "desktop", layout
            assert row[0]["width"] >= layout["gridWidth"] - 1, layout
        # Pictures (or their placeholders) are the same height: titles align.
        assert len({card["titleTop"] for card in row}) == 1, layout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("articles", [4, 5, 7], indirect=True)
@pytest.mark.parametrize("path", ["/", "/nyheter/"])
def test_no_card_sits_alone_and_titles_line_up(page, live_site, articles, width, path):
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_site.url + path)

    layout = page.evaluate(ROWS)

    if width == "mobile":
        assert all(len(row) == 1 for row in layout["rows"])
    else:
        assert_no_card_alone(layout, width)
    assert (
        page.evaluate("() => document.documentElement.scrollWidth")
        <= (WIDTHS[width]["width"])
    )


@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("articles", [5], indirect=True)
def test_card_pages_pass_axe(page, live_site, articles, width):
    page.set_viewport_size(WIDTHS[width])
    for path in ("/", "/nyheter/"):
        page.goto(live_site.url + path)
        assert_no_axe_violations(page)
