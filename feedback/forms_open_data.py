from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PrincipleExportForm(forms.Form):
    """The period and format of a principle's published feedback."""

    FORMATS = [("csv", _("CSV (öppnas i Excel)")), ("json", _("JSON (för program)"))]

    since = forms.DateField(
        label=_("Från och med"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        help_text=_("Tomt: från början."),
    )
    until = forms.DateField(
        label=_("Till och med"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        help_text=_("Tomt: till i dag."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMATS,
        initial="csv",
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("Slutdatumet kan inte vara före startdatumet."))
        return cleaned
