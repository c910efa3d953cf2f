import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, Page, Revision, Site

from feedback.models import RejectionReason
from news.models import ArticlePage, HomePage, Principle
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db


def load_demo_content():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "principles": Principle.objects.count(),
        "rejection reasons": RejectionReason.objects.count(),
        "sites": Site.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
    }


def test_demo_content_builds_the_site_with_the_plan_article():
    load_demo_content()

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert list(Principle.objects.values_list("name", flat=True)) == [
        "Samhörighet",
        "Självständighet",
        "Stolthet",
    ]
    plan = ArticlePage.objects.live().get(slug="langsiktig-plan-2024-2027")
    assert plan.title == "Kommunens långsiktiga plan för 2024–2027 är antagen"
    assert sorted(plan.principles.values_list("slug", flat=True)) == [
        "samhorighet",
        "sjalvstandighet",
        "stolthet",
    ]
    assert ArticlePage.objects.live().count() == 4
    assert PortalSettings.for_site(home.get_site()).vision == (
        "Tillsammans skapar vi trygghet"
    )


def test_demo_content_twice_changes_nothing():
    load_demo_content()
    before = counts()

    output = load_demo_content()

    assert counts() == before
    assert output == "Demo content: already in place, nothing changed.\n"


def test_migrations_let_the_editors_group_publish_on_every_site():
    root = Page.get_first_root_node()

    granted = GroupPagePermission.objects.filter(
        group=Group.objects.get(name="Editors"), page=root
    ).values_list("permission__codename", flat=True)

    assert "publish_page" in granted


def test_demo_site_answers_at_the_configured_base_url(settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"

    load_demo_content()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "127.0.0.1",
        8000,
        "http://127.0.0.1:8000",
    )
