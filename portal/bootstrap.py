"""What a new install needs before anyone can use it: the page tree and settings.

``manage.py bootstrap_site`` calls :func:`site_bootstrap`; so does
``load_demo_content``, which adds the demo's principles and articles on top.
It only adds what is missing, so it is safe to run on every deploy; a text
an earlier version wrote is brought up to date where nobody has edited it.
Nothing in it names a municipality: the texts are placeholders for the
editors to rewrite (the accessibility statement's in [brackets]), and
principles and articles are content made in the admin.
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

# What earlier versions wrote as the statement, replaced where unedited.
RETIRED_ACCESSIBILITY_BODY = [
    (
        "paragraph",
        "<p>Kommunen vill att så många som möjligt ska kunna använda "
        "webbplatsen. Den följer WCAG 2.1 på nivå AA och testas automatiskt i en "
        "riktig webbläsare. Hittar du brister får du gärna kontakta oss.</p>",
    ),
]

# Placeholders in a new install's statement, for the municipality to fill in.
CONTACT_PLACEHOLDER = "på [e-postadress] eller telefon [telefonnummer]"
REVIEWED_PLACEHOLDER = "[datum]"


def accessibility_statement(*, organisation: str, contact: str, reviewed: str):
    """The statement the DOS law asks for, in the parts of Digg's model.

    Who stands behind the site, its compliance, what is not accessible and
    why, how to ask for content and report problems, Digg's supervision and
    reporting form, how and when it was assessed. ``contact`` completes
    "kontakta oss ..." (HTML), ``reviewed`` is the date of the assessment.
    What it says about the software is kept in step with docs/accessibility.md.
    """
    return [
        (
            "paragraph",
            f"<p>{organisation} står bakom den här webbplatsen, där vi "
            "publicerar nyheter och tar emot kommentarer om dem. Vi vill att så "
            "många som möjligt ska kunna använda webbplatsen. Här beskriver vi "
            "hur den uppfyller lagen om tillgänglighet till digital offentlig "
            "service, vilka brister vi känner till och hur du kan rapportera "
            "problem till oss, så att vi kan rätta dem.</p>",
        ),
        ("heading", {"text": "Hur tillgänglig är webbplatsen?", "level": "h2"}),
        (
            "paragraph",
            "<p>Webbplatsen är <b>delvis förenlig</b> med lagen om "
            "tillgänglighet till digital offentlig service, på grund av de "
            "brister som beskrivs längre ner på sidan.</p>"
            "<p>Det här fungerar på hela den publika webbplatsen:</p>"
            "<ul>"
            "<li>Allt går att använda med bara tangentbord, och det som har "
            "fokus syns tydligt.</li>"
            "<li>Sidorna har rubriker och landmärken, och en länk för att hoppa "
            "direkt till innehållet.</li>"
            "<li>Text och bakgrund har tillräcklig kontrast.</li>"
            "<li>Sidorna fungerar i smala fönster, till exempel på en mobil, och "
            "när du förstorar texten.</li>"
            "<li>Fälten i kommentarsformuläret har etiketter, och "
            "felmeddelanden visas vid sina fält och samlas överst i "
            "formuläret.</li>"
            "</ul>",
        ),
        (
            "heading",
            {
                "text": "Vad kan du göra om du inte kan använda delar av webbplatsen?",
                "level": "h2",
            },
        ),
        (
            "paragraph",
            "<p>Behöver du innehåll från webbplatsen i en annan form, eller vill "
            "du lämna en synpunkt utan att använda kommentarsformuläret, kan du "
            f"kontakta oss {contact}.</p>",
        ),
        (
            "heading",
            {"text": "Rapportera brister i webbplatsens tillgänglighet", "level": "h2"},
        ),
        (
            "paragraph",
            "<p>Vi arbetar hela tiden med att göra webbplatsen mer tillgänglig. "
            "Upptäcker du problem som inte står på den här sidan, eller tycker "
            "du att vi inte uppfyller lagens krav, vill vi gärna veta det. "
            f"Kontakta oss {contact} och berätta gärna vilken sida det gäller, "
            "vad som inte fungerade och vilken webbläsare och vilka hjälpmedel "
            "du använder.</p>",
        ),
        ("heading", {"text": "Tillsyn", "level": "h2"}),
        (
            "paragraph",
            "<p>Myndigheten för digital förvaltning (Digg) har tillsyn över "
            "lagen om tillgänglighet till digital offentlig service. Är du inte "
            "nöjd med hur vi tar hand om dina synpunkter kan du kontakta Digg "
            'och påtala det: <a href="https://www.digg.se/tdosanmalan">anmäl '
            "bristande tillgänglighet till Digg</a>. Mer om lagen finns på "
            '<a href="https://www.digg.se/">digg.se</a>.</p>',
        ),
        (
            "heading",
            {
                "text": "Teknisk information om webbplatsens tillgänglighet",
                "level": "h2",
            },
        ),
        (
            "paragraph",
            "<p>Webbplatsen är delvis förenlig med lagen om tillgänglighet till "
            "digital offentlig service, på grund av de brister som beskrivs "
            "nedan.</p>",
        ),
        ("heading", {"text": "Innehåll som inte är tillgängligt", "level": "h3"}),
        (
            "paragraph",
            "<ul>"
            "<li>Kommentarer från invånare är märkta som svenska. En kommentar "
            "på ett annat språk kan därför läsas upp med fel uttal av en "
            "skärmläsare (WCAG 2.1, kriterium 3.1.2 Språk för del).</li>"
            "<li>När kontrollen mot robotar i kommentarsformuläret är påslagen "
            "kommer den från Google (reCAPTCHA). Den kan be dig lösa en "
            "bilduppgift; det finns ett ljudalternativ, men uppgiften kan vara "
            "svår att klara med skärmläsare eller nedsatt syn (WCAG 2.1, "
            "kriterium 1.1.1 Icke-textinnehåll). Kontakta oss i stället, så tar "
            "vi emot din kommentar på annat sätt.</li>"
            "<li>Verktyget där medarbetarna skriver nyheter och granskar "
            "kommentarer är en färdig produkt (Wagtail). De delar som har "
            "byggts för den här webbplatsen är testade, men inte hela "
            "verktyget.</li>"
            "</ul>",
        ),
        ("heading", {"text": "Oskäligt betungande anpassning", "level": "h3"}),
        (
            "paragraph",
            "<p>Vi undantar inget innehåll med hänvisning till att en anpassning "
            "skulle vara oskäligt betungande.</p>",
        ),
        ("heading", {"text": "Innehåll som inte omfattas av lagkraven", "level": "h3"}),
        (
            "paragraph",
            "<p>Vi känner inte till något innehåll på webbplatsen som faller "
            "utanför lagens krav.</p>",
        ),
        ("heading", {"text": "Hur vi testat webbplatsen", "level": "h2"}),
        (
            "paragraph",
            "<p>Vi har gjort en självskattning (intern testning) av "
            "webbplatsen. Varje ändring testas automatiskt i en riktig "
            "webbläsare med verktyget axe och reglerna för WCAG 2.1 på nivå A "
            "och AA. Vi har också gått igenom sidorna med bara tangentbord och i "
            "ett fönster som är lika smalt som en mobil.</p>"
            f"<p>Senaste bedömningen gjordes den {reviewed}.</p>"
            f"<p>Redogörelsen uppdaterades senast den {reviewed}.</p>",
        ),
    ]


RULES_BODY = [
    (
        "paragraph",
        "<p>Här kan du kommentera kommunens nyheter och berätta vad du tycker. "
        "För att samtalet ska vara öppet och respektfullt för alla gäller de "
        "här reglerna.</p>",
    ),
    ("heading", {"text": "Så granskas kommentarerna", "level": "h2"}),
    (
        "paragraph",
        "<p>En moderator på kommunen läser varje kommentar innan den "
        "publiceras. Det kan dröja några dagar innan din kommentar syns. Vi "
        "publicerar inte kommentarer som</p>"
        "<ul>"
        "<li>innehåller personangrepp, hot, trakasserier eller kränkande språk, "
        "till exempel om någons kön, ursprung, religion, funktionsnedsättning, "
        "sexuella läggning eller ålder</li>"
        "<li>inte handlar om artikeln eller den princip du har valt</li>"
        "<li>innehåller personuppgifter om någon annan, till exempel namn, "
        "adress, telefonnummer eller uppgifter om hälsa, också om kommunens "
        "anställda</li>"
        "<li>är reklam eller marknadsföring</li>"
        "<li>bryter mot lagen, till exempel genom hets mot folkgrupp, förtal "
        "eller intrång i upphovsrätten.</li>"
        "</ul>"
        "<p>Publiceras inte kommentaren får du ett e-postmeddelande med skälet. "
        "Du är välkommen att skriva en ny kommentar som följer reglerna.</p>",
    ),
    ("heading", {"text": "Bra att veta", "level": "h2"}),
    (
        "paragraph",
        "<ul>"
        "<li>Ditt namn visas med kommentaren. Din e-postadress publiceras "
        "aldrig.</li>"
        "<li>Det du skickar till kommunen kan bli en allmän handling, som vem "
        "som helst kan begära att få läsa.</li>"
        "<li>En kommentar är inte en felanmälan eller ett ärende. Vill du "
        "anmäla ett fel eller få svar i ett ärende, kontakta kommunen "
        "direkt.</li>"
        "<li>Du kan återkalla din kommentar när du vill, med länken i "
        "e-postmeddelandet du fick när du skrev den.</li>"
        "<li>Ibland svarar kommunen på en kommentar. Svaret visas under "
        "kommentaren.</li>"
        "</ul>",
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
    rules: StandardPage
    created: list[str] = field(default_factory=list)


@transaction.atomic
def site_bootstrap(*, organisation_name: str = "") -> SiteTree:
    """Home, news index, the privacy, accessibility and rules pages, the Site
    and the settings.

    ``organisation_name`` fills in the portal settings when they still hold
    the default. The default site is pointed at PORTAL_BASE_URL on every run.
    Returns the pages and what was created or changed (empty when nothing
    was).
    """
    created: list[str] = []
    home = _home(created)
    _site_address(home, created)
    organisation = _organisation(home, organisation_name)
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
    statement = accessibility_statement(
        organisation=organisation,
        contact=CONTACT_PLACEHOLDER,
        reviewed=REVIEWED_PLACEHOLDER,
    )
    accessibility = _child(
        home,
        StandardPage,
        created,
        slug="tillganglighet",
        title="Tillgänglighetsredogörelse",
        body=statement,
    )
    replace_if_unedited(
        accessibility, RETIRED_ACCESSIBILITY_BODY, created, body=statement
    )
    rules = _child(
        home,
        StandardPage,
        created,
        slug="regler-for-kommentarer",
        title="Regler för kommentarer",
        body=RULES_BODY,
    )
    _settings(home, privacy, accessibility, rules, organisation, created)
    for order, text in enumerate(REJECTION_REASONS):
        _, made = RejectionReason.objects.get_or_create(
            text=text, defaults={"sort_order": order}
        )
        if made:
            created.append(f"rejection reason {text!r}")
    return SiteTree(home, news_index, privacy, accessibility, rules, created)


def replace_if_unedited(page, expected_body, created: list[str], **fields) -> None:
    """Give ``page`` new ``fields`` if its body is still ``expected_body``.

    For texts an earlier version (or the bootstrap, under the demo) wrote:
    once someone has edited the page, it is left alone. The change is a new
    published revision.
    """
    current = [(block["type"], block["value"]) for block in page.body.raw_data]
    if current != [(kind, value) for kind, value in expected_body]:
        return
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    created.append(f"{type(page).__name__} {page.slug} brought up to date")


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
    created.append("home page")
    return home


def _site_address(home, created: list[str]) -> None:
    """Point the default site at PORTAL_BASE_URL, on every run.

    Full URLs (sitemap, "view live") are built from the site's host and port;
    in development the base URL follows the port the server runs on (make
    run PORT=...), so the site follows it too.
    """
    address = urlsplit(settings.PORTAL_BASE_URL)
    wanted = {
        "hostname": address.hostname or "localhost",
        "port": address.port or (443 if address.scheme == "https" else 80),
    }
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
            root_page=home,
            **wanted,
        )
        created.append("site")
    elif (site.hostname, site.port) != (wanted["hostname"], wanted["port"]):
        # save(), not update(): Wagtail's cache of site root paths is
        # cleared by the save signal.
        site.hostname, site.port = wanted["hostname"], wanted["port"]
        site.save()
        created.append(f"site address {wanted['hostname']}:{wanted['port']}")


def _organisation(home, organisation_name: str) -> str:
    """The organisation's name as the settings will hold it after this run."""
    portal = PortalSettings.for_site(home.get_site())
    default_name = PortalSettings._meta.get_field("organisation_name").default
    if organisation_name and portal.organisation_name == default_name:
        return organisation_name
    return portal.organisation_name


def _child(parent, model, created: list[str], *, slug: str, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    created.append(f"{model.__name__} {slug}")
    return page


def _settings(home, privacy, accessibility, rules, organisation, created) -> None:
    site = home.get_site()
    portal = PortalSettings.for_site(site)
    changed = []
    if portal.privacy_page_id is None:
        portal.privacy_page = privacy
        changed.append("privacy page")
    # Added after the first installs were made: filled in where empty.
    if portal.accessibility_page_id is None:
        portal.accessibility_page = accessibility
        changed.append("accessibility statement")
    if portal.organisation_name != organisation:
        portal.organisation_name = organisation
        changed.append("organisation")
    if changed or portal.pk is None:
        portal.save()
        created.append("portal settings: " + ", ".join(changed or ["defaults"]))
    discussion = DiscussionSettings.for_site(site)
    if discussion.rules_page_id is None:
        discussion.rules_page = rules
        discussion.save()
        created.append("discussion settings: rules page")
