"""The resident's comment form. Validation only: storing is comment_submit's job."""

import unicodedata
from urllib.error import URLError

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_recaptcha import client as recaptcha_client
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV3

from news.models import Principle

from . import spam
from .sanitize import BIDI_CONTROLS

CONTROL_CHARACTERS_MESSAGE = _(
    "Texten innehåller otillåtna tecken (styrtecken). Ta bort dem och försök igen."
)
# Line breaks and tabs are welcome in the comment, not in a name or address.
MULTILINE_ALLOWED = frozenset("\n\r\t")


def comment_max_length() -> int:
    return getattr(settings, "FEEDBACK_COMMENT_MAX_LENGTH", 5000)


def has_control_characters(value: str, *, multiline: bool) -> bool:
    allowed = MULTILINE_ALLOWED if multiline else frozenset()
    for char in value:
        if char in allowed:
            continue
        # Cc: C0/C1 controls including NUL. Also bidi overrides and isolates,
        # which only serve to disguise text.
        if unicodedata.category(char) == "Cc" or BIDI_CONTROLS.match(char):
            return True
    return False


class PlainTextMixin:
    """Reject control characters with our own Swedish message, never a 500."""

    multiline = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Our check below covers NUL with a clearer message.
        self.validators = [
            v
            for v in self.validators
            if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def to_python(self, value):
        # After stripping: surrounding whitespace (tabs too) is not an error.
        value = super().to_python(value)
        if isinstance(value, str) and has_control_characters(
            value, multiline=self.multiline
        ):
            raise forms.ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control")
        return value


class PlainTextField(PlainTextMixin, forms.CharField):
    pass


class MultilineTextField(PlainTextMixin, forms.CharField):
    multiline = True


class PlainEmailField(PlainTextMixin, forms.EmailField):
    pass


class PrincipleChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if isinstance(value, str) and has_control_characters(value, multiline=False):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def label_from_instance(self, obj):
        return obj.name


class CommentForm(forms.Form):
    """Name, email, comment and principle, plus the quiet spam fields.

    Fields a client adds (status, ip, ...) are simply not part of the form.
    """

    author_name = PlainTextField(
        label=_("Namn"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Skriv ditt namn."),
            "max_length": _("Namnet får vara högst %(limit_value)d tecken."),
        },
    )
    author_email = PlainEmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_(
            "Vi skickar en länk för att bekräfta kommentaren. "
            "Din e-postadress publiceras aldrig."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Skriv din e-postadress."),
            "invalid": _("Skriv en giltig e-postadress, till exempel namn@exempel.se."),
            "max_length": _("E-postadressen får vara högst %(limit_value)d tecken."),
        },
    )
    body = MultilineTextField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Skriv din kommentar.")},
    )
    principle = PrincipleChoiceField(
        label=_("Princip"),
        queryset=Principle.objects.live(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Vilken av kommunens principer handlar kommentaren om?"),
        error_messages={
            "required": _("Välj vilken princip kommentaren gäller."),
            "invalid_choice": _("Välj en av principerna i listan."),
        },
    )

    # Quiet spam defence: a field people never see, and when the form was shown.
    webbplats = forms.CharField(
        required=False,
        label=_("Lämna det här fältet tomt"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, captcha: bool = False, remote_ip: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        limit = comment_max_length()
        body = self.fields["body"]
        body.max_length = limit
        body.widget.attrs["maxlength"] = str(limit)
        body.validators.append(CommentLengthValidator(limit))
        body.help_text = _("Högst %(limit)s tecken.") % {"limit": limit}
        if not self.is_bound:
            self.initial["started"] = spam.sign_started_at()
        if captcha:
            self.fields["captcha"] = CaptchaField(remote_ip=remote_ip)

    @property
    def honeypot_field(self):
        return self[spam.HONEYPOT_FIELD]

    def is_quiet_spam(self) -> bool:
        """Honeypot filled or sent back too fast: pretend success, store nothing."""
        data = self.data
        return spam.honeypot_filled(
            data.get(spam.HONEYPOT_FIELD, "")
        ) or spam.filled_too_fast(data.get("started", ""))

    @property
    def recaptcha_score(self) -> float | None:
        field = self.fields.get("captcha")
        return getattr(field, "score", None)


class CommentLengthValidator:
    """Max length with the count in the message (Django's names neither in Swedish)."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value: str):
        if len(value) > self.limit:
            raise forms.ValidationError(
                _(
                    "Kommentaren får vara högst %(limit)d tecken. "
                    "Den är nu %(count)d tecken."
                ),
                code="max_length",
                params={"limit": self.limit, "count": len(value)},
            )


# --- reCAPTCHA -------------------------------------------------------------


def recaptcha_enabled() -> bool:
    """Only with both keys set; without them the form has no captcha at all."""
    return bool(
        getattr(settings, "RECAPTCHA_PUBLIC_KEY", "")
        and getattr(settings, "RECAPTCHA_PRIVATE_KEY", "")
    )


def recaptcha_version() -> str:
    """ "v2" (checkbox, the default) or "v3" (invisible, with a score)."""
    return getattr(settings, "FEEDBACK_RECAPTCHA_VERSION", "v2")


class _CaptchaWidgetMixin:
    """Render without django-recaptcha's inline scripts (our CSP has nonces).

    The page loads Google's script itself, with the nonce
    (templates/feedback/recaptcha/script.html).
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("data-callback", None)
        return attrs

    def use_required_attribute(self, initial):
        return False


class CaptchaCheckbox(_CaptchaWidgetMixin, ReCaptchaV2Checkbox):
    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            "<div{}></div>", flatatt(self.build_attrs(self.attrs, attrs))
        )


class CaptchaV3(_CaptchaWidgetMixin, ReCaptchaV3):
    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<input type="hidden" name="{}"{}>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
        )


class CaptchaField(ReCaptchaField):
    """django-recaptcha's field with Swedish errors and Google's failures handled.

    django-recaptcha lets URLError and timeouts escape ``is_valid()``
    (django-recaptcha#303); here they become a form error that keeps what the
    resident typed. The v3 score is kept for the moderators.
    """

    default_error_messages = {
        "required": _("Bekräfta att du inte är en robot."),
        "captcha_invalid": _(
            "Vi kunde inte bekräfta att du inte är en robot. Försök igen."
        ),
        "captcha_error": _(
            "Kontrollen mot robotar svarar inte just nu. Din text finns kvar: "
            "vänta en stund och skicka igen."
        ),
    }

    def __init__(self, *, remote_ip: str = "", **kwargs):
        if recaptcha_version() == "v3":
            widget = CaptchaV3(
                action="comment",
                required_score=getattr(settings, "FEEDBACK_RECAPTCHA_MIN_SCORE", 0.5),
            )
        else:
            widget = CaptchaCheckbox()
        super().__init__(widget=widget, label=_("Kontroll mot robotar"), **kwargs)
        self.remote_ip = remote_ip
        self.score = None

    def validate(self, value):
        forms.CharField.validate(self, value)
        try:
            result = recaptcha_client.submit(
                recaptcha_response=value,
                private_key=self.private_key,
                remoteip=self.remote_ip,
            )
        except (URLError, OSError, ValueError, KeyError):
            # Unreachable, slow (timeout), HTTP error or a garbled answer.
            raise forms.ValidationError(
                self.error_messages["captcha_error"], code="captcha_error"
            ) from None
        if not result.is_valid:
            raise forms.ValidationError(
                self.error_messages["captcha_invalid"], code="captcha_invalid"
            )
        score = result.extra_data.get("score")
        self.score = float(score) if score is not None else None
        widget = self.widget
        if isinstance(widget, ReCaptchaV3):
            if result.action != widget.action:
                raise forms.ValidationError(
                    self.error_messages["captcha_invalid"], code="captcha_invalid"
                )
            required = widget.required_score
            if required and (self.score or 0.0) < float(required):
                raise forms.ValidationError(
                    self.error_messages["captcha_invalid"], code="captcha_invalid"
                )
