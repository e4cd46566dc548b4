"""What the strategies app's audit verbs mean, in words (apps/audit/presentation.py)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence

from .models import StrategyVersion, VersionStatus


def _move(event, context):
    data = event.data or {}
    if "from" not in data or "to" not in data:
        return ""
    labels = dict(VersionStatus.choices)
    return _("From “%(from)s” to “%(to)s”.") % {
        "from": labels.get(data["from"], data["from"]), "to": labels.get(data["to"], data["to"])
    }


def _version_fields(event, context):
    data = event.data or {}
    if data.get("changes") or not data.get("fields"):
        return ""  # the old → new values say it, or nothing was named
    names = []
    for name in data["fields"]:
        try:
            names.append(str(StrategyVersion._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a field since removed
            names.append(name)
    return _("Fields: %(fields)s.") % {"fields": ", ".join(names)}


def _moved(event, context):
    return _("Moved up.") if (event.data or {}).get("direction", 0) < 0 else _("Moved down.")


def _new_draft(event, context):
    based_on = (event.data or {}).get("based_on")
    number = context.get("version_numbers", {}).get(based_on)
    if number is None:
        return ""
    return _("Copied from version %(number)s.") % {"number": number}


def prepare(events):
    ids = {(e.data or {}).get("based_on") for e in events if e.verb == "version.new_draft"}
    ids.discard(None)
    if not ids:
        return {}
    return {"version_numbers": dict(
        StrategyVersion.objects.filter(pk__in=ids).values_list("pk", "number")
    )}


def _deleted(event, context):
    data = event.data or {}
    parts = []
    if data.get("title"):
        parts.append(_("Title: %(title)s.") % {"title": data["title"]})
    if data.get("reason"):
        parts.append(_("Reason: %(reason)s") % {"reason": data["reason"]})
    return " ".join(parts)


SENTENCES = {
    "strategy.create": Sentence(gettext_lazy("Created the strategy")),
    "strategy.archive": Sentence(gettext_lazy("Archived the strategy")),
    "strategy.unarchive": Sentence(gettext_lazy("Brought the strategy back to the lists")),
    "strategy.delete": Sentence(gettext_lazy("Deleted the strategy"), _deleted),
    "version.update": Sentence(gettext_lazy("Changed the version's details"), _version_fields),
    "version.new_draft": Sentence(gettext_lazy("Started a new draft"), _new_draft),
    "content.create": Sentence(gettext_lazy("Added content")),
    "content.update": Sentence(gettext_lazy("Changed content")),
    "content.delete": Sentence(gettext_lazy("Deleted content")),
    "content.move": Sentence(gettext_lazy("Moved content"), _moved),
    f"version.{VersionStatus.DRAFT}": Sentence(
        gettext_lazy("Moved the version back to draft"), _move),
    f"version.{VersionStatus.CONSULTATION}": Sentence(
        gettext_lazy("Sent the version to consultation"), _move),
    f"version.{VersionStatus.PROPOSED}": Sentence(
        gettext_lazy("Proposed the version to the council"), _move),
    f"version.{VersionStatus.ADOPTED}": Sentence(gettext_lazy("Recorded the adoption"), _move),
    f"version.{VersionStatus.SUPERSEDED}": Sentence(
        gettext_lazy("Marked the version as superseded"), _move),
    f"version.{VersionStatus.WITHDRAWN}": Sentence(gettext_lazy("Withdrew the version"), _move),
}
