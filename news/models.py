from datetime import timedelta

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from .blocks import ArticleBodyBlock

NEWS_PER_PAGE = 10


class PrincipleQuerySet(models.QuerySet):
    def live(self):
        return self.filter(is_live=True)


class Principle(index.Indexed, models.Model):
    """A guiding principle that articles concern and every comment names.

    Content, like the vision: editors tag articles with principles, and
    feedback files each comment under one. Owned by news so that news depends
    on nothing above it (docs/decisions/0004-principle-belongs-to-news.md);
    ``moderator_groups`` is read only by ``feedback.permissions``.
    """

    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    short_description = models.CharField(_("kort beskrivning"), max_length=255)
    body = RichTextField(_("längre text"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_live = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Bara aktiva principer kan väljas när invånare kommenterar."),
    )
    moderator_groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("moderatorgrupper"),
        blank=True,
        related_name="moderated_principles",
        help_text=_("Grupperna som modererar kommentarer om principen."),
    )

    objects = PrincipleQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_description"),
        FieldPanel("body"),
        FieldPanel("sort_order"),
        FieldPanel("is_live"),
        FieldPanel("moderator_groups"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_description"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("princip")
        verbose_name_plural = _("principer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The public page lists the principle's comments, so feedback serves
        # it; its URL name is the one thing news knows of feedback.
        return reverse("feedback:principle_detail", kwargs={"slug": self.slug})


class HomePage(Page):
    """The start page: the vision, the latest news and the principles."""

    intro = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage", "news.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startsida")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = ArticlePage.objects.latest_for_listing()[:5]
        context["principles"] = Principle.objects.live()
        context["news_index"] = NewsIndexPage.objects.live().first()
        return context


class NewsIndexPage(Page):
    """The list of news articles, newest first, paginated."""

    intro = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("nyhetslista")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.latest_for_listing().child_of(self)
        page_obj = Paginator(articles, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["articles"] = page_obj.object_list
        return context


class ArticlePageQuerySet(PageQuerySet):
    def latest_for_listing(self):
        """Live articles, newest first, with what a listing shows."""
        return (
            self.live()
            .public()
            .order_by("-first_published_at", "-pk")
            .select_related("hero_image")
            .prefetch_related("principles")
        )


class ArticlePage(Page):
    """A news article, tagged with the principles it concerns."""

    lead = models.TextField(_("ingress"), max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("huvudbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt_text = models.CharField(
        _("alternativtext för huvudbilden"),
        max_length=255,
        blank=True,
        help_text=_("Beskriv bilden för den som inte ser den."),
    )
    hero_caption = models.CharField(_("bildtext"), max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("brödtext"), blank=True)
    principles = ParentalManyToManyField(
        "news.Principle",
        verbose_name=_("principer"),
        blank=True,
        related_name="articles",
    )
    comments_open = models.BooleanField(_("öppen för kommentarer"), default=True)
    comments_close_at = models.DateTimeField(
        _("kommentarer stängs"),
        null=True,
        blank=True,
        help_text=_("Tomt: enligt diskussionsreglerna."),
    )

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt_text"),
                FieldPanel("hero_caption"),
            ],
            heading=_("Huvudbild"),
        ),
        FieldPanel("body"),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("comments_open"), FieldPanel("comments_close_at")],
            heading=_("Kommentarer"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.RelatedFields("principles", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("nyhetsartikel")
        verbose_name_plural = _("nyhetsartiklar")

    @property
    def published_date(self):
        return self.first_published_at or self.latest_revision_created_at

    def comments_closing_time(self, discussion_settings=None):
        """When comments close: the article's own date, else the site rule."""
        if self.comments_close_at:
            return self.comments_close_at
        days = getattr(discussion_settings, "close_after_days", None)
        if days and self.first_published_at:
            return self.first_published_at + timedelta(days=days)
        return None

    def accepts_comments(self, discussion_settings=None, *, now=None) -> bool:
        if not self.comments_open or not self.live:
            return False
        closing = self.comments_closing_time(discussion_settings)
        return closing is None or (now or timezone.now()) < closing


class StandardPage(Page):
    """A plain page: about the site, privacy, accessibility statement."""

    body = StreamField(ArticleBodyBlock(), verbose_name=_("brödtext"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["news.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("informationssida")
