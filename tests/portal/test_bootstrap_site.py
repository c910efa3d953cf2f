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
    }
    portal = PortalSettings.for_site(site)
    assert portal.organisation_name == "Exempelby kommun"
    assert portal.privacy_page.slug == "personuppgifter"
    assert DiscussionSettings.objects.filter(site=site).exists()
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
