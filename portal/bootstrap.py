"""What a new install needs before anyone can use it: the page tree and settings.

``manage.py bootstrap_site`` calls :func:`site_bootstrap`; so does
``load_demo_content``, which adds the demo's principles and articles on top.
It only adds what is missing, so it is safe to run on every deploy. Nothing
in it names a municipality: the texts are placeholders for the editors to
rewrite, and principles and articles are content made in the admin.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from feedback.models import DiscussionSettings, RejectionReason
from news.models import HomePage, NewsIndexPage, StandardPage
from portal.models import PortalSettings

PRIVACY_BODY = [
    (
        "paragraph",
        "<p>När du kommenterar en nyhet sparar vi ditt namn, din "
        "e-postadress, din kommentar och vilken princip den gäller. E-postadressen "
        "visas aldrig för andra besökare. Den används för att bekräfta kommentaren "
        "och, om du vill, för att meddela dig när den publiceras eller besvaras.</p>",
    ),
    (
        "paragraph",
        "<p>Obekräftade kommentarer raderas automatiskt. Du kan när "
        "som helst återkalla din kommentar via länken i e-postmeddelandet.</p>",
    ),
]

ACCESSIBILITY_BODY = [
    (
        "paragraph",
        "<p>Kommunen vill att så många som möjligt ska kunna använda "
        "webbplatsen. Den följer WCAG 2.1 på nivå AA och testas automatiskt i en "
        "riktig webbläsare. Hittar du brister får du gärna kontakta oss.</p>",
    ),
]

REJECTION_REASONS = [
    "Personangrepp eller kränkande språk",
    "Handlar inte om artikeln",
    "Innehåller personuppgifter om någon annan",
    "Reklam eller marknadsföring",
]


@dataclass
class SiteTree:
    home: HomePage
    news_index: NewsIndexPage
    privacy: StandardPage
    accessibility: StandardPage
    created: list[str] = field(default_factory=list)


@transaction.atomic
def site_bootstrap(*, organisation_name: str = "") -> SiteTree:
    """Home, news index, privacy and accessibility pages, the Site and settings.

    ``organisation_name`` fills in the portal settings when they still hold
    the default. Returns the pages and what was created (empty when nothing
    was missing).
    """
    created: list[str] = []
    home = _home(created)
    news_index = _child(
        home,
        NewsIndexPage,
        created,
        slug="nyheter",
        title="Nyheter",
        intro="Nyheter från kommunen. Du kan kommentera varje nyhet.",
    )
    privacy = _child(
        home,
        StandardPage,
        created,
        slug="personuppgifter",
        title="Så hanterar vi personuppgifter",
        body=PRIVACY_BODY,
    )
    accessibility = _child(
        home,
        StandardPage,
        created,
        slug="tillganglighet",
        title="Tillgänglighetsredogörelse",
        body=ACCESSIBILITY_BODY,
    )
    _settings(home, privacy, organisation_name, created)
    for order, text in enumerate(REJECTION_REASONS):
        _, made = RejectionReason.objects.get_or_create(
            text=text, defaults={"sort_order": order}
        )
        if made:
            created.append(f"rejection reason {text!r}")
    return SiteTree(home, news_index, privacy, accessibility, created)


def _home(created: list[str]) -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's first migration leaves a plain "Welcome" page; replace it.
    for page in root.get_children().exact_type(Page):
        page.delete()
    home = HomePage(
        title="Välkommen till kommunens nyheter",
        slug="home",
        intro=(
            "Här berättar kommunen vad som händer, och här kan du säga vad du tycker."
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    # Full URLs (sitemap, "view live") must lead to where the portal runs.
    address = urlsplit(settings.PORTAL_BASE_URL)
    default_port = 443 if address.scheme == "https" else 80
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname or "localhost",
            "port": address.port or default_port,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "root_page": home,
        },
    )
    created.append("home page")
    return home


def _child(parent, model, created: list[str], *, slug: str, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    created.append(f"{model.__name__} {slug}")
    return page


def _settings(home, privacy, organisation_name: str, created: list[str]) -> None:
    site = home.get_site()
    portal = PortalSettings.for_site(site)
    changed = False
    if portal.privacy_page_id is None:
        portal.privacy_page = privacy
        changed = True
    default_name = PortalSettings._meta.get_field("organisation_name").default
    if organisation_name and portal.organisation_name == default_name:
        portal.organisation_name = organisation_name
        changed = True
    if changed or portal.pk is None:
        portal.save()
        created.append("portal settings")
    DiscussionSettings.for_site(site)
