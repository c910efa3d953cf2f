"""factory_boy factories; page factories add pages to the tree and publish them."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from feedback.identity import email_hash
from feedback.models import CommentStatus, ResidentComment
from news.models import ArticlePage, HomePage, NewsIndexPage, Principle


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("password-for-tests")


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Princip {n}")
    slug = factory.Sequence(lambda n: f"princip-{n}")
    short_description = factory.LazyAttribute(lambda o: f"Om {o.name}.")
    sort_order = factory.Sequence(int)


class PageFactory(factory.Factory):
    """Base for page factories: `parent` is required; the page is published."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Sida {n}")
    slug = factory.LazyAttribute(lambda o: factory.Faker._get_faker().slug(o.title))

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        principles = kwargs.pop("principles", None)
        kwargs.setdefault("live", publish)
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        if principles is not None:
            page.principles.set(principles)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Startsida"
    slug = "start"
    intro = "Välkommen."


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Nyheter"
    slug = "nyheter"


class ArticlePageFactory(PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Nyhet nummer {n}")
    slug = factory.Sequence(lambda n: f"nyhet-{n}")
    lead = "En kort ingress om nyheten."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Brödtext om nyheten.</p>")])
    first_published_at = factory.LazyFunction(timezone.now)


def make_site() -> tuple[HomePage, NewsIndexPage]:
    """Replace Wagtail's welcome page with our home page and a news index."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    news_index = NewsIndexPageFactory(parent=home)
    return home, news_index


class ResidentCommentFactory(factory.django.DjangoModelFactory):
    """A comment in any status; `article` and `principle` are required."""

    class Meta:
        model = ResidentComment

    author_name = factory.Sequence(lambda n: f"Invånare {n}")
    author_email = factory.Sequence(lambda n: f"invanare{n}@example.se")
    email_hash = factory.LazyAttribute(lambda o: email_hash(o.author_email))
    body = "En synpunkt om planen."
    status = CommentStatus.PENDING
    verified_at = factory.LazyAttribute(
        lambda o: None if o.status == CommentStatus.UNVERIFIED else timezone.now()
    )


def comment_form_data(chosen_principle, /, **overrides) -> dict:
    """POST data for the article page's comment form, as a person would send it.

    The signed start time is a minute old, so the minimum fill time is passed.
    """
    import time

    from feedback.spam import sign_started_at

    data = {
        "author_name": "Anna Andersson",
        "author_email": "anna@example.se",
        "body": "Bra att planen tar upp trygghet i skolan.",
        "principle": str(chosen_principle.pk),
        "webbplats": "",
        "started": sign_started_at(time.time() - 60),
    }
    data.update(overrides)
    return data
