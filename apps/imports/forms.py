from django import forms
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import RoleLevel
from apps.strategies.models import StrategyKind

from .reading.safety import MAX_BYTES
from .recognise import LABEL_NAMES, LABELS


class UploadForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"),
                                          empty_label=None)
    file = forms.FileField(
        label=_("Document"), required=False,
        help_text=_("A Word document (.docx), an OpenDocument text (.odt), a PDF with text, "
                    "or a text, Markdown or HTML file, up to 20 MB."),
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Headings, lists and paragraphs are recognised in pasted text too."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file or paste the text of the document."))
        if upload and upload.size > MAX_BYTES:
            self.add_error("file", _("The file is larger than 20 MB. Save it without embedded "
                                     "pictures, or as a PDF, and try again."))
        return data


class CreateDraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=StrategyKind.choices,
                             initial=StrategyKind.POLICY)


LABEL_CHOICES = [(label, LABEL_NAMES[label]) for label in LABELS]
ROLE_CHOICES = [("", _("Not a responsibility")), *RoleLevel.choices]
