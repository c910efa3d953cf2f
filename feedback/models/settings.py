from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="comment")
class DiscussionSettings(BaseSiteSetting):
    """The discussion rules an administrator edits in the admin."""

    # The comment form links the rules page: fetched with the settings.
    select_related = ["rules_page"]

    class NotifyMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Direkt")
        DIGEST = "digest", _("Sammanfattning")
        OFF = "off", _("Av")

    comments_open_by_default = models.BooleanField(
        _("kommentarer öppna som standard"), default=True
    )
    close_after_days = models.PositiveIntegerField(
        _("stäng kommentarer efter antal dagar"),
        null=True,
        blank=True,
        help_text=_("Tomt: stängs inte automatiskt."),
    )
    verification_expiry_hours = models.PositiveIntegerField(
        _("bekräftelselänken gäller (timmar)"), default=48
    )
    rules_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida med reglerna för kommentarer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Länkas från kommentarsformuläret, sidorna där kommentaren "
            "bekräftas och e-posten när en kommentar inte publiceras."
        ),
    )
    max_links = models.PositiveSmallIntegerField(
        _("högsta antal länkar innan kommentaren flaggas"), default=2
    )
    blocked_words = models.TextField(
        _("blockerade ord"),
        blank=True,
        help_text=_("Ett ord eller uttryck per rad. Gör kommentaren till skräppost."),
    )
    suspect_words = models.TextField(
        _("misstänkta ord"),
        blank=True,
        help_text=_("Ett ord eller uttryck per rad. Flaggas för moderatorerna."),
    )
    auto_approve_after = models.PositiveSmallIntegerField(
        _("godkänn automatiskt efter antal godkända kommentarer"),
        null=True,
        blank=True,
        help_text=_(
            "Tomt: av. Annars publiceras kommentarer från en bekräftad adress "
            "utan granskning när adressen har så många godkända kommentarer."
        ),
    )
    moderator_notifications = models.CharField(
        _("avisering till moderatorer"),
        max_length=16,
        choices=NotifyMode.choices,
        default=NotifyMode.IMMEDIATE,
    )
    digest_interval_minutes = models.PositiveIntegerField(
        _("sammanfattning var N:e minut"), default=60
    )
    notify_commenter_on_publish = models.BooleanField(
        _("meddela skribenten när kommentaren publiceras"), default=True
    )
    notify_commenter_on_reject = models.BooleanField(
        _("meddela skribenten när kommentaren avvisas"), default=True
    )
    unverified_retention_hours = models.PositiveIntegerField(
        _("obekräftade kommentarer raderas efter (timmar, utöver giltighetstiden)"),
        default=24,
    )
    rejected_retention_days = models.PositiveIntegerField(
        _("avvisade kommentarer och skräppost raderas efter (dagar)"), default=90
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("comments_open_by_default"),
                FieldPanel("close_after_days"),
                FieldPanel("verification_expiry_hours"),
                FieldPanel("rules_page"),
            ],
            heading=_("Kommentarer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_links"),
                FieldPanel("blocked_words"),
                FieldPanel("suspect_words"),
                FieldPanel("auto_approve_after"),
            ],
            heading=_("Granskning"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("moderator_notifications"),
                FieldPanel("digest_interval_minutes"),
                FieldPanel("notify_commenter_on_publish"),
                FieldPanel("notify_commenter_on_reject"),
            ],
            heading=_("Aviseringar"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("unverified_retention_hours"),
                FieldPanel("rejected_retention_days"),
            ],
            heading=_("Gallring"),
        ),
    ]

    class Meta:
        verbose_name = _("diskussionsregler")
        verbose_name_plural = _("diskussionsregler")

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip().casefold() for line in text.splitlines() if line.strip()]

    @property
    def blocked_word_list(self) -> list[str]:
        return self._lines(self.blocked_words)

    @property
    def suspect_word_list(self) -> list[str]:
        return self._lines(self.suspect_words)


class RejectionReason(models.Model):
    """A reason moderators can pick when rejecting; administrators keep the list."""

    text = models.CharField(_("skäl"), max_length=255)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    panels = [FieldPanel("text"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "text"]
        verbose_name = _("skäl för avvisning")
        verbose_name_plural = _("skäl för avvisning")

    def __str__(self):
        return self.text


class ModeratorPreference(models.Model):
    """A moderator's own choice about notification email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderator_preference",
    )
    receive_notifications = models.BooleanField(
        _("ta emot e-post om nya kommentarer"), default=True
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("moderatorinställning")
        verbose_name_plural = _("moderatorinställningar")

    def __str__(self):
        return str(self.user)
