"""What the editor says beside each field: written for someone writing a policy, not
transcribing one, with examples each language gives in its own words.

The model's own labels and help texts describe the data (and changing them would be a
migration); these are the editor's, applied to its forms.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import models as m

EVERYONE = _("Leave it empty when it concerns everyone, inside and outside the organisation.")

# (model, field) -> (label or None, help text or None)
WORDING = {
    (m.StrategyVersion, "dated"): (
        None, _("The date as it is to stand on the front page, e.g. “August 2026”."),
    ),
    (m.Section, "audience"): (None, EVERYONE),
    (m.Goal, "audience"): (None, EVERYONE),
    (m.Principle, "audience"): (None, EVERYONE),
    (m.Platform, "audience"): (None, EVERYONE),
    (m.Stakeholder, "priority"): (
        None, _("1 comes first. Leave it empty when the order does not matter."),
    ),
    (m.Responsibility, "label"): (
        _("who, in your own words"),
        _("The name readers know them by, e.g. “The politicians”, “The executive board” "
          "or “Heads of department”."),
    ),
    (m.Action, "owner_label"): (
        _("owner, in your own words"),
        _("When the owner is not a unit in Kompas, e.g. “The communications team and the "
          "schools”."),
    ),
}

MARKDOWN_HINT = _(
    "You can format the text: **bold**, *italics*, a list with a “- ” at the start of "
    "each line, and a link as [text](https://…). The preview below shows how it will look."
)
PREVIEW_URL = reverse_lazy("strategies:markdown_preview")


def apply_wording(form, model, markdown_fields=()) -> None:
    """Give the form's fields the editor's labels and hints, and its running texts a
    preview of their formatting (htmx asks for it while the person types)."""
    for name, field in form.fields.items():
        label, hint = WORDING.get((model, name), (None, None))
        if label is not None:
            field.label = label
        if hint is not None:
            field.help_text = hint
        if name in markdown_fields:
            field.help_text = MARKDOWN_HINT
            field.markdown_preview = True
            field.widget.attrs.update({
                "hx-get": str(PREVIEW_URL),
                "hx-trigger": "input changed delay:500ms",
                "hx-target": "next .kompas-markdown-preview",
                "hx-include": "this",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            })
