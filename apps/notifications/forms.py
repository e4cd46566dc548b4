from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category, Frequency


class PreferencesForm(forms.Form):
    """One choice of frequency per category."""

    def __init__(self, *args, initial_frequencies: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.ChoiceField(
                label=category.label,
                choices=Frequency.choices,
                initial=initial_frequencies[category.value],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how often you want to hear of this.")},
            )
