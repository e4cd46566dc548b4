"""How a text field of a form gets the live advice: htmx attributes on its text area.

htmx posts the text a moment after the person stops typing (`delay` is a debounce) and
swaps the advice under the field; without JavaScript the advice is the one rendered with
the page, for the text as it was saved.
"""

import json

from django.urls import reverse

DELAY = "800ms"


def attach(form, name: str) -> None:
    """Give the form's field `name` the live advice (form.klarsprog_fields lists them)."""
    field = form.fields[name]
    auto_id = form[name].auto_id
    field.widget.attrs.update(
        {
            "hx-post": reverse("klarsprog:advice"),
            "hx-trigger": f"input changed delay:{DELAY}",
            "hx-target": f"#{auto_id}_klarsprog",
            "hx-swap": "innerHTML",
            "hx-include": "this",
            "hx-vals": json.dumps({"klarsprog_field": form.add_prefix(name)}),
        }
    )
    form.klarsprog_fields = [*getattr(form, "klarsprog_fields", []), name]
