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

from feedback.identity import email_hash
from feedback.models import CommentStatus, OfficialReply, ResidentComment
from news.models import ArticlePage, Principle
from portal import bootstrap
from portal import demo_content as demo
from portal.models import PortalSettings

# When the demo's newest article (about the plan) was published on this site;
# not a date of the plan itself.
PLAN_PUBLISHED = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


class Command(BaseCommand):
    help = (
        "Build the demo site: the page tree of bootstrap_site, then the demo's "
        "principles, articles and settings. Safe to run again: it adds what is "
        "missing and updates only what an earlier version of it wrote and "
        "nobody has edited since."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        tree = bootstrap.site_bootstrap(organisation_name=demo.ORGANISATION)
        changes = tree.created
        principles = self._principles(changes)
        for number, spec in enumerate(demo.ARTICLES):
            self._article(tree.news_index, spec, principles, number, changes)
        for number, spec in enumerate(demo.COMMENTS):
            self._comment(tree.news_index, spec, principles, number, changes)
        # The bootstrap's model statement, unedited, becomes Enköping's.
        bootstrap.replace_if_unedited(
            tree.accessibility,
            bootstrap.accessibility_statement(
                organisation=demo.ORGANISATION,
                contact=bootstrap.CONTACT_PLACEHOLDER,
                reviewed=bootstrap.REVIEWED_PLACEHOLDER,
            ),
            changes,
            body=demo.ACCESSIBILITY_BODY,
        )
        self._settings(tree.home, changes)

        if changes:
            self.stdout.write(
                f"Demo content: {len(changes)} changes: " + "; ".join(changes) + "."
            )
        else:
            self.stdout.write("Demo content: already in place, nothing changed.")

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

    def _article(self, news_index, spec, principles, number, changes):
        existing = ArticlePage.objects.child_of(news_index).filter(slug=spec["slug"])
        if existing.exists():
            if spec["slug"] == "langsiktig-plan-2024-2027":
                bootstrap.replace_if_unedited(
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

    def _comment(self, news_index, spec, principles, number, created):
        """An approved demo comment (and reply), unless it is already there.

        Written as published data directly: the demo has no resident to
        confirm it and no moderator to approve it.
        """
        article = ArticlePage.objects.child_of(news_index).get(slug=spec["article"])
        if ResidentComment.objects.filter(article=article, body=spec["body"]).exists():
            return
        address = f"exempel-{number}@example.invalid"
        written = article.first_published_at + timedelta(days=spec["days_after"])
        comment = ResidentComment.objects.create(
            article=article,
            principle=principles[spec["principle"]],
            author_name=spec["author_name"],
            author_email=address,
            email_hash=email_hash(address),
            body=spec["body"],
            status=CommentStatus.APPROVED,
            verified_at=written,
            moderated_at=written + timedelta(hours=3),
        )
        # created_at is set on insert; the demo dates it after the article.
        ResidentComment.objects.filter(pk=comment.pk).update(created_at=written)
        if spec.get("reply"):
            reply = OfficialReply.objects.create(comment=comment, body=spec["reply"])
            OfficialReply.objects.filter(pk=reply.pk).update(
                created_at=written + timedelta(days=1),
                updated_at=written + timedelta(days=1),
            )
        created.append(f"comment {number} on {spec['article']}")

    def _image(self, title, colour, changes):
        image = Image.objects.filter(title=title).first()
        if image:
            return image
        data = demo.draw_image(colour)
        image = Image(title=title)
        image.file.save("demo.png", ImageFile(io.BytesIO(data), name="demo.png"))
        changes.append(f"image {title}")
        return image

    def _settings(self, home, changes):
        portal = PortalSettings.for_site(home.get_site())
        if not portal.vision:
            portal.vision = demo.VISION
            portal.save()
            changes.append("portal settings: vision")
        if not portal.contact_email:
            portal.contact_email = demo.CONTACT_EMAIL
            portal.save()
            changes.append("portal settings: contact")
