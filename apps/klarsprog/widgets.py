"""How a text field of a form gets the live advice.

The advice's own box under the field asks for it (htmx), triggered by the field's
input: a moment after the person stops typing (`delay` is a debounce) the text is posted
and the advice swapped in. The text area itself stays free for other behaviour (the
editor's formatting preview sits on it). Without JavaScript the advice is the one
rendered with the page, for the text as it was saved.
"""

import json

from django.urls import reverse

DELAY = "800ms"


def attach(form, name: str) -> None:
    """Give the form's field `name` the live advice (form.klarsprog_fields lists them)."""
    form.klarsprog_fields = [*getattr(form, "klarsprog_fields", []), name]


def htmx_attributes(bound_field) -> dict:
    """The attributes of the advice box of `bound_field` (templatetags.field_advice)."""
    return {
        "hx-post": reverse("klarsprog:advice"),
        "hx-trigger": f"input changed delay:{DELAY} from:#{bound_field.auto_id}",
        "hx-include": f"#{bound_field.auto_id}",
        # Its own box, always: inside the editor's add form an inherited hx-target
        # (the whole block, swapped outerHTML) would put the advice in its place.
        "hx-target": "this",
        "hx-swap": "innerHTML",
        "hx-vals": json.dumps({"klarsprog_field": bound_field.html_name}),
    }
