import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, Page, Revision, Site

from feedback.models import DiscussionSettings, RejectionReason
from news.models import ArticlePage, HomePage, Principle, StandardPage
from portal import bootstrap
from portal import demo_content as demo
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
    assert plan.title == "Tillsammans skapar vi trygghet: kommunens plan för 2024–2027"
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


def test_demo_site_follows_the_base_url_to_another_port(settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    load_demo_content()
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8101"

    output = load_demo_content()

    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8101"
    assert HomePage.objects.get().full_url == "http://127.0.0.1:8101/"
    assert output != "Demo content: already in place, nothing changed.\n"


def test_demo_content_publishes_the_discussion_rules_and_chooses_them():
    load_demo_content()

    site = Site.objects.get(is_default_site=True)
    rules = DiscussionSettings.for_site(site).rules_page
    assert rules.live
    assert rules.url == "/regler-for-kommentarer/"
    assert rules.title == "Regler för kommentarer"


def test_demo_accessibility_statement_has_what_digg_asks_for(client):
    load_demo_content()

    html = client.get("/tillganglighet/").content.decode()

    assert "Webbplatsen är <b>delvis förenlig</b> med lagen om tillgänglighet" in html
    assert "Innehåll som inte är tillgängligt" in html
    assert "Rapportera brister i webbplatsens tillgänglighet" in html
    assert 'href="mailto:kommunen@enkoping.se"' in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert 'href="https://www.digg.se/"' in html
    assert "Senaste bedömningen gjordes den 30 november 2026." in html


def test_demo_statement_is_linked_in_the_footer(client):
    load_demo_content()

    footer = client.get("/").content.decode().split('class="site-footer"')[1]

    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in footer
    assert 'href="mailto:kommunen@enkoping.se"' in footer


def test_an_old_demo_database_gets_the_new_statement(client):
    load_demo_content()
    statement = StandardPage.objects.get(slug="tillganglighet")
    statement.body = bootstrap.RETIRED_ACCESSIBILITY_BODY
    statement.save_revision().publish()
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.accessibility_page = None
    portal.save()

    load_demo_content()

    statement.refresh_from_db()
    assert statement.body.raw_data[0]["value"] == demo.ACCESSIBILITY_BODY[0][1]
    assert "delvis förenlig" in client.get("/tillganglighet/").content.decode()
    portal.refresh_from_db()
    assert portal.accessibility_page_id == statement.pk
    assert load_demo_content() == "Demo content: already in place, nothing changed.\n"


def test_an_edited_demo_page_is_left_alone():
    load_demo_content()
    statement = StandardPage.objects.get(slug="tillganglighet")
    statement.body = [("paragraph", "<p>Vår egen redogörelse.</p>")]
    statement.save_revision().publish()

    load_demo_content()

    statement.refresh_from_db()
    assert statement.body.raw_data[0]["value"] == "<p>Vår egen redogörelse.</p>"


def plan_text(client):
    html = client.get("/nyheter/langsiktig-plan-2024-2027/").content.decode()
    return html[html.index('<article class="article"') : html.index("</article>")]


def test_plan_article_tells_the_plan_from_its_facts(client):
    load_demo_content()

    text = plan_text(client)

    for fact in (
        "oktober 2023",
        "160 av kommunens chefer",
        "chefsdag på Kompassen",
        "övergripande målbild",
        "Tillsammans skapar vi trygghet",
        "visar tillit",
        "tre ledord",
        "social sammanhållning",
        "Agenda 2030",
        "självständigt och aktivt liv",
        "barn och unga kommer först",
        "välfärdsteknik",
        "Förebyggande arbete",
        "ambassadörer",
        "trovärdig kommunikation",
        "företagarvänligt Enköping",
        "upplevelser som vi delar",
    ):
        assert fact in text, fact
    for ledord in ("Samhörighet", "Självständighet", "Stolthet"):
        assert f"<h3>{ledord}</h3>" in text
    assert '<a href="https://enkoping.se/">enkoping.se</a>' in text


def test_plan_article_invents_no_quote_and_no_adoption(client):
    load_demo_content()

    text = plan_text(client)

    assert "<blockquote" not in text
    assert "ordförande" not in text
    assert "antag" not in text  # neither "antagen" nor "antagit"


def test_each_principle_page_explains_its_own_ledord(client):
    load_demo_content()

    pages = {
        slug: client.get(f"/principer/{slug}/").content.decode()
        for slug in ("samhorighet", "sjalvstandighet", "stolthet")
    }

    assert "social sammanhållning" in pages["samhorighet"]
    assert "Agenda 2030" in pages["samhorighet"]
    assert "välfärdsteknik" in pages["sjalvstandighet"]
    assert "Barn och unga kommer först" in pages["sjalvstandighet"]
    assert "ambassadörer" in pages["stolthet"]
    assert "företagarvänligt Enköping" in pages["stolthet"]
    assert all("ett av de tre ledorden" in html for html in pages.values())


def test_an_old_demo_database_gets_the_new_plan_and_principles(client):
    load_demo_content()
    plan = ArticlePage.objects.get(slug="langsiktig-plan-2024-2027")
    plan.title = "Kommunens långsiktiga plan för 2024–2027 är antagen"
    plan.body = demo.RETIRED_PLAN_BODY
    plan.save_revision().publish()
    Principle.objects.filter(slug="stolthet").update(
        body=demo.RETIRED_PRINCIPLE_BODIES["stolthet"], short_description="Gammal."
    )

    output = load_demo_content()

    plan.refresh_from_db()
    assert plan.title == "Tillsammans skapar vi trygghet: kommunens plan för 2024–2027"
    assert "Kommunstyrelsens ordförande" not in plan_text(client)
    assert not plan.has_unpublished_changes
    stolthet = Principle.objects.get(slug="stolthet")
    assert "ambassadörer" in stolthet.body
    assert "brought up to date" in output
    assert load_demo_content() == "Demo content: already in place, nothing changed.\n"


def test_an_edited_plan_article_is_left_alone():
    load_demo_content()
    plan = ArticlePage.objects.get(slug="langsiktig-plan-2024-2027")
    plan.body = [("paragraph", "<p>Redaktörens egen text.</p>")]
    plan.save_revision().publish()

    load_demo_content()

    plan.refresh_from_db()
    assert plan.body.raw_data[0]["value"] == "<p>Redaktörens egen text.</p>"
