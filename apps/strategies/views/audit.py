"""A strategy's audit log as its readers see it.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from apps.audit.models import AuditEvent

from .. import services
from ..forms import (
    CONTENT_TYPES,
)
from ..models import Strategy, StrategyVersion, VersionStatus
from .common import (
    get_strategy,
)

_AUDIT_VERBS = {
    "strategy.create": gettext_lazy("Created the strategy"),
    "version.update": gettext_lazy("Changed the version's details"),
    "version.new_draft": gettext_lazy("Started a new draft"),
    "content.create": gettext_lazy("Added content"),
    "content.update": gettext_lazy("Changed content"),
    "content.delete": gettext_lazy("Deleted content"),
    "content.move": gettext_lazy("Moved content"),
    f"version.{VersionStatus.DRAFT}": gettext_lazy("Moved the version back to draft"),
    f"version.{VersionStatus.CONSULTATION}": gettext_lazy("Sent the version to consultation"),
    f"version.{VersionStatus.PROPOSED}": gettext_lazy("Proposed the version to the council"),
    f"version.{VersionStatus.ADOPTED}": gettext_lazy("Recorded the adoption"),
    f"version.{VersionStatus.WITHDRAWN}": gettext_lazy("Withdrew the version"),
}
_OBJECT_NAMES = {
    "Strategy": Strategy._meta.verbose_name,
    "StrategyVersion": StrategyVersion._meta.verbose_name,
    **{t.model.__name__: t.verbose_name for t in CONTENT_TYPES.values()},
}


def _audit_details(event) -> str:
    data = event.data or {}
    parts = []
    if event.verb == "content.move":
        parts.append(_("Moved up.") if data.get("direction", 0) < 0 else _("Moved down."))
    if "from" in data and "to" in data:
        labels = dict(VersionStatus.choices)
        parts.append(
            _("From “%(from)s” to “%(to)s”.")
            % {"from": labels.get(data["from"], data["from"]),
               "to": labels.get(data["to"], data["to"])}
        )
    if data.get("case_reference"):
        parts.append(_("Case reference: %(ref)s.") % {"ref": data["case_reference"]})
    if data.get("note"):
        parts.append(_("Note: %(note)s") % {"note": data["note"]})
    if event.verb == "version.update" and data.get("fields"):
        names = [
            str(StrategyVersion._meta.get_field(name).verbose_name)
            for name in data["fields"] if name in services.VERSION_EDITABLE_FIELDS
        ]
        parts.append(_("Fields: %(fields)s.") % {"fields": ", ".join(names)})
    return " ".join(parts)


class StrategyAuditView(ListView):
    template_name = "strategies/audit_log.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        self.strategy = get_strategy(self.request.user, self.kwargs["pk"], "audit")
        return (
            AuditEvent.objects.filter(organisation_id=self.strategy.organisation_id)
            .filter(
                Q(version__strategy=self.strategy)
                | Q(object_type="Strategy", object_id=self.strategy.pk)
            )
            .select_related("actor", "version")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["strategy"] = self.strategy
        context["rows"] = [
            {
                "event": event,
                "what": _AUDIT_VERBS.get(event.verb, event.verb),
                "kind": _OBJECT_NAMES.get(event.object_type, ""),
                "details": _audit_details(event),
            }
            for event in context["events"]
        ]
        return context


