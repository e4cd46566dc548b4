from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, ProgressStatus


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(
        label=_("Percentage done"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    text = forms.CharField(
        label=_("What has happened"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        help_text=_(
            "A few words for the people following the action: what was done, "
            "what is next, what stands in the way."
        ),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("A year (2025), a quarter (2025-Q3) or a month (2025-07)."),
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
    )
    value = forms.DecimalField(
        label=_("Measured value"),
        max_digits=14,
        decimal_places=4,
        localize=True,
        widget=forms.TextInput(attrs={"class": "form-input input-width-s", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        help_text=_("Where the number comes from, e.g. the citizen survey 2025."),
    )

    def __init__(self, *args, indicators=None, **kwargs):
        # Unique ids: the follow-up page holds this form beside the report's and the import's.
        kwargs.setdefault("auto_id", "measurement-%s")
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].widget.attrs["class"] = "form-select"


class MeasurementImportForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "import-%s")
        super().__init__(*args, **kwargs)

    file = forms.FileField(
        label=_("CSV file of measurements"),
        help_text=_(
            "Columns indicator, period and value, and if you like note and source, "
            "as in the downloaded file. Nothing is saved unless every row is right."
        ),
    )


class ReportForm(forms.Form):
    period = forms.CharField(
        label=_("Period of the report"),
        max_length=20,
        help_text=_("A year (2025), a quarter (2025-Q3) or a month (2025-07)."),
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)

    def clean_period(self):
        from .periods import period_label, period_parse

        return period_label(*period_parse(self.cleaned_data["period"]))
