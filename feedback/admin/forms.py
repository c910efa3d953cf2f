from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from feedback.models import CommentStatus, ModeratorPreference, RejectionReason
from feedback.services.replies import REPLY_MAX_LENGTH


class ReasonForm(forms.Form):
    """A reason from the administrators' list, or one written for the case."""

    reason_choice = forms.ModelChoiceField(
        label=_("Skäl"),
        queryset=RejectionReason.objects.all(),
        required=False,
        empty_label=_("Välj ett skäl …"),
    )
    reason_text = forms.CharField(
        label=_("Eller skriv ett eget skäl"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("reason_text") or "").strip()
        choice = cleaned.get("reason_choice")
        if not text and not choice:
            raise ValidationError(
                _("Ange ett skäl: välj ett i listan eller skriv ett eget."),
                code="reason_required",
            )
        cleaned["reason"] = text or choice.text
        return cleaned


class ActionForm(forms.Form):
    """What the moderator saw, so that a change in between is noticed."""

    expected_status = forms.ChoiceField(choices=CommentStatus.choices)
    next = forms.CharField(required=False)


class RejectForm(ReasonForm, ActionForm):
    pass


class ReclassifyForm(ActionForm):
    principle = forms.ModelChoiceField(label=_("Ny princip"), queryset=None)
    expected_principle = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, principles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = principles


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Kommunens svar"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class BulkRejectForm(ReasonForm):
    pass


class ModeratorPreferenceForm(forms.ModelForm):
    class Meta:
        model = ModeratorPreference
        fields = ["receive_notifications"]
