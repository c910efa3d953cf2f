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

# The municipality's statement under the DOS law (lagen om tillgänglighet
# till digital offentlig service), in the parts Digg asks for: who stands
# behind the site, its compliance, what is not accessible, how to report,
# Digg's supervision, how and when it was assessed. The contact details are
# Enköpings kommun's public ones; the municipality keeps them current.
CONTACT_EMAIL = "kommunen@enkoping.se"
CONTACT_PHONE = "0171-62 50 00"
ACCESSIBILITY_REVIEWED = "30 november 2026"

ACCESSIBILITY_BODY = [
    (
        "paragraph",
        "<p>Enköpings kommun står bakom den här webbplatsen, där kommunen "
        "publicerar nyheter och tar emot kommentarer om dem. Vi vill att så "
        "många som möjligt ska kunna använda webbplatsen. Här beskriver vi hur "
        "den uppfyller lagen om tillgänglighet till digital offentlig service, "
        "vilka brister vi känner till och hur du kan rapportera problem till "
        "oss, så att vi kan rätta dem.</p>",
    ),
    ("heading", {"text": "Hur tillgänglig är webbplatsen?", "level": "h2"}),
    (
        "paragraph",
        "<p>Webbplatsen är <b>delvis förenlig</b> med lagen om tillgänglighet "
        "till digital offentlig service, på grund av de brister som beskrivs "
        "längre ner på sidan.</p>"
        "<p>Det här fungerar på hela den publika webbplatsen:</p>"
        "<ul>"
        "<li>Allt går att använda med bara tangentbord, och det som har fokus "
        "syns tydligt.</li>"
        "<li>Sidorna har rubriker och landmärken, och en länk för att hoppa "
        "direkt till innehållet.</li>"
        "<li>Text och bakgrund har tillräcklig kontrast.</li>"
        "<li>Sidorna fungerar i smala fönster, till exempel på en mobil, och "
        "när du förstorar texten.</li>"
        "<li>Fälten i kommentarsformuläret har etiketter, och felmeddelanden "
        "visas vid sina fält och samlas överst i formuläret.</li>"
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
        f'kontakta oss på e-post <a href="mailto:{CONTACT_EMAIL}">'
        f"{CONTACT_EMAIL}</a> eller telefon {CONTACT_PHONE}.</p>",
    ),
    (
        "heading",
        {"text": "Rapportera brister i webbplatsens tillgänglighet", "level": "h2"},
    ),
    (
        "paragraph",
        "<p>Vi arbetar hela tiden med att göra webbplatsen mer tillgänglig. "
        "Upptäcker du problem som inte står på den här sidan, eller tycker du "
        "att vi inte uppfyller lagens krav, vill vi gärna veta det. Skriv till "
        f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> eller ring '
        f"{CONTACT_PHONE}. Berätta gärna vilken sida det gäller, vad som inte "
        "fungerade och vilken webbläsare och vilka hjälpmedel du "
        "använder.</p>",
    ),
    ("heading", {"text": "Tillsyn", "level": "h2"}),
    (
        "paragraph",
        "<p>Myndigheten för digital förvaltning (Digg) har tillsyn över lagen "
        "om tillgänglighet till digital offentlig service. Är du inte nöjd med "
        "hur vi tar hand om dina synpunkter kan du kontakta Digg och påtala "
        'det: <a href="https://www.digg.se/tdosanmalan">anmäl bristande '
        "tillgänglighet till Digg</a>. Mer om lagen finns på "
        '<a href="https://www.digg.se/">digg.se</a>.</p>',
    ),
    (
        "heading",
        {"text": "Teknisk information om webbplatsens tillgänglighet", "level": "h2"},
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
        "<li>Kommentarer från invånare är märkta som svenska. En kommentar på "
        "ett annat språk kan därför läsas upp med fel uttal av en skärmläsare "
        "(WCAG 2.1, kriterium 3.1.2 Språk för del).</li>"
        "<li>När kontrollen mot robotar i kommentarsformuläret är påslagen "
        "kommer den från Google (reCAPTCHA). Den kan be dig lösa en "
        "bilduppgift; det finns ett ljudalternativ, men uppgiften kan vara svår "
        "att klara med skärmläsare eller nedsatt syn (WCAG 2.1, kriterium "
        "1.1.1 Icke-textinnehåll). Kontakta oss i stället, så tar vi emot din "
        "kommentar på annat sätt.</li>"
        "<li>Verktyget där kommunens medarbetare skriver nyheter och granskar "
        "kommentarer är en färdig produkt (Wagtail). Vi har testat de delar vi "
        "själva har byggt, men inte hela verktyget.</li>"
        "</ul>",
    ),
    (
        "heading",
        {"text": "Oskäligt betungande anpassning", "level": "h3"},
    ),
    (
        "paragraph",
        "<p>Vi undantar inget innehåll med hänvisning till att en anpassning "
        "skulle vara oskäligt betungande.</p>",
    ),
    (
        "heading",
        {"text": "Innehåll som inte omfattas av lagkraven", "level": "h3"},
    ),
    (
        "paragraph",
        "<p>Vi känner inte till något innehåll på webbplatsen som faller "
        "utanför lagens krav.</p>",
    ),
    ("heading", {"text": "Hur vi testat webbplatsen", "level": "h2"}),
    (
        "paragraph",
        "<p>Vi har gjort en självskattning (intern testning) av webbplatsen. "
        "Varje ändring testas automatiskt i en riktig webbläsare med verktyget "
        "axe och reglerna för WCAG 2.1 på nivå A och AA. Vi har också gått "
        "igenom sidorna med bara tangentbord och i ett fönster som är lika "
        "smalt som en mobil.</p>"
        f"<p>Senaste bedömningen gjordes den {ACCESSIBILITY_REVIEWED}.</p>"
        f"<p>Redogörelsen uppdaterades senast den {ACCESSIBILITY_REVIEWED}.</p>",
    ),
]

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

RETIRED_ACCESSIBILITY_BODY = [
    (
        "paragraph",
        "<p>Kommunen vill att så många som möjligt ska kunna använda "
        "webbplatsen. Den följer WCAG 2.1 på nivå AA och testas automatiskt i en "
        "riktig webbläsare. Hittar du brister får du gärna kontakta oss.</p>",
    ),
]


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
