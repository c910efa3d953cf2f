"""reCAPTCHA for the comment form: whether it is on, its field and widgets,
and the hosts Google's script needs in the Content Security Policy.

Without both keys the form has no captcha at all. Google's answer is checked
in the field (django-recaptcha's client, mocked in tests).
"""

from urllib.error import URLError

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.csp import CSP
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_recaptcha import client as recaptcha_client
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV3

from .conf import setting

# What Google's script loads, frames and calls, per CSP directive.
RECAPTCHA_HOSTS = {
    "script-src": ["https://www.google.com", "https://www.gstatic.com"],
    "frame-src": ["https://www.google.com", "https://recaptcha.google.com"],
    "connect-src": ["https://www.google.com"],
}


def recaptcha_csp() -> dict:
    """The site's policy plus Google's hosts, for responses showing the form."""
    config = {key: list(value) for key, value in settings.SECURE_CSP.items()}
    for directive, hosts in RECAPTCHA_HOSTS.items():
        sources = config.setdefault(directive, [CSP.SELF])
        sources.extend(host for host in hosts if host not in sources)
    return config


def recaptcha_enabled() -> bool:
    """Only with both keys set; without them the form has no captcha at all."""
    return bool(
        getattr(settings, "RECAPTCHA_PUBLIC_KEY", "")
        and getattr(settings, "RECAPTCHA_PRIVATE_KEY", "")
    )


def recaptcha_version() -> str:
    """ "v2" (checkbox, the default) or "v3" (invisible, with a score)."""
    return setting("FEEDBACK_RECAPTCHA_VERSION")


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
                required_score=setting("FEEDBACK_RECAPTCHA_MIN_SCORE"),
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
