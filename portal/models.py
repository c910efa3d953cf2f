from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Site-wide content that is not a page: the organisation and its vision."""

    # The comment form links the privacy page: fetched with the settings.
    select_related = ["privacy_page", "accessibility_page"]

    organisation_name = models.CharField(
        _("organisationens namn"), max_length=200, default="Kommunen"
    )
    vision = models.CharField(
        _("vision"),
        max_length=255,
        blank=True,
        help_text=_("Visas på startsidan, till exempel kommunens vision."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida om personuppgifter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tillgänglighetsredogörelse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Sidan med redogörelsen som lagen om tillgänglighet till digital "
            "offentlig service kräver. Länkas i sidfoten på varje sida."
        ),
    )
    contact_email = models.EmailField(
        _("kontaktadress"),
        blank=True,
        help_text=_("Visas i sidfoten på varje sida."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("vision"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("portalinställningar")
        verbose_name_plural = _("portalinställningar")


class WorkerHeartbeat(models.Model):
    """A running task worker (``manage.py run_worker``) as it last reported in.

    Written every few seconds by the worker; read by ``/healthz/``. A worker
    that stops cleanly removes its row; rows of dead ones are pruned.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("arbetsprocess")
        verbose_name_plural = _("arbetsprocesser")

    def __str__(self):
        return self.worker_id
