"""The demo site: pages, principles, settings and rejection reasons.

Lives in portal, the project that puts news and feedback together, because it
fills both apps (news and feedback depend on nothing above them).
"""

import io
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images.models import Image
from wagtail.models import Page, Site

from feedback.models import DiscussionSettings, RejectionReason
from news.models import ArticlePage, HomePage, NewsIndexPage, Principle, StandardPage
from portal import demo_content as demo
from portal.models import PortalSettings

PLAN_PUBLISHED = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))

REJECTION_REASONS = [
    "Personangrepp eller kränkande språk",
    "Handlar inte om artikeln",
    "Innehåller personuppgifter om någon annan",
    "Reklam eller marknadsföring",
]


class Command(BaseCommand):
    help = (
        "Build the demo site tree and content. "
        "Safe to run again: it only adds what is missing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        created = []
        home = self._home(created)
        principles = self._principles(created)
        news_index = self._child(
            home,
            NewsIndexPage,
            created,
            slug="nyheter",
            title="Nyheter",
            intro="Nyheter från kommunen. Du kan kommentera varje nyhet.",
        )
        for number, spec in enumerate(demo.ARTICLES):
            self._article(news_index, spec, principles, number, created)
        privacy = self._child(
            home,
            StandardPage,
            created,
            slug="personuppgifter",
            title="Så hanterar vi personuppgifter",
            body=demo.PRIVACY_BODY,
        )
        self._child(
            home,
            StandardPage,
            created,
            slug="tillganglighet",
            title="Tillgänglighetsredogörelse",
            body=demo.ACCESSIBILITY_BODY,
        )
        self._settings(home, privacy, created)
        for order, text in enumerate(REJECTION_REASONS):
            _, made = RejectionReason.objects.get_or_create(
                text=text, defaults={"sort_order": order}
            )
            if made:
                created.append(f"rejection reason {text!r}")

        if created:
            self.stdout.write(f"Demo content: created {len(created)} objects.")
        else:
            self.stdout.write("Demo content: already in place, nothing changed.")

    def _home(self, created):
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
                "Här berättar kommunen vad som händer, och här kan du säga vad "
                "du tycker."
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
                "site_name": demo.ORGANISATION,
                "root_page": home,
            },
        )
        created.append("home page")
        return home

    def _principles(self, created):
        principles = {}
        for order, spec in enumerate(demo.PRINCIPLES):
            principle, made = Principle.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"],
                    "short_description": spec["short_description"],
                    "body": spec["body"],
                    "sort_order": order,
                },
            )
            if made:
                created.append(f"principle {principle.name}")
            principles[spec["slug"]] = principle
        return principles

    def _child(self, parent, model, created, *, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        created.append(f"{model.__name__} {slug}")
        return page

    def _article(self, news_index, spec, principles, number, created):
        if ArticlePage.objects.child_of(news_index).filter(slug=spec["slug"]).exists():
            return
        image = self._image(spec["image_title"], spec["colour"], created)
        article = ArticlePage(
            slug=spec["slug"],
            title=spec["title"],
            lead=spec["lead"],
            hero_image=image,
            hero_alt_text=spec["alt"],
            hero_caption=spec["caption"],
            body=spec["body"],
            # The plan article is the newest; the others go back a week each.
            first_published_at=PLAN_PUBLISHED - timedelta(weeks=number),
        )
        news_index.add_child(instance=article)
        article.principles.set([principles[slug] for slug in spec["principles"]])
        article.save_revision().publish()
        created.append(f"article {spec['slug']}")

    def _image(self, title, colour, created):
        image = Image.objects.filter(title=title).first()
        if image:
            return image
        data = demo.draw_image(colour)
        image = Image(title=title)
        image.file.save("demo.png", ImageFile(io.BytesIO(data), name="demo.png"))
        created.append(f"image {title}")
        return image

    def _settings(self, home, privacy, created):
        site = home.get_site()
        portal = PortalSettings.for_site(site)
        if not portal.vision:
            portal.organisation_name = demo.ORGANISATION
            portal.vision = demo.VISION
            portal.privacy_page = privacy
            portal.save()
            created.append("portal settings")
        DiscussionSettings.for_site(site)
