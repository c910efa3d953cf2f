"""The comment form in a real browser: errors, focus, ARIA, axe, keyboard only."""

import pytest

from feedback.models import CommentStatus, ResidentComment
from tests.e2e.axe import assert_no_axe_violations
from tests.factories import ArticlePageFactory, PrincipleFactory

pytestmark = pytest.mark.e2e

FOCUSED = "() => document.activeElement && document.activeElement.id"


@pytest.fixture
def article(live_site, settings):
    # A person in a browser test types faster than the bot threshold.
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    settings.FEEDBACK_RETRY_MIN_FILL_SECONDS = 0
    principles = [
        PrincipleFactory(name="Samhörighet", slug="samhorighet", sort_order=0),
        PrincipleFactory(name="Självständighet", slug="sjalvstandighet", sort_order=1),
        PrincipleFactory(name="Stolthet", slug="stolthet", sort_order=2),
    ]
    return ArticlePageFactory(
        parent=live_site.news_index,
        title="Den långsiktiga planen",
        slug="langsiktig-plan",
        principles=principles,
    )


IN_VIEWPORT = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.right <= window.innerWidth
        && box.bottom <= window.innerHeight;
}"""
WIDTHS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 390, "height": 844},
}


def open_article(page, live_site, article):
    page.goto(live_site.url + article.url)
    page.wait_for_selector("#comment-form")


RETRY_HEADING = "Skicka kommentaren en gång till"


def pass_the_retry_page(page):
    """Without scripts the form has no CSRF token: the retry page comes first."""
    assert page.locator("h1").inner_text() == RETRY_HEADING
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def submit_empty_form(page, *, without_js=False):
    with page.expect_navigation():
        page.click("#comment-form button[type=submit]")
    if without_js:
        pass_the_retry_page(page)
    page.wait_for_selector("#comment-errors")


def send_a_valid_comment(page):
    page.fill("#id_author_name", "Kim Exempel")
    page.fill("#id_author_email", "kim@example.se")
    page.fill("#id_body", "En synpunkt om planen.")
    page.check("#id_principle_1")
    with page.expect_navigation():
        page.click("#comment-form button[type=submit]")


@pytest.mark.parametrize("width", WIDTHS)
def test_received_notice_is_in_view_focused_and_announced(
    page, live_site, article, width
):
    page.set_viewport_size(WIDTHS[width])
    open_article(page, live_site, article)

    send_a_valid_comment(page)

    assert page.url.endswith("?kommentar=skickad#kommentar-skickad")
    notice = page.locator("#kommentar-skickad")
    assert notice.get_attribute("role") == "alert"
    assert page.evaluate(FOCUSED) == "kommentar-skickad"
    assert page.evaluate(IN_VIEWPORT, "#kommentar-skickad")
    assert "Öppna länken inom 48 timmar" in notice.inner_text()
    assert "Sedan läser en moderator kommentaren" in notice.inner_text()
    assert_no_axe_violations(page)


def test_error_summary_receives_focus_and_links_each_field(page, live_site, article):
    open_article(page, live_site, article)
    page.fill("#id_author_email", "inte-en-adress")

    submit_empty_form(page)

    assert page.evaluate(FOCUSED) == "comment-errors"
    links = page.locator("#comment-errors a")
    texts = links.all_inner_texts()
    assert texts == [
        "Skriv ditt namn.",
        "Skriv en giltig e-postadress, till exempel namn@exempel.se.",
        "Skriv din kommentar.",
        "Välj vilken princip kommentaren gäller.",
    ]
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert targets == [
        "#id_author_name",
        "#id_author_email",
        "#id_body",
        "#id_principle_0",
    ]
    # Following a link puts the reader on the field.
    links.nth(1).click()
    assert page.evaluate(FOCUSED) == "id_author_email"
    assert page.input_value("#id_author_email") == "inte-en-adress"


def test_each_error_is_linked_to_its_field(page, live_site, article):
    open_article(page, live_site, article)

    submit_empty_form(page)

    for field in ("author_name", "author_email", "body"):
        control = page.locator(f"#id_{field}")
        assert control.get_attribute("aria-invalid") == "true"
        described = control.get_attribute("aria-describedby").split()
        assert f"id_{field}_error" in described
        error = page.locator(f"#id_{field}_error").inner_text()
        assert error.strip()
    fieldset = page.locator("#comment-form fieldset")
    assert "id_principle_error" in fieldset.get_attribute("aria-describedby")
    assert page.locator("#id_principle_error").inner_text().strip() == (
        "Välj vilken princip kommentaren gäller."
    )


def test_form_without_errors_has_no_axe_violations(page, live_site, article):
    open_article(page, live_site, article)

    assert_no_axe_violations(page, context="#kommentarer")


def test_form_with_errors_shown_has_no_axe_violations(page, live_site, article):
    open_article(page, live_site, article)
    page.fill("#id_author_email", "fel")

    submit_empty_form(page)

    assert_no_axe_violations(page)


def test_keyboard_only_submission(page, live_site, article):
    open_article(page, live_site, article)
    visited = []

    def tab_to(element_id, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            current = page.evaluate(FOCUSED)
            visited.append(current)
            if current == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}: {visited[-10:]}")

    tab_to("id_author_name")
    page.keyboard.type("Kim Tangentbord")
    tab_to("id_author_email")
    page.keyboard.type("kim@example.se")
    tab_to("id_body")
    page.keyboard.type("Skrivet utan mus.")
    tab_to("id_principle_0")
    page.keyboard.press("ArrowDown")  # moves to and checks "Självständighet"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "id_webbplats" not in visited  # the honeypot is never in the way
    assert page.evaluate(FOCUSED) == "kommentar-skickad"
    assert "Tack! Nu behöver du bekräfta kommentaren" in page.inner_text("main")
    comment = ResidentComment.objects.get()
    assert comment.status == CommentStatus.UNVERIFIED
    assert comment.principle.slug == "sjalvstandighet"
    assert comment.body == "Skrivet utan mus."


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_form_works_with_javascript_off(page_without_js, live_site, article):
    page = page_without_js
    open_article(page, live_site, article)

    submit_empty_form(page, without_js=True)
    # No script ran: the summary is the URL's fragment target, so the browser
    # itself scrolls to it and focuses it.
    assert page.evaluate(FOCUSED) == "comment-errors"

    page.fill("#id_author_name", "Utan Skript")
    page.fill("#id_author_email", "utan@example.se")
    page.fill("#id_body", "Det här fungerar utan JavaScript.")
    page.check("#id_principle_2")
    with page.expect_navigation():
        page.click("#comment-form button[type=submit]")

    # The fragment alone puts the reader on the notice.
    assert page.evaluate(FOCUSED) == "kommentar-skickad"
    assert "Tack! Nu behöver du bekräfta kommentaren" in page.inner_text("main")
    assert ResidentComment.objects.get().principle.slug == "stolthet"


def test_confirm_pages_have_no_axe_violations(page, live_site, article):
    from feedback.tokens import new_token_fields, verification_token
    from tests.factories import ResidentCommentFactory

    comment = ResidentCommentFactory(
        article=article,
        principle=article.principles.first(),
        status=CommentStatus.UNVERIFIED,
        **new_token_fields(),
    )
    link = f"{live_site.url}/kommentarer/bekrafta/{verification_token(comment)}/"

    page.goto(link)
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Kommentaren är bekräftad" in page.inner_text("h1")
    assert_no_axe_violations(page)

    page.goto(f"{live_site.url}/kommentarer/bekrafta/finns-inte/")
    assert "Länken fungerar inte längre" in page.inner_text("h1")
    assert_no_axe_violations(page)


LABEL_IN_VIEW = """(fieldId) => {
    const field = document.getElementById(fieldId);
    const fieldset = field.closest("fieldset");
    const label = fieldset
        ? fieldset.querySelector("legend")
        : document.querySelector(`label[for="${fieldId}"]`);
    const box = label.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("field_id", ["id_author_email", "id_body", "id_principle_0"])
def test_error_summary_link_keeps_the_fields_label_in_view(
    page, live_site, article, width, field_id
):
    page.set_viewport_size(WIDTHS[width])
    open_article(page, live_site, article)
    page.fill("#id_author_email", "inte-en-adress")
    submit_empty_form(page)

    page.locator(f'#comment-errors a[href="#{field_id}"]').click()

    assert page.evaluate(FOCUSED) == field_id
    assert page.evaluate(LABEL_IN_VIEW, field_id)


@pytest.mark.parametrize("field_id", ["id_author_email", "id_principle_0"])
def test_error_summary_link_keeps_the_label_in_view_without_javascript(
    page_without_js, live_site, article, field_id
):
    page = page_without_js
    page.set_viewport_size(WIDTHS["mobile"])
    open_article(page, live_site, article)
    page.fill("#id_author_email", "inte-en-adress")
    submit_empty_form(page, without_js=True)

    page.locator(f'#comment-errors a[href="#{field_id}"]').click()

    assert page.evaluate(LABEL_IN_VIEW, field_id)


@pytest.mark.parametrize("width", WIDTHS)
def test_principle_choices_are_large_and_clicked_anywhere_on_the_row(
    page, live_site, article, width
):
    page.set_viewport_size(WIDTHS[width])
    open_article(page, live_site, article)

    page.locator('label[for="id_principle_2"]').scroll_into_view_if_needed()
    radio = page.locator("#id_principle_2").bounding_box()
    row = page.locator('label[for="id_principle_2"]').bounding_box()
    page.mouse.click(row["x"] + row["width"] - 5, row["y"] + row["height"] / 2)

    assert radio["width"] >= 24 and radio["height"] >= 24
    assert row["height"] >= 44
    assert page.locator("#id_principle_2").is_checked()


@pytest.mark.parametrize("width", WIDTHS)
def test_rate_limited_comment_keeps_the_text_says_when_and_passes_axe(
    page, live_site, article, settings, width
):
    settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (1, 3600)}
    page.set_viewport_size(WIDTHS[width])
    open_article(page, live_site, article)
    send_a_valid_comment(page)

    page.fill("#id_body", "En andra synpunkt som inte får försvinna.")
    page.fill("#id_author_name", "Kim Exempel")
    page.fill("#id_author_email", "kim@example.se")
    page.check("#id_principle_0")
    with page.expect_navigation() as navigation:
        page.click("#comment-form button[type=submit]")

    assert navigation.value.status == 429
    assert page.title().startswith("Fel: ")
    assert page.evaluate(FOCUSED) == "comment-errors"
    assert "skicka igen om 60 minuter" in page.inner_text("#comment-errors")
    assert page.input_value("#id_body") == "En andra synpunkt som inte får försvinna."
    assert_no_axe_violations(page)


def test_new_link_past_its_limit_says_when_and_passes_axe(page, live_site, settings):
    settings.FEEDBACK_RATE_LIMITS = {"resend_ip": (0, 600)}
    page.goto(f"{live_site.url}/kommentarer/bekrafta/gammal-lank/")

    with page.expect_navigation() as navigation:
        page.click("main button[type=submit]")

    assert navigation.value.status == 429
    assert "Försök igen om 10 minuter, efter klockan" in page.inner_text("main")
    assert_no_axe_violations(page)


# --- without JavaScript: one more round, and the text is never lost ----------


def fill_the_form(page, body):
    page.fill("#id_author_name", "Utan Skript")
    page.fill("#id_author_email", "utan@example.se")
    page.fill("#id_body", body)
    page.check("#id_principle_1")
    with page.expect_navigation():
        page.click("#comment-form button[type=submit]")


def test_without_javascript_the_retry_page_keeps_the_text_and_sends_it(
    page_without_js, live_site, article
):
    page = page_without_js
    open_article(page, live_site, article)

    fill_the_form(page, "Skickad två gånger, förlorad ingen gång.")

    assert page.locator("h1").inner_text() == RETRY_HEADING
    assert "Din kommentar är inte skickad ännu." in page.inner_text("main")
    assert page.input_value("#retry-body") == "Skickad två gånger, förlorad ingen gång."
    assert page.input_value("#retry-author_name") == "Utan Skript"
    assert not ResidentComment.objects.exists()

    pass_the_retry_page(page)

    assert page.url.endswith("?kommentar=skickad#kommentar-skickad")
    assert "Tack! Nu behöver du bekräfta kommentaren" in page.inner_text("main")
    comment = ResidentComment.objects.get()
    assert comment.body == "Skickad två gånger, förlorad ingen gång."
    assert comment.principle.slug == "sjalvstandighet"


def test_without_javascript_a_retry_sent_too_soon_says_so_and_keeps_the_text(
    page_without_js, live_site, article, settings
):
    settings.FEEDBACK_RETRY_MIN_FILL_SECONDS = 60
    page = page_without_js
    open_article(page, live_site, article)
    fill_the_form(page, "Jag trycker fort.")

    pass_the_retry_page(page)

    # Not the quiet drop a bot gets: the person is told, the text is there.
    summary = page.locator("#comment-errors")
    assert "Vänta ett par sekunder och skicka sedan igen." in summary.inner_text()
    assert page.input_value("#id_body") == "Jag trycker fort."
    assert not ResidentComment.objects.exists()

    settings.FEEDBACK_RETRY_MIN_FILL_SECONDS = 0  # the seconds have passed
    with page.expect_navigation():
        page.click("#comment-form button[type=submit]")

    assert "Tack! Nu behöver du bekräfta kommentaren" in page.inner_text("main")
    assert ResidentComment.objects.get().body == "Jag trycker fort."


def test_retry_page_has_no_axe_violations(page, live_site, article):
    # axe needs scripts: reach the retry page as a script-less browser would,
    # by sending the form without the token its script fetched.
    open_article(page, live_site, article)
    page.wait_for_function(
        '() => document.querySelector("#comment-form [name=started]").value'
    )
    page.evaluate(
        "() => { document.querySelector("
        "'#comment-form [name=csrfmiddlewaretoken]').value = ''; }"
    )
    fill_the_form(page, "Granskad av axe.")

    assert page.locator("h1").inner_text() == RETRY_HEADING
    assert page.input_value("#retry-body") == "Granskad av axe."
    assert_no_axe_violations(page)
