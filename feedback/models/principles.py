from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class PrincipleQuerySet(models.QuerySet):
    def live(self):
        return self.filter(is_live=True)


class Principle(index.Indexed, models.Model):
    """A guiding principle that articles concern and every comment names."""

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
        return reverse("feedback:principle_detail", kwargs={"slug": self.slug})
