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

from feedback.models import DiscussionSettings, Principle, RejectionReason
from news import demo_content as demo
from news.models import ArticlePage, HomePage, NewsIndexPage, StandardPage
from portal.models import PortalSettings

# When the demo's newest article (about the plan) was published on this site;
# not a date of the plan itself.
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
        "Safe to run again: it adds what is missing and updates only what an "
        "earlier version of it wrote and nobody has edited since."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        changes = []
        home = self._home(changes)
        self._site(home, changes)
        principles = self._principles(changes)
        news_index = self._child(
            home,
            NewsIndexPage,
            changes,
            slug="nyheter",
            title="Nyheter",
            intro="Nyheter från kommunen. Du kan kommentera varje nyhet.",
        )
        for number, spec in enumerate(demo.ARTICLES):
            self._article(news_index, spec, principles, number, changes)
        privacy = self._child(
            home,
            StandardPage,
            changes,
            slug="personuppgifter",
            title="Så hanterar vi personuppgifter",
            body=demo.PRIVACY_BODY,
        )
        accessibility = self._child(
            home,
            StandardPage,
            changes,
            slug="tillganglighet",
            title="Tillgänglighetsredogörelse",
            body=demo.ACCESSIBILITY_BODY,
        )
        self._replace_retired(
            accessibility,
            demo.RETIRED_ACCESSIBILITY_BODY,
            changes,
            body=demo.ACCESSIBILITY_BODY,
        )
        rules = self._child(
            home,
            StandardPage,
            changes,
            slug="regler-for-kommentarer",
            title="Regler för kommentarer",
            body=demo.RULES_BODY,
        )
        self._settings(home, privacy, accessibility, changes)
        self._discussion_settings(home, rules, changes)
        for order, text in enumerate(REJECTION_REASONS):
            _, made = RejectionReason.objects.get_or_create(
                text=text, defaults={"sort_order": order}
            )
            if made:
                changes.append(f"rejection reason {text!r}")

        if changes:
            self.stdout.write(
                f"Demo content: {len(changes)} changes: " + "; ".join(changes) + "."
            )
        else:
            self.stdout.write("Demo content: already in place, nothing changed.")

    def _home(self, changes):
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
        changes.append("home page")
        return home

    def _site(self, home, changes):
        """Point the default site at PORTAL_BASE_URL, on every run.

        Full URLs (sitemap, "view live") are built from the site's host and
        port; in development the base URL follows the port the server runs
        on (make run PORT=...), so the site follows it too.
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
                site_name=demo.ORGANISATION,
                root_page=home,
                **wanted,
            )
            changes.append("site")
        elif (site.hostname, site.port) != (wanted["hostname"], wanted["port"]):
            # save(), not update(): Wagtail's cache of site root paths is
            # cleared by the save signal.
            site.hostname, site.port = wanted["hostname"], wanted["port"]
            site.save()
            changes.append(f"site address {wanted['hostname']}:{wanted['port']}")

    def _principles(self, changes):
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
                changes.append(f"principle {principle.name}")
            elif principle.body == demo.RETIRED_PRINCIPLE_BODIES.get(spec["slug"]):
                # An earlier demo's text that nobody has edited: bring it up
                # to date.
                principle.short_description = spec["short_description"]
                principle.body = spec["body"]
                principle.save(update_fields=["short_description", "body"])
                changes.append(f"principle {principle.name} brought up to date")
            principles[spec["slug"]] = principle
        return principles

    def _child(self, parent, model, changes, *, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        changes.append(f"{model.__name__} {slug}")
        return page

    def _article(self, news_index, spec, principles, number, changes):
        existing = ArticlePage.objects.child_of(news_index).filter(slug=spec["slug"])
        if existing.exists():
            if spec["slug"] == "langsiktig-plan-2024-2027":
                self._replace_retired(
                    existing.get(),
                    demo.RETIRED_PLAN_BODY,
                    changes,
                    title=spec["title"],
                    draft_title=spec["title"],
                    lead=spec["lead"],
                    hero_alt_text=spec["alt"],
                    hero_caption=spec["caption"],
                    body=spec["body"],
                )
            return
        image = self._image(spec["image_title"], spec["colour"], changes)
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
        changes.append(f"article {spec['slug']}")

    def _image(self, title, colour, changes):
        image = Image.objects.filter(title=title).first()
        if image:
            return image
        data = demo.draw_image(colour)
        image = Image(title=title)
        image.file.save("demo.png", ImageFile(io.BytesIO(data), name="demo.png"))
        changes.append(f"image {title}")
        return image

    def _settings(self, home, privacy, accessibility, changes):
        site = home.get_site()
        portal = PortalSettings.for_site(site)
        if not portal.vision:
            portal.organisation_name = demo.ORGANISATION
            portal.vision = demo.VISION
            portal.privacy_page = privacy
            portal.save()
            changes.append("portal settings")
        # Added after the first demo databases were made: filled in if empty.
        if portal.accessibility_page_id is None:
            portal.accessibility_page = accessibility
            portal.contact_email = portal.contact_email or demo.CONTACT_EMAIL
            portal.save()
            changes.append("accessibility statement in the footer")

    def _replace_retired(self, page, retired_body, changes, **fields):
        """Bring a page an earlier demo wrote up to date, unless it was edited.

        Only a page whose body is still exactly what an earlier version of
        this command wrote is changed, with a new published revision.
        """
        current = [(block["type"], block["value"]) for block in page.body.raw_data]
        if current != [(kind, value) for kind, value in retired_body]:
            return
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        changes.append(f"{type(page).__name__} {page.slug} brought up to date")

    def _discussion_settings(self, home, rules, changes):
        discussion = DiscussionSettings.for_site(home.get_site())
        if discussion.rules_page_id is None:
            discussion.rules_page = rules
            discussion.save()
            changes.append("discussion rules page")
