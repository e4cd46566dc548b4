from django import forms
from django.utils.translation import gettext_lazy as _

from apps.strategies import dates
from apps.strategies.forms import KompasFormMixin

from .models import RecordField


class CorrectionForm(KompasFormMixin, forms.Form):
    """The record as it stands, to be corrected; only what differs becomes a correction."""

    adopted_on = forms.DateField(
        label=RecordField.ADOPTED_ON.label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # Not required here: a record kept without a case reference (an old decision) may have
    # its date corrected; the service refuses to empty a fact the record has.
    adopted_by = forms.CharField(
        label=RecordField.ADOPTED_BY.label, max_length=200, required=False
    )
    case_reference = forms.CharField(
        label=RecordField.CASE_REFERENCE.label, max_length=100, required=False
    )
    adoption_note = forms.CharField(
        label=RecordField.ADOPTION_NOTE.label, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Why the record is corrected"),
        help_text=_("Shown with the correction on the version's page and in the PDF."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if error := dates.adoption_error(value):
            raise forms.ValidationError(error)
        return value

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in RecordField.values}
