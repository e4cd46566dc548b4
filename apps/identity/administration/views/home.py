from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from apps.audit.models import AuditEvent
from apps.organisations.models import ResponsibilityHolder, Unit

from ... import permissions
from .common import organisation_of

RECENT = 15

VERB_LABELS = {
    "unit.created": _("Unit created"),
    "unit.renamed": _("Unit renamed"),
    "unit.moved": _("Unit moved"),
    "unit.changed": _("Unit changed"),
    "unit.closed": _("Unit closed"),
    "unit.reopened": _("Unit reopened"),
    "person.created": _("Person created"),
    "person.changed": _("Person changed"),
    "person.deactivated": _("Person deactivated"),
    "person.reactivated": _("Person reactivated"),
    "person.exported": _("Personal data downloaded"),
    "person.erased": _("Person erased"),
    "role.given": _("Role given"),
    "role.changed": _("Role changed"),
    "role.taken": _("Role taken away"),
    "holder.created": _("Responsibility holder created"),
    "holder.changed": _("Responsibility holder changed"),
    "holder.deleted": _("Responsibility holder deleted"),
    "organisation.imported": _("File imported"),
    "scim_token.created": _("SCIM token created"),
    "scim_token.revoked": _("SCIM token revoked"),
    "scim_group.mapped": _("Meaning of a SCIM group changed"),
}


def home(request):
    """The administration's start: how many people, units and holders, and the latest
    changes."""
    organisation = organisation_of(request)
    people = permissions.people_of(organisation)
    recent = list(
        AuditEvent.objects.for_organisation(organisation)
        .filter(verb__in=VERB_LABELS)
        .select_related("actor")[:RECENT]
    )
    for event in recent:
        event.label = VERB_LABELS[event.verb]
    return render(request, "identity/home.html", {
        "organisation": organisation,
        "active_people": people.filter(is_active=True).count(),
        "inactive_people": people.filter(is_active=False).count(),
        "open_units": Unit.objects.for_organisation(organisation).open().count(),
        "holders": ResponsibilityHolder.objects.filter(organisation=organisation).count(),
        "recent": recent,
    })
