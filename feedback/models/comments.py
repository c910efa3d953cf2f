from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommentStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Ej bekräftad")
    PENDING = "pending", _("Väntar på granskning")
    APPROVED = "approved", _("Publicerad")
    REJECTED = "rejected", _("Avvisad")
    SPAM = "spam", _("Skräppost")
    WITHDRAWN = "withdrawn", _("Återkallad")


class ResidentComment(models.Model):
    """A resident's comment on an article, about exactly one principle.

    Not called ``Comment``: Wagtail has one, and the permissions would collide.
    The status changes only in ``feedback.services``.
    """

    # Nothing asks Wagtail's reference index what a comment points to; left
    # in, every save would queue an index update (an extra task and queries).
    wagtail_reference_index_ignore = True

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("artikel"),
        on_delete=models.CASCADE,
        related_name="resident_comments",
    )
    principle = models.ForeignKey(
        "news.Principle",
        verbose_name=_("princip"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author_name = models.CharField(_("namn"), max_length=100)
    # Never rendered on public pages, in feeds or in logs.
    author_email = models.EmailField(_("e-post"), max_length=254)
    # Keyed hash of the normalised address: identity for history, limits and
    # suppression without exposing the address.
    email_hash = models.CharField(_("e-posthash"), max_length=64, db_index=True)
    body = models.TextField(_("kommentar"))
    # ``body`` as public HTML, written by feedback.sanitize when the comment is
    # published (feedback.services.rendering), so that pages print it instead
    # of sanitising every comment on every request. Empty: not rendered yet.
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommentStatus.choices,
        default=CommentStatus.UNVERIFIED,
    )

    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    verified_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("modererad"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modererad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_reason = models.TextField(_("skäl"), blank=True)

    # Verification: only the hash of the emailed token is kept.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    # Random nonce the emailed token is derived from with a key from
    # SECRET_KEY (see feedback.services.verification): lets the worker build
    # the link later without the token itself ever being stored.
    token_nonce = models.CharField(max_length=64, blank=True)

    # Flags for the moderators.
    link_count = models.PositiveSmallIntegerField(_("antal länkar"), default=0)
    suspect_words = models.JSONField(_("misstänkta ord"), default=list, blank=True)
    recaptcha_score = models.FloatField(_("reCAPTCHA-poäng"), null=True, blank=True)
    # The client IP only in reduced form: a keyed hash of its /24 or /64 network.
    ip_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "pk"]
        # Moderation rights come from Principle.moderator_groups; these two are
        # for the roles that cut across principles (see feedback.permissions).
        permissions = [
            (
                "moderate_all_principles",
                _("Kan moderera kommentarer om alla principer"),
            ),
            ("view_personal_data", _("Kan se och söka på skribenters e-postadresser")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CommentStatus.values),
                name="feedback_residentcomment_status_valid",
            ),
        ]
        indexes = [
            # The article's public listing: approved, oldest first.
            models.Index(
                fields=["article", "status", "created_at"],
                name="feedback_rc_article_listing",
            ),
            # A principle's public listing and its moderation listings. The id
            # (the listing's tie-breaker) lets a page of ids be read from the
            # index alone.
            models.Index(
                fields=["principle", "status", "created_at", "id"],
                name="feedback_rc_principle_order",
            ),
            # Whole-site listings and retention sweeps.
            models.Index(
                fields=["status", "created_at", "id"], name="feedback_rc_status_order"
            ),
            # The listing's article filter: the articles with comments in the
            # moderator's principles.
            models.Index(
                fields=["article", "principle"], name="feedback_rc_article_principle"
            ),
            # The author's history beside each row of a listing.
            models.Index(
                fields=["email_hash", "status"], name="feedback_rc_author_history"
            ),
            # The pending counts and ages shown on every admin page (menu,
            # dashboard): small however many comments were ever decided.
            models.Index(
                fields=["principle", "verified_at", "created_at"],
                condition=models.Q(status="pending"),
                name="feedback_rc_pending",
            ),
        ]

    def __str__(self):
        # No name: this is the label Wagtail's audit log stores.
        return _("Kommentar %(pk)s") % {"pk": self.pk}


class OfficialReply(models.Model):
    """ "Kommunen svarar": the municipality's answer under an approved comment."""

    comment = models.OneToOneField(
        ResidentComment,
        verbose_name=_("kommentar"),
        on_delete=models.CASCADE,
        related_name="official_reply",
    )
    body = models.TextField(_("svar"))
    # ``body`` as public HTML, stored when the reply is written (see
    # ResidentComment.body_html).
    body_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrivet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("kommunens svar")
        verbose_name_plural = _("kommunens svar")

    def __str__(self):
        return _("Svar på kommentar %(pk)s") % {"pk": self.comment_id}


class EmailSuppression(models.Model):
    """Addresses (by keyed hash) whose owner said "I did not ask for this"."""

    email_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spärrad e-postadress")
        verbose_name_plural = _("spärrade e-postadresser")

    def __str__(self):
        return self.email_hash[:12]


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RETRYING = "retrying", _("Försöker igen")
    # A worker has taken it (claimed_at) and may be talking to the mail server.
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckades")
    SUPPRESSED = "suppressed", _("Spärrad")


class EmailDelivery(models.Model):
    """One outgoing email and how its delivery went; no address, no body.

    Lets administrators see permanent failures, and lets the worker retry
    transient ones without ever sending the same email twice.
    """

    # Its admin listing (a ModelViewSet) would register it with Wagtail's
    # reference index, and then every delivery written (one per comment
    # submitted) queued an index update that nothing ever reads.
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        VERIFICATION = "verification", _("Bekräftelselänk")
        PUBLISHED = "published", _("Kommentaren publicerad")
        REJECTED = "rejected", _("Kommentaren avvisad")
        TAKEN_DOWN = "taken_down", _("Kommentaren togs bort")
        REPLY = "reply", _("Kommunen har svarat")
        MODERATOR = "moderator", _("Ny kommentar att granska")
        DIGEST = "digest", _("Sammanfattning för moderatorer")

    Status = DeliveryStatus

    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    comment = models.ForeignKey(
        ResidentComment,
        verbose_name=_("kommentar"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="email_deliveries",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    # The guard against sending twice when a worker dies mid-send: claimed_at
    # is set when an attempt starts, handed_over_at just before the message
    # goes to the mail server. An attempt whose worker died before the hand-
    # over provably sent nothing and is retried; one that died after it is
    # never repeated (feedback.delivery).
    claimed_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    handed_over_at = models.DateTimeField(
        _("lämnad till e-postservern"), null=True, blank=True
    )
    last_error = models.TextField(_("senaste fel"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-postutskick")
        verbose_name_plural = _("e-postutskick")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="feedback_emaildelivery_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"
