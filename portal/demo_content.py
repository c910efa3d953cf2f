"""The demo site: Enköping's long-term plan 2024-2027 and a few more articles.

The plan article and the principle pages are written for this demo, in our
own words, from the plan's facts: the period 2024–2027; its presentation at
a chefsdag at Kompassen in October 2023 before 160 of the municipality's
managers; the overall målbild "Tillsammans skapar vi trygghet" and what it
means; the three ledord and what each covers. Nothing is quoted and no
adoption date is claimed. The full plan is on the municipality's site (its
page for the plan could not be confirmed, so the link is to enkoping.se).
Images are drawn locally with Pillow.
"""

import io

from PIL import Image as PILImage
from PIL import ImageDraw

from portal.bootstrap import accessibility_statement

VISION = "Tillsammans skapar vi trygghet"
ORGANISATION = "Enköpings kommun"
MUNICIPALITY_SITE = "https://enkoping.se/"

PRINCIPLES = [
    {
        "slug": "samhorighet",
        "name": "Samhörighet",
        "short_description": (
            "Social sammanhållning och tillit: vi samverkar, är delaktiga och "
            "håller besluten öppna."
        ),
        "body": (
            "<p>Samhörighet är ett av de tre ledorden i kommunens långsiktiga "
            "plan för 2024–2027. Det står för social sammanhållning och för "
            "tillit mellan människor.</p>"
            "<p>Det handlar om samverkan, mellan människor, i föreningslivet "
            "och mellan invånarna och kommunen, och om att alla ska kunna vara "
            "delaktiga i det som rör dem. Öppenhet och transparens gör att alla "
            "kan följa besluten och påverka dem. Ledordet knyter också an till "
            "Agenda 2030, FN:s mål för en hållbar utveckling.</p>"
        ),
    },
    {
        "slug": "sjalvstandighet",
        "name": "Självständighet",
        "short_description": (
            "Ett självständigt och aktivt liv för alla, med barn och unga först."
        ),
        "body": (
            "<p>Självständighet är ett av de tre ledorden i kommunens "
            "långsiktiga plan för 2024–2027. Målet är att alla ska kunna leva "
            "ett självständigt och aktivt liv.</p>"
            "<p>Barn och unga kommer först. Kommunen satsar på förebyggande "
            "arbete, som möter behov innan de hinner växa, och på "
            "välfärdsteknik: digitala hjälpmedel som gör det lättare att klara "
            "vardagen på egen hand.</p>"
        ),
    },
    {
        "slug": "stolthet",
        "name": "Stolthet",
        "short_description": (
            "Medarbetare och invånare som ambassadörer för ett företagarvänligt "
            "Enköping."
        ),
        "body": (
            "<p>Stolthet är ett av de tre ledorden i kommunens långsiktiga plan "
            "för 2024–2027. Det handlar om att medarbetare och invånare ska "
            "vara stolta över Enköping och vilja vara kommunens "
            "ambassadörer.</p>"
            "<p>Då behövs en trovärdig kommunikation som ligger nära dem som "
            "fattar besluten. Till ledordet hör också ett företagarvänligt "
            "Enköping och upplevelser som vi delar med varandra.</p>"
        ),
    },
]

PLAN_BODY = [
    (
        "paragraph",
        "<p>Enköpings kommun har en långsiktig plan för åren 2024–2027. Den "
        "presenterades i oktober 2023, när 160 av kommunens chefer samlades "
        "till en chefsdag på Kompassen. Planen beskriver vart kommunen vill "
        "komma och vad som ska vägleda arbetet under perioden.</p>",
    ),
    ("heading", {"text": "Målbilden: tillsammans skapar vi trygghet", "level": "h2"}),
    (
        "paragraph",
        "<p>Planens övergripande målbild är \u201dTillsammans skapar vi "
        "trygghet\u201d. Tanken är att människor som känner sig trygga också "
        "visar tillit, ställer upp för varandra och är med och bygger en "
        "hållbar framtid.</p>"
        "<p>Att vara trygg betyder här att kunna räkna med stöd när man "
        "behöver det, hela livet, att slippa oroa sig för olyckor och brott "
        "och att leva i ett samhälle som fungerar. Tryggheten växer när var och "
        "en kan leva ett självständigt liv och samtidigt känna samhörighet "
        "och stolthet, i ett sammanhang där alla räknas lika och får vara "
        "med.</p>",
    ),
    ("heading", {"text": "Tre ledord visar vägen", "level": "h2"}),
    (
        "paragraph",
        "<p>Till målbilden hör tre ledord: samhörighet, självständighet och "
        "stolthet. De ska vägleda kommunens arbete under hela perioden.</p>",
    ),
    ("heading", {"text": "Samhörighet", "level": "h3"}),
    (
        "paragraph",
        "<p>Samhörighet står för social sammanhållning och tillit mellan "
        "människor. Tryggheten blir större när vi gör saker tillsammans och "
        "alla får vara med och påverka den miljö vi delar. Kommunen vill "
        "arbeta öppet och transparent, så att alla kan följa och påverka "
        "besluten, och knyter arbetet till Agenda 2030.</p>",
    ),
    ("heading", {"text": "Självständighet", "level": "h3"}),
    (
        "paragraph",
        "<p>Självständighet betyder att alla ska kunna leva ett självständigt "
        "och aktivt liv, och barn och unga kommer först. Förebyggande arbete "
        "ska möta behov tidigt, och välfärdsteknik ska göra det lättare att "
        "klara vardagen på egen hand.</p>",
    ),
    ("heading", {"text": "Stolthet", "level": "h3"}),
    (
        "paragraph",
        "<p>Stolthet handlar om att medarbetare och invånare ska vilja vara "
        "ambassadörer för Enköping. Det kräver trovärdig kommunikation som "
        "ligger nära dem som fattar besluten. Hit hör också ett "
        "företagarvänligt Enköping och upplevelser som vi delar.</p>",
    ),
    ("heading", {"text": "Läs hela planen", "level": "h2"}),
    (
        "paragraph",
        "<p>Hela planen finns på Enköpings kommuns webbplats, "
        f'<a href="{MUNICIPALITY_SITE}">enkoping.se</a>.</p>',
    ),
    ("heading", {"text": "Vad tycker du?", "level": "h2"}),
    (
        "paragraph",
        "<p>Skriv en kommentar nedan och välj vilket ledord den handlar om. "
        "En moderator läser alla kommentarer innan de publiceras.</p>",
    ),
]

ARTICLES = [
    {
        "slug": "langsiktig-plan-2024-2027",
        "title": "Tillsammans skapar vi trygghet: kommunens plan för 2024–2027",
        "lead": (
            "Trygghet är målbilden i kommunens långsiktiga plan för 2024–2027. "
            "Tre ledord, samhörighet, självständighet och stolthet, visar "
            "vägen dit. Här är vad de står för."
        ),
        "principles": ["samhorighet", "sjalvstandighet", "stolthet"],
        "colour": (11, 79, 138),
        "image_title": "Demo: planen 2024–2027",
        "alt": "Illustration med tre cirklar i olika färger, en för varje ledord.",
        "caption": "Samhörighet, självständighet och stolthet hör ihop.",
        "body": PLAN_BODY,
    },
    {
        "slug": "nya-motesplatser-i-kommunens-orter",
        "title": "Nya mötesplatser ska öppna i kommunens orter",
        "lead": "Under nästa år provar kommunen öppna mötesplatser i biblioteken.",
        "principles": ["samhorighet"],
        "colour": (29, 107, 47),
        "image_title": "Demo: mötesplatser",
        "alt": "Illustration av ett bord med stolar runt omkring.",
        "caption": "",
        "body": [
            (
                "paragraph",
                "<p>Biblioteken får kvällsöppet en dag i veckan med "
                "plats för föreningar, läxhjälp och samtal med politiker.</p>",
            ),
        ],
    },
    {
        "slug": "digital-service-for-foretagare",
        "title": "Enklare digital service för företagare",
        "lead": "Fler ärenden kan nu skötas på webben, när det passar företagaren.",
        "principles": ["sjalvstandighet"],
        "colour": (122, 82, 0),
        "image_title": "Demo: digital service",
        "alt": "Illustration av en skärm med ett formulär.",
        "caption": "",
        "body": [
            (
                "paragraph",
                "<p>Ansökningar om serveringstillstånd och skyltlov "
                "kan nu lämnas digitalt och följas under handläggningen.</p>",
            ),
        ],
    },
    {
        "slug": "kulturarvsdagen",
        "title": "Kulturarvsdagen lockade många besökare",
        "lead": "Guidade turer visade kommunens historia för stora och små.",
        "principles": ["stolthet", "samhorighet"],
        "colour": (120, 30, 90),
        "image_title": "Demo: kulturarvsdagen",
        "alt": "Illustration av en kyrka och en gammal bro.",
        "caption": "",
        "body": [
            (
                "paragraph",
                "<p>Över tusen personer deltog i visningarna av gamla "
                "byggnader och platser under kulturarvsdagen.</p>",
            ),
        ],
    },
]

# Enköpings kommun's statement under the DOS law: the bootstrap's model
# statement (portal.bootstrap) with the municipality's public contact details,
# which the municipality keeps current, and the date of the assessment.
CONTACT_EMAIL = "kommunen@enkoping.se"
CONTACT_PHONE = "0171-62 50 00"
ACCESSIBILITY_REVIEWED = "30 november 2026"
ACCESSIBILITY_BODY = accessibility_statement(
    organisation=ORGANISATION,
    contact=(
        f'på e-post <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> '
        f"eller telefon {CONTACT_PHONE}"
    ),
    reviewed=ACCESSIBILITY_REVIEWED,
)

# What earlier versions of the demo wrote, for the loader to replace where
# nobody has edited it since.
RETIRED_PLAN_BODY = [
    (
        "paragraph",
        "<p>Kommunfullmäktige har antagit en långsiktig plan för "
        "perioden 2024–2027. Planen beskriver vart kommunen är på väg och "
        "vad som ska prägla besluten under mandatperioden.</p>",
    ),
    ("heading", {"text": "En vision om trygghet", "level": "h2"}),
    (
        "paragraph",
        "<p>Visionen \u201dTillsammans skapar vi trygghet\u201d "
        "betonar att trygghet inte är något kommunen kan skapa ensam. Den "
        "växer fram när invånare, företag, föreningar och kommunen tar "
        "ansvar tillsammans.</p>",
    ),
    ("heading", {"text": "Tre vägledande principer", "level": "h2"}),
    (
        "paragraph",
        "<ul><li><b>Samhörighet</b> – gemenskap mellan "
        "människor och orter.</li><li><b>Självständighet</b> – "
        "förutsättningar att forma sitt eget liv.</li><li><b>Stolthet</b> "
        "– att vara stolt över kommunen och visa den.</li></ul>",
    ),
    (
        "quote",
        {
            "text": "Trygghet bygger vi bäst tillsammans, i vardagen.",
            "attribution": "Kommunstyrelsens ordförande",
        },
    ),
    (
        "paragraph",
        "<p>Vad tycker du? Lämna en synpunkt nedan och ange "
        "vilken princip den gäller.</p>",
    ),
]

RETIRED_PRINCIPLE_BODIES = {
    "samhorighet": (
        "<p>Samhörighet handlar om att alla som bor och verkar i kommunen ska "
        "känna sig delaktiga. Det gäller mötesplatser, föreningsliv och hur "
        "kommunen lyssnar på invånarna.</p>"
    ),
    "sjalvstandighet": (
        "<p>Självständighet betyder att invånare, företag och föreningar får "
        "stöd att klara sig själva: genom utbildning, arbete och service som "
        "är lätt att använda.</p>"
    ),
    "stolthet": (
        "<p>Stolthet växer när vi tar hand om vår miljö, vår historia och "
        "varandra, och när vi berättar om det som fungerar bra.</p>"
    ),
}


def draw_image(colour: tuple[int, int, int], size=(1200, 675)) -> bytes:
    """A simple, deterministic illustration: a background and three circles."""
    image = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    radius = height // 4
    for index, tint in enumerate(((255, 255, 255), (245, 200, 80), (200, 230, 255))):
        cx = width // 4 * (index + 1)
        cy = height // 2 + (index - 1) * radius // 3
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=tint)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# Approved comments, so that the article pages, the feeds and the open-data
# API have something to show. Invented people, marked as examples; the
# addresses use the reserved .invalid domain and are never shown anyway.
COMMENTS = [
    {
        "article": "langsiktig-plan-2024-2027",
        "principle": "samhorighet",
        "author_name": "Karin (exempel)",
        "body": (
            "Bra att planen lyfter mötesplatser. I vår by finns ingen lokal där "
            "föreningarna kan ses på kvällarna – kan kommunen hjälpa till?"
        ),
        "days_after": 1,
        "reply": (
            "Tack för synpunkten! Kommunen ser över hur skolornas lokaler kan "
            "lånas ut till föreningar på kvällstid. Vi återkommer i vår."
        ),
    },
    {
        "article": "langsiktig-plan-2024-2027",
        "principle": "stolthet",
        "author_name": "Ahmed (exempel)",
        "body": "Visionen om trygghet känns rätt. Fler gatlampor på cykelvägarna!",
        "days_after": 2,
    },
    {
        "article": "nya-motesplatser-i-kommunens-orter",
        "principle": "samhorighet",
        "author_name": "Lena (exempel)",
        "body": ("Öppettiderna borde passa dem som arbetar dagtid.\nHelger vore bra."),
        "days_after": 3,
        "reply": "Vi provar helgöppet på två av mötesplatserna under våren.",
    },
    {
        "article": "digital-service-for-foretagare",
        "principle": "sjalvstandighet",
        "author_name": "Företagaren Per (exempel)",
        "body": "Skönt att slippa pappersblanketter. Går det att spara ett utkast?",
        "days_after": 1,
    },
]
