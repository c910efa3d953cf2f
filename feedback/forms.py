"""The resident's comment form. Validation only: storing is comment_submit's job."""

import unicodedata

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from news.models import Principle

from . import spam
from .conf import setting
from .recaptcha import CaptchaField
from .sanitize import BIDI_CONTROLS

CONTROL_CHARACTERS_MESSAGE = _(
    "Texten innehåller otillåtna tecken (styrtecken). Ta bort dem och försök igen."
)
# Line breaks and tabs are welcome in the comment, not in a name or address.
MULTILINE_ALLOWED = frozenset("\n\r\t")


def comment_max_length() -> int:
    return setting("FEEDBACK_COMMENT_MAX_LENGTH")


def grouped(number: int) -> str:
    """A count as people write it in the active language: "5 000", "5,000"."""
    return number_format(number, force_grouping=True)


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


class ReadChoiceIterator(forms.models.ModelChoiceIterator):
    """Lists the choices from the rows the form already read, if it did.

    Django's iterator queries again on every rendering; the comment form reads
    its principles once anyway (to preselect a lone one).
    """

    def __iter__(self):
        if self.queryset._result_cache is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class PrincipleChoiceField(forms.ModelChoiceField):
    iterator = ReadChoiceIterator

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

    def __init__(
        self,
        *args,
        principles=None,
        captcha: bool = False,
        remote_ip: str = "",
        **kwargs,
    ):
        """``principles``: the ones this article offers (every live one if None);
        any other is refused as an invalid choice."""
        super().__init__(*args, **kwargs)
        limit = comment_max_length()
        body = self.fields["body"]
        body.max_length = limit
        body.widget.attrs["maxlength"] = str(limit)
        body.validators.append(CommentLengthValidator(limit))
        body.help_text = _("Högst %(limit)s tecken.") % {"limit": grouped(limit)}
        if principles is not None:
            self.fields["principle"].queryset = principles
        # ``started`` is not set here: the page must be the same for everyone
        # so that an HTTP cache may keep it. The browser fetches it with the
        # CSRF token (feedback.views_form_state).
        if not self.is_bound:
            # Read once: the radio buttons are listed from these rows.
            offered = list(self.fields["principle"].queryset)
            if len(offered) == 1:
                # A choice of one is no choice: spare the resident the click.
                self.initial["principle"] = offered[0].pk
        if captcha:
            self.fields["captcha"] = CaptchaField(remote_ip=remote_ip)

    def is_quiet_spam(self) -> bool:
        """Honeypot filled or sent back too fast: pretend success, store nothing."""
        data = self.data
        return spam.honeypot_filled(data.get(spam.HONEYPOT_FIELD, "")) or (
            spam.fill_time(data.get("started", "")) is spam.FillTime.TOO_FAST
        )

    def is_early_retry(self) -> bool:
        """Sent from the retry page sooner than its minimum: ask to wait, visibly."""
        return spam.fill_time(self.data.get("started", "")) is (
            spam.FillTime.RETRY_TOO_FAST
        )

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
                    "Kommentaren får vara högst %(limit)s tecken. "
                    "Den är nu %(count)s tecken."
                ),
                code="max_length",
                params={"limit": grouped(self.limit), "count": grouped(len(value))},
            )
