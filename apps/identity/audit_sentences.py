"""What the identity app's audit verbs mean, in words (apps/audit/presentation.py):
the administration of people, units, roles and responsibility holders, provisioning,
SCIM and sign-in."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence
from apps.organisations.models import RoleLevel


def _source(event, context):
    return _("From the SCIM provisioning.") if (event.data or {}).get("source") == "scim" else ""


def _file(event, context):
    name = (event.data or {}).get("file")
    return _("File: %(name)s.") % {"name": name} if name else ""


def _refused(event, context):
    reason = (event.data or {}).get("reason")
    return _("Reason: %(reason)s") % {"reason": reason} if reason else ""


def _changed(event, context):
    changed = (event.data or {}).get("changed") or []
    return _("Settings changed: %(names)s.") % {"names": ", ".join(changed)} if changed else ""


def _group(event, context):
    data = event.data or {}
    if not data.get("group"):
        return ""
    parts = [_("Group: %(group)s.") % {"group": data["group"]}]
    if data.get("role_level"):
        labels = dict(RoleLevel.choices)
        parts.append(_("Role level: %(level)s.") % {
            "level": labels.get(data["role_level"], data["role_level"])
        })
    if data.get("unit"):
        parts.append(_("Unit: %(unit)s.") % {"unit": data["unit"]})
    return " ".join(parts)


SENTENCES = {
    "organisation.created": Sentence(gettext_lazy("Created the organisation")),
    "organisation.imported": Sentence(gettext_lazy("Imported people and units from a file"),
                                      _file),
    "person.created": Sentence(gettext_lazy("Created a person"), _source),
    "person.changed": Sentence(gettext_lazy("Changed a person"), _source),
    "person.deactivated": Sentence(gettext_lazy("Deactivated a person"), _source),
    "person.reactivated": Sentence(gettext_lazy("Reactivated a person"), _source),
    "person.exported": Sentence(gettext_lazy("Downloaded a person's personal data")),
    "person.erased": Sentence(gettext_lazy("Erased a person's personal data")),
    "role.given": Sentence(gettext_lazy("Gave a role")),
    "role.changed": Sentence(gettext_lazy("Changed a role")),
    "role.taken": Sentence(gettext_lazy("Took a role away")),
    "unit.created": Sentence(gettext_lazy("Created a unit")),
    "unit.renamed": Sentence(gettext_lazy("Renamed a unit")),
    "unit.moved": Sentence(gettext_lazy("Moved a unit")),
    "unit.changed": Sentence(gettext_lazy("Changed a unit")),
    "unit.closed": Sentence(gettext_lazy("Closed a unit")),
    "unit.reopened": Sentence(gettext_lazy("Reopened a unit")),
    "holder.created": Sentence(gettext_lazy("Created a responsibility holder")),
    "holder.changed": Sentence(gettext_lazy("Changed a responsibility holder")),
    "holder.deleted": Sentence(gettext_lazy("Deleted a responsibility holder")),
    "scim_token.created": Sentence(gettext_lazy("Created a SCIM token")),
    "scim_token.revoked": Sentence(gettext_lazy("Revoked a SCIM token")),
    "scim_group.created": Sentence(gettext_lazy("Received a new SCIM group")),
    "scim_group.changed": Sentence(gettext_lazy("Received a changed SCIM group")),
    "scim_group.deleted": Sentence(gettext_lazy("Received the deletion of a SCIM group")),
    "scim_group.mapped": Sentence(gettext_lazy("Changed the meaning of a SCIM group")),
    "sso.created": Sentence(gettext_lazy("Set up signing in with work accounts"), _changed),
    "sso.configured": Sentence(gettext_lazy("Changed the sign-in settings"), _changed),
    "sso.tested": Sentence(gettext_lazy("Tested the connection to the identity provider")),
    "sso.group_mapped": Sentence(gettext_lazy("Mapped an identity provider group to a role"),
                                 _group),
    "sso.group_unmapped": Sentence(
        gettext_lazy("Removed the mapping of an identity provider group"), _group
    ),
    "sso.signed_in": Sentence(gettext_lazy("Signed in with a work account")),
    "sso.refused": Sentence(gettext_lazy("Was refused signing in with a work account"),
                            _refused),
    "sso.password_refused": Sentence(gettext_lazy("Was refused signing in with a password")),
}
