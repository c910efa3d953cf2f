"""The moderation queue in a real browser: keyboard shortcuts and axe."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from feedback.models import CommentStatus, ResidentComment
from tests.e2e.axe import assert_no_axe_violations
from tests.factories import (
    ArticlePageFactory,
    PrincipleFactory,
    ResidentCommentFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e
S = CommentStatus
PASSWORD = "password-for-tests"
LIVE = "[data-moderation-live]"


@pytest.fixture
def queue(live_site):
    principle = PrincipleFactory(name="Samhörighet", slug="samhorighet")
    other = PrincipleFactory(name="Stolthet", slug="stolthet")
    article = ArticlePageFactory(
        parent=live_site.news_index, title="Planen", principles=[principle, other]
    )
    group = Group.objects.create(name="Moderatorer: Samhörighet")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    principle.moderator_groups.add(group)
    moderator = UserFactory(username="moderator", first_name="Mona")
    moderator.groups.add(group)
    comments = [
        ResidentCommentFactory(
            article=article, principle=principle, body=f"Synpunkt nummer {n}"
        )
        for n in range(1, 4)
    ]
    ResidentCommentFactory(article=article, principle=other, body="Inte min kö")
    return comments


def status(comment):
    return ResidentComment.objects.get(pk=comment.pk).status


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def test_queue_keyboard_shortcuts_and_accessibility(page, live_site, queue):
    first, second, third = queue
    log_in(page, live_site.url)

    page.goto(live_site.url + "/admin/moderering/")
    rows = page.locator("[data-moderation-row]")
    assert rows.count() == 3
    assert "Inte min kö" not in page.content()
    assert page.locator("summary", has_text="Kortkommandon").is_visible()
    assert_no_axe_violations(page)

    # j twice: the second comment is current and announced.
    page.keyboard.press("j")
    page.keyboard.press("j")
    current = page.locator("[data-moderation-row][aria-current=true]")
    assert current.get_attribute("data-comment-id") == str(second.pk)
    expect(page.locator(LIVE)).to_contain_text("Kommentar 2 av 3: Synpunkt nummer 2")

    # Typing in the search field is typing, not shortcuts.
    search = page.locator("input[name=q]")
    search.focus()
    # Typing runs Wagtail's live search (debounced, one request per pause);
    # wait for its answer before this thread uses the database the live
    # server shares with it.
    with page.expect_response(lambda response: "/results/?q=as&" in response.url):
        page.keyboard.type("as")
    assert status(second) == S.PENDING
    with page.expect_response(lambda response: "/results/?q=&" in response.url):
        search.fill("")

    # a approves the current comment; the page comes back without it.
    page.locator(f"[data-comment-id='{second.pk}'] td.title a").focus()
    with page.expect_navigation():
        page.keyboard.press("a")
    assert status(second) == S.APPROVED
    assert page.locator("[data-moderation-row]").count() == 2

    # r opens the first comment with the cursor on the reason.
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("r")
    assert page.url.endswith(f"/kommentar/{first.pk}/#avvisa")
    expect(page.locator("select[name=reason_choice]")).to_be_focused()
    expect(page.locator(LIVE)).to_contain_text("skäl")
    assert_no_axe_violations(page)

    # In a text field the letters are text; then the form rejects.
    page.fill("textarea[name=reason_text]", "Utanför ämnet, se reglerna")
    assert status(first) == S.PENDING
    with page.expect_navigation():
        page.locator("#avvisa button[type=submit]").click()
    assert status(first) == S.REJECTED

    # After rejecting, the next comment in the queue opens; s marks it spam.
    assert page.url.endswith(f"/kommentar/{third.pk}/")
    with page.expect_navigation():
        page.keyboard.press("s")
    assert status(third) == S.SPAM


def test_shortcuts_follow_the_users_wagtail_shortcut_setting(page, live_site, queue):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(
        queue[0].principle.moderator_groups.get().user_set.get()
    )
    profile.keyboard_shortcuts = False
    profile.save()
    log_in(page, live_site.url)
    page.goto(live_site.url + "/admin/moderering/")

    page.keyboard.press("j")
    assert page.locator("[data-moderation-row][aria-current=true]").count() == 0
    assert page.locator(LIVE).text_content() == ""

    page.locator("td.title a").first.focus()
    page.keyboard.press("a")
    page.wait_for_timeout(1000)  # time enough for a (wrong) submission
    assert status(queue[0]) == S.PENDING


def test_bulk_approve_from_the_listing_checkboxes(page, live_site, queue):
    first, second, third = queue
    log_in(page, live_site.url)
    page.goto(live_site.url + "/admin/moderering/")

    page.locator(f"input[data-object-id='{first.pk}']").check()
    page.locator(f"input[data-object-id='{third.pk}']").check()
    footer = page.locator("[data-bulk-action-footer]")
    expect(footer).to_be_visible()
    with page.expect_navigation():
        footer.get_by_role("link", name="Godkänn markerade kommentarer").click()
    expect(page.locator("main")).to_contain_text("Åtgärden gäller 2 kommentarer")
    with page.expect_navigation():
        page.locator("input[type=submit][value='Godkänn']").click()

    assert [status(c) for c in queue] == [S.APPROVED, S.PENDING, S.APPROVED]
    expect(page.locator("[data-moderation-row]")).to_have_count(1)


def test_bulk_bar_buttons_are_readable_with_rows_selected(page, live_site, queue):
    log_in(page, live_site.url)
    page.goto(live_site.url + "/admin/moderering/?status=pending")

    for comment in queue[:2]:
        page.locator(f"input[data-object-id='{comment.pk}']").check()
    footer = page.locator("[data-bulk-action-footer]")
    expect(footer).to_be_visible()

    buttons = footer.locator("[data-bulk-action-button]")
    expect(buttons).to_have_text(["Godkänn", "Avvisa", "Skräppost"])
    # Wagtail's page bulk bar: small secondary buttons, "serious" in red.
    for index in range(3):
        expect(buttons.nth(index)).to_have_class(
            re.compile(
                r"\bbutton-small\b.*\bbutton-secondary\b|"
                r"\bbutton-secondary\b.*\bbutton-small\b"
            )
        )
    expect(buttons.nth(2)).to_have_class(re.compile(r"\bserious\b"))
    assert_no_axe_violations(
        page,
        context="[data-bulk-action-footer]",
        rules=["color-contrast"],
        strict=True,
    )
    assert_no_axe_violations(page)
