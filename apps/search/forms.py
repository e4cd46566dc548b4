from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"), min_length=2, max_length=200, strip=True,
        error_messages={
            "min_length": _("Type at least %(limit_value)d characters to search."),
            "max_length": _("A search can be at most %(limit_value)d characters."),
        },
    )
    earlier = forms.BooleanField(label=_("Include earlier versions"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"class": "form-input", "type": "search"})
        self.fields["earlier"].widget.attrs.update({"class": "form-checkbox"})
