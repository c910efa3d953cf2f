"""bootstrap_site: a new install's page tree and settings, no demo content."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from feedback.models import DiscussionSettings, RejectionReason
from news.models import ArticlePage, HomePage, NewsIndexPage, Principle, StandardPage
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db


def bootstrap(*args):
    out = io.StringIO()
    call_command("bootstrap_site", *args, stdout=out)
    return out.getvalue()


def test_bootstrap_builds_the_page_tree_and_settings_without_demo_content(settings):
    settings.PORTAL_BASE_URL = "https://synpunkter.example.se"

    bootstrap("--organisation", "Exempelby kommun")

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert (site.root_page_id, site.hostname, site.port) == (
        home.pk,
        "synpunkter.example.se",
        443,
    )
    assert NewsIndexPage.objects.child_of(home).live().count() == 1
    assert set(StandardPage.objects.child_of(home).values_list("slug", flat=True)) == {
        "personuppgifter",
        "tillganglighet",
        "regler-for-kommentarer",
    }
    portal = PortalSettings.for_site(site)
    assert portal.organisation_name == "Exempelby kommun"
    assert portal.privacy_page.slug == "personuppgifter"
    assert portal.accessibility_page.slug == "tillganglighet"
    assert DiscussionSettings.for_site(site).rules_page.slug == "regler-for-kommentarer"
    assert RejectionReason.objects.count() == 4
    assert not ArticlePage.objects.exists()
    assert not Principle.objects.exists()


def test_bootstrap_twice_changes_nothing():
    bootstrap()
    before = (Page.objects.count(), RejectionReason.objects.count())

    output = bootstrap()

    assert (Page.objects.count(), RejectionReason.objects.count()) == before
    assert output == "Webbplatsen: allt fanns redan, inget ändrades.\n"


def test_bootstrap_keeps_an_organisation_name_set_in_the_admin():
    bootstrap("--organisation", "Första namnet")

    bootstrap("--organisation", "Ett annat namn")

    site = Site.objects.get(is_default_site=True)
    assert PortalSettings.for_site(site).organisation_name == "Första namnet"


def test_demo_content_builds_on_a_bootstrapped_site():
    bootstrap()
    home = HomePage.objects.get()

    call_command("load_demo_content", stdout=io.StringIO())

    assert HomePage.objects.get() == home
    assert ArticlePage.objects.live().count() == 4
    assert Principle.objects.count() == 3


def test_bootstrap_statement_follows_diggs_model_with_placeholders_to_fill_in(
    client,
):
    bootstrap("--organisation", "Exempelby kommun")

    html = client.get("/tillganglighet/").content.decode()

    assert "Exempelby kommun står bakom den här webbplatsen" in html
    assert "delvis förenlig" in html
    assert "kontakta oss på [e-postadress] eller telefon [telefonnummer]" in html
    assert "Senaste bedömningen gjordes den [datum]." in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html


def test_bootstrap_brings_an_unedited_old_statement_up_to_date():
    from portal.bootstrap import RETIRED_ACCESSIBILITY_BODY

    bootstrap()
    statement = StandardPage.objects.get(slug="tillganglighet")
    statement.body = RETIRED_ACCESSIBILITY_BODY
    statement.save_revision().publish()

    bootstrap()

    statement.refresh_from_db()
    assert "delvis förenlig" in statement.body.raw_data[2]["value"]
    assert bootstrap() == "Webbplatsen: allt fanns redan, inget ändrades.\n"


def test_bootstrap_points_the_site_at_a_changed_base_url(settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    bootstrap()
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8101"

    bootstrap()

    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8101"
