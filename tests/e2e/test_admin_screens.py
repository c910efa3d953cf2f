"""The admin screens issue 8 changed, in a real browser, at desktop and phone
widths: axe, and nothing running off a 390 px screen."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import CommentStatus, RejectionReason, ResidentComment
from tests.e2e.axe import assert_no_axe_violations
from tests.factories import (
    ArticlePageFactory,
    PrincipleFactory,
    ResidentCommentFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e
PASSWORD = "password-for-tests"
PHONE = {"width": 390, "height": 844}
CONTENT = "main .nice-padding *"
# Elements of the main area cut off at the screen's right edge: past it, and
# not inside a box that scrolls sideways within the screen.
OVERFLOWING = """(within) => {
    const edge = window.innerWidth + 1;
    const scrolls = e => {
        for (let box = e.parentElement; box.id !== 'main'; box = box.parentElement) {
            const overflow = getComputedStyle(box).overflowX;
            if ((overflow === 'auto' || overflow === 'scroll')
                && box.getBoundingClientRect().right <= edge) return true;
        }
        return false;
    };
    return [...document.querySelectorAll(within)]
        .filter(e => e.getBoundingClientRect().right > edge && !scrolls(e))
        .map(e => e.tagName + '.' + e.getAttribute('class'));
}"""


@pytest.fixture
def screens(live_site):
    samhorighet = PrincipleFactory(name="Samhörighet", slug="samhorighet")
    stolthet = PrincipleFactory(name="Stolthet", slug="stolthet")
    article = ArticlePageFactory(
        parent=live_site.news_index,
        title="Den långsiktiga planen för trygghet och samhörighet",
        principles=[samhorighet, stolthet],
    )
    group = Group.objects.create(name="Moderatorer: Samhörighet")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    samhorighet.moderator_groups.add(group)
    UserFactory(username="moderator", first_name="Mona").groups.add(group)
    UserFactory(username="admin", is_superuser=True)
    now = timezone.now()
    comments = {}
    for days, status in [(1, CommentStatus.PENDING), (9, CommentStatus.APPROVED)]:
        comment = ResidentCommentFactory(
            article=article,
            principle=samhorighet,
            status=status,
            body="Busshållplatsen vid torget behöver tak, bänkar och bättre ljus "
            "för alla som väntar på kvällarna.",
        )
        verified = now - datetime.timedelta(days=days)
        decided = verified + datetime.timedelta(minutes=12)
        ResidentComment.objects.filter(pk=comment.pk).update(
            verified_at=verified,
            moderated_at=decided if status == CommentStatus.APPROVED else None,
        )
        comments[status] = comment
    ResidentCommentFactory(article=article, principle=stolthet)
    RejectionReason.objects.create(
        text="Innehåller personuppgifter om någon annan än skribenten själv"
    )
    return {
        "pending": comments[CommentStatus.PENDING],
        "stolthet": stolthet,
    }


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_moderator_screens_pass_axe_and_fit_a_phone(page, live_site, screens, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    log_in(page, live_site.url, "moderator")
    pending = screens["pending"]

    page.goto(f"{live_site.url}/admin/moderering/?status=pending")
    for box in page.locator("input[data-bulk-action-checkbox]").all()[:2]:
        box.check()
    expect(page.locator("[data-bulk-action-footer]")).to_be_visible()
    listing = "#listing-results *, [data-bulk-action-footer] *"
    assert page.evaluate(OVERFLOWING, listing) == []

    page.goto(f"{live_site.url}/admin/moderering/kommentar/{pending.pk}/")
    expect(page).to_have_title(
        "”Busshållplatsen vid torget behöver tak, bänkar…” om "
        "Den långsiktiga planen för trygghet och samhörigh… - Wagtail"
    )
    assert page.evaluate(OVERFLOWING, CONTENT) == []
    assert_no_axe_violations(page)

    page.goto(f"{live_site.url}/admin/moderering/rapport/?weeks=4")
    expect(page.locator("[data-median]", has_text="12 min")).to_have_count(1)
    assert page.evaluate(OVERFLOWING, CONTENT) == []
    assert_no_axe_violations(page)


def test_administrator_sees_the_warning_on_dashboard_and_listing(
    page, live_site, screens
):
    log_in(page, live_site.url, "admin")

    panel = page.locator("[data-unmoderated-principles]")
    expect(panel).to_contain_text("Stolthet")
    expect(panel).to_contain_text("1 kommentar väntar")
    assert_no_axe_violations(page)

    page.goto(live_site.url + "/admin/snippets/news/principle/")
    expect(page.locator("[data-unmoderated-principles]")).to_contain_text("Stolthet")
    expect(page.locator("[data-no-moderator]")).to_have_count(1)
    assert_no_axe_violations(page)
