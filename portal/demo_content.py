"""The demo site: Enköping's long-term plan 2024-2027 and a few more articles.

All text is written for this demo from the facts of the plan (its period, its
vision and its three guiding principles); nothing is copied from published
material. Images are drawn locally with Pillow.
"""

import io

from PIL import Image as PILImage
from PIL import ImageDraw

VISION = "Tillsammans skapar vi trygghet"
ORGANISATION = "Enköpings kommun"

PRINCIPLES = [
    {
        "slug": "samhorighet",
        "name": "Samhörighet",
        "short_description": (
            "Vi bygger gemenskap mellan människor, orter och generationer."
        ),
        "body": (
            "<p>Samhörighet handlar om att alla som bor och verkar i kommunen ska "
            "känna sig delaktiga. Det gäller mötesplatser, föreningsliv och hur "
            "kommunen lyssnar på invånarna.</p>"
        ),
    },
    {
        "slug": "sjalvstandighet",
        "name": "Självständighet",
        "short_description": (
            "Vi ger människor förutsättningar att forma sina egna liv."
        ),
        "body": (
            "<p>Självständighet betyder att invånare, företag och föreningar får "
            "stöd att klara sig själva: genom utbildning, arbete och service som "
            "är lätt att använda.</p>"
        ),
    },
    {
        "slug": "stolthet",
        "name": "Stolthet",
        "short_description": (
            "Vi är stolta över vår kommun och visar vad den har att erbjuda."
        ),
        "body": (
            "<p>Stolthet växer när vi tar hand om vår miljö, vår historia och "
            "varandra, och när vi berättar om det som fungerar bra.</p>"
        ),
    },
]

ARTICLES = [
    {
        "slug": "langsiktig-plan-2024-2027",
        "title": "Kommunens långsiktiga plan för 2024–2027 är antagen",
        "lead": (
            "Visionen är \u201dTillsammans skapar vi trygghet\u201d. Tre vägledande "
            "principer – samhörighet, självständighet och stolthet – ska styra "
            "arbetet fram till 2027."
        ),
        "principles": ["samhorighet", "sjalvstandighet", "stolthet"],
        "colour": (11, 79, 138),
        "image_title": "Demo: planen 2024–2027",
        "alt": "Illustration med tre färgade cirklar som står för de tre principerna.",
        "caption": "De tre principerna hänger ihop. Illustration: kommunen.",
        "body": [
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
        ],
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
