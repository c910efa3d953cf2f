"""The demo site: pages, principles, settings and rejection reasons.

Lives in portal, the project that puts news and feedback together, because it
fills both apps (news and feedback depend on nothing above them).
"""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images.models import Image

from news.models import ArticlePage, Principle
from portal import demo_content as demo
from portal.bootstrap import site_bootstrap
from portal.models import PortalSettings

PLAN_PUBLISHED = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


class Command(BaseCommand):
    help = (
        "Build the demo site: the page tree of bootstrap_site, then the demo's "
        "principles, articles and settings. "
        "Safe to run again: it only adds what is missing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        tree = site_bootstrap(organisation_name=demo.ORGANISATION)
        created = tree.created
        principles = self._principles(created)
        for number, spec in enumerate(demo.ARTICLES):
            self._article(tree.news_index, spec, principles, number, created)
        self._settings(tree.home, created)

        if created:
            self.stdout.write(f"Demo content: created {len(created)} objects.")
        else:
            self.stdout.write("Demo content: already in place, nothing changed.")

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

    def _settings(self, home, created):
        portal = PortalSettings.for_site(home.get_site())
        if not portal.vision:
            portal.vision = demo.VISION
            portal.save()
            created.append("portal settings: vision")
