"""The audit log in words: a sentence in the reader's language for every verb a service
writes, with what changed from and to.

Each app says what its own verbs mean in its `audit_sentences.py`, a dict `SENTENCES`
of verb -> Sentence; they are gathered here once (like the admin's autodiscover).
tests/audit/test_presentation.py reads every verb the code writes and fails for one
without a sentence. Old rows are shown with what they hold; the old → new values are
recorded by the services from now on.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.module_loading import module_has_submodule
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MODULE = "audit_sentences"


@dataclass(frozen=True)
class Sentence:
    """`what`: what the person did, as a short sentence without its subject ("Recorded
    the adoption"). `details(event, context)`: more that the row's data says (the
    context holds what `prepare` read for all rows of a page at once)."""

    what: object
    details: Callable | None = None
    group: str = ""


@dataclass
class Row:
    event: object
    what: str
    details: str
    kind: str = ""
    item: str = ""
    link: str = ""
    link_text: str = ""
    parts: list = field(default_factory=list)


_sentences: dict[str, Sentence] | None = None
_preparers: list[Callable] = []


def sentences() -> dict[str, Sentence]:
    global _sentences
    if _sentences is None:
        gathered = {}
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, MODULE):
                module = import_module(f"{config.name}.{MODULE}")
                gathered.update(module.SENTENCES)
                if hasattr(module, "prepare"):
                    _preparers.append(module.prepare)
        _sentences = gathered
    return _sentences


# --- How stored values read --------------------------------------------------

FIELD_LABELS = {
    "manager": gettext_lazy("manager"),
    "title": gettext_lazy("title"),
    "unit": gettext_lazy("unit"),
    "role_level": gettext_lazy("role level"),
    "name": gettext_lazy("name"),
    "email": gettext_lazy("e-mail address"),
    "full_name": gettext_lazy("name"),
    "parent": gettext_lazy("placed under"),
    "kind": gettext_lazy("kind"),
    "active": gettext_lazy("active"),
}


def model_named(name: str):
    for model in apps.get_models():
        if model.__name__ == name:
            return model
    return None


def field_label(model, name: str) -> str:
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a field since removed keeps its name
            return str(FIELD_LABELS.get(name, name.replace("_", " ")))
    return str(FIELD_LABELS.get(name, name.replace("_", " ")))


def value_text(model, name: str, value) -> str:
    """A value from the log as a reader would say it: choices by their label, dates in
    the reader's format, nothing as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    model_field = None
    if model is not None:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
    if name == "month" and value in MONTHS:
        return str(MONTHS[value])
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return formats.date_format(datetime.date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def change_text(model, name, old, new) -> str:
    return _("%(field)s: “%(from)s” → “%(to)s”.") % {
        "field": capfirst(field_label(model, name)),
        "from": value_text(model, name, old),
        "to": value_text(model, name, new),
    }


def changes_text(event) -> list[str]:
    """The row's old → new values: a list of {"field", "from", "to"} under "changes", or
    (the identity app) fields whose value is {"from", "to"}."""
    data = event.data or {}
    model = model_named(data.get("model") or event.object_type)
    parts = [
        change_text(model, change["field"], change.get("from"), change.get("to"))
        for change in data.get("changes") or []
    ]
    for name, value in data.items():
        if isinstance(value, dict) and "from" in value and "to" in value:
            parts.append(change_text(model, name, value["from"], value["to"]))
    return parts


def common_details(event) -> list[str]:
    data = event.data or {}
    parts = []
    if data.get("case_reference"):
        parts.append(_("Case reference: %(ref)s.") % {"ref": data["case_reference"]})
    if data.get("note"):
        parts.append(_("Note: %(note)s") % {"note": data["note"]})
    return parts


# --- Rows -------------------------------------------------------------------


def describe(events) -> list[Row]:
    """The rows of a page of events, in words, in the active language; the preparers of
    the apps read what the rows link to (an export's state now) in a query each."""
    known = sentences()
    events = list(events)
    context = {}
    for prepare in _preparers:
        context.update(prepare(events))
    rows = []
    for event in events:
        sentence = known.get(event.verb)
        what = str(sentence.what) if sentence else _("Recorded “%(verb)s”") % {
            "verb": event.verb
        }
        parts = []
        extra = {}
        if sentence and sentence.details:
            result = sentence.details(event, context)
            if isinstance(result, dict):
                extra = result
                result = result.get("text", "")
            if result:
                parts.append(str(result))
        parts += changes_text(event) + common_details(event)
        model = model_named(event.object_type)
        rows.append(Row(
            event=event, what=what, details=" ".join(parts), parts=parts,
            kind=str(model._meta.verbose_name) if model is not None else "",
            item=str(extra.get("item", event.object_repr)),
            link=extra.get("link", ""), link_text=str(extra.get("link_text", "")),
        ))
    return rows


def groups() -> list[tuple[str, str]]:
    """(verb, its sentence) for the "what" filter, in the order of the sentences."""
    return [(verb, str(sentence.what)) for verb, sentence in sentences().items()]
