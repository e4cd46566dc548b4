"""SCIM 2.0 provisioning (RFC 7643/7644): bearer tokens per organisation, and the writes
an identity provider makes to people. The protocol itself is in apps/identity/scim."""


from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.organisations.models import (
    AssignmentSource,
    Organisation,
    RoleAssignment,
    RoleLevel,
    Unit,
)
from apps.organisations.services import role_assignment_create

from .. import permissions
from ..models import ScimGroup, ScimToken, ScimUser
from ..permissions import ADMINISTER
from .administration import _check_email

User = get_user_model()

__all__ = [
    "scim_group_delete",
    "scim_group_map",
    "scim_group_save",
    "scim_roles_sync",
    "scim_token_authenticate",
    "scim_token_create",
    "scim_token_revoke",
    "scim_user_create",
    "scim_user_update",
]

TOKEN_PREFIX = "kscim_"  # noqa: S105 (marks our tokens in logs; not a secret)


def _hash(token: str) -> str:
    return ScimToken.hash_secret(token)


@transaction.atomic
def scim_token_create(*, actor, organisation: Organisation, name: str) -> tuple[ScimToken, str]:
    """A new token; returns it with the secret, which is never stored or shown again."""
    permissions.require(actor, ADMINISTER, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as “Entra ID”.")})
    token, secret = ScimToken.issue(
        organisation=organisation, name=name, actor=actor, marker=TOKEN_PREFIX
    )
    audit_record(organisation=organisation, actor=actor, verb="scim_token.created", obj=token)
    return token, secret


@transaction.atomic
def scim_token_revoke(*, actor, token: ScimToken) -> ScimToken:
    permissions.require(actor, ADMINISTER, token.organisation)
    token = ScimToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            organisation=token.organisation, actor=actor, verb="scim_token.revoked", obj=token
        )
    return token


def scim_token_authenticate(*, organisation_slug: str, header: str) -> Organisation | None:
    """The organisation a request's `Authorization: Bearer …` header provisions, or None."""
    scheme, _space, secret = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ScimToken.objects.usable().select_related("organisation")
        .filter(token_hash=_hash(secret.strip()), organisation__slug=organisation_slug)
        .first()
    )
    if token is None:
        return None
    # At most once a minute: a provisioning cycle makes thousands of requests.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.organisation


def _external(organisation, user, external_id):
    if external_id is None:
        return
    ScimUser.objects.update_or_create(
        organisation=organisation, user=user, defaults={"external_id": external_id[:255]}
    )


@transaction.atomic
def scim_user_create(
    *, organisation: Organisation, user_name: str, display_name: str, active: bool = True,
    title: str = "", external_id: str | None = None,
):
    """A person the identity provider creates: an employee of the whole organisation
    until a group (or the communications department) gives them their unit."""
    email = _check_email(email=user_name)
    display_name = (display_name or "").strip() or email
    person = User(username=email, email=email, full_name=display_name[:200],
                  preferred_language="", is_active=active)
    person.set_unusable_password()
    person.save()
    assignment = role_assignment_create(
        user=person, organisation=organisation, role_level=RoleLevel.EMPLOYEE,
        title=title[:200],
    )
    assignment.source = AssignmentSource.SCIM
    assignment.save(update_fields=["source", "updated_at"])
    _external(organisation, person, external_id)
    audit_record(
        organisation=organisation, actor=None, verb="person.created", obj=person,
        data={"email": email, "source": "scim"},
    )
    return person


@transaction.atomic
def scim_user_update(*, organisation: Organisation, person, changes: dict):
    """Apply what the identity provider says changed: user_name, display_name, active,
    title, external_id. Deactivation keeps the person and their history."""
    person = permissions.people_of(organisation).select_for_update().get(pk=person.pk)
    fields, record = [], {}
    if "user_name" in changes:
        email = _check_email(email=changes["user_name"], person=person)
        if email != person.email:
            record["email"] = {"from": person.email, "to": email}
            person.email = person.username = email
            fields += ["email", "username"]
    if "display_name" in changes:
        name = (changes["display_name"] or "").strip()[:200]
        if name and name != person.full_name:
            record["full_name"] = {"from": person.full_name, "to": name}
            person.full_name = name
            fields.append("full_name")
    verb = "person.changed"
    if "active" in changes and bool(changes["active"]) != person.is_active:
        person.is_active = bool(changes["active"])
        fields.append("is_active")
        verb = "person.reactivated" if person.is_active else "person.deactivated"
    if fields:
        person.save(update_fields=fields)
        audit_record(organisation=organisation, actor=None, verb=verb, obj=person,
                     data={**record, "source": "scim"})
    if "title" in changes:
        RoleAssignment.objects.filter(
            organisation=organisation, user=person, source=AssignmentSource.SCIM
        ).exclude(title=changes["title"] or "").update(title=(changes["title"] or "")[:200])
    _external(organisation, person, changes.get("external_id"))
    return person


# --- Groups ------------------------------------------------------------------------


def scim_roles_sync(*, organisation: Organisation, person) -> None:
    """Make the person's SCIM roles exactly those their mapped groups give; with none,
    they keep the organisation-wide employee role they were created with."""
    wanted = {
        (group.unit_id, group.role_level)
        for group in ScimGroup.objects.filter(organisation=organisation, members=person)
        if group.role_level
    } or {(None, RoleLevel.EMPLOYEE)}
    held = {
        (a.unit_id, a.role_level): a
        for a in RoleAssignment.objects.filter(
            organisation=organisation, user=person, source=AssignmentSource.SCIM
        )
    }
    others = set(
        RoleAssignment.objects.filter(organisation=organisation, user=person)
        .exclude(source=AssignmentSource.SCIM).values_list("unit_id", "role_level")
    )
    units = {u.pk: u for u in Unit.objects.filter(
        organisation=organisation, pk__in=[unit for unit, _level in wanted if unit]
    )}
    for unit_id, level in wanted - set(held) - others:
        assignment = role_assignment_create(
            user=person, organisation=organisation, role_level=level,
            unit=units.get(unit_id),
        )
        assignment.source = AssignmentSource.SCIM
        assignment.save(update_fields=["source", "updated_at"])
    for key, assignment in held.items():
        if key not in wanted:
            assignment.delete()


def _members(organisation, ids):
    ids = [str(i) for i in ids]
    people = list(permissions.people_of(organisation).filter(
        pk__in=[int(i) for i in ids if i.isdigit()]
    ))
    if len(people) != len(set(ids)):
        raise ValidationError(_("A member is not a person of this organisation."))
    return people


@transaction.atomic
def scim_group_save(
    *, organisation: Organisation, group: ScimGroup | None, display_name: str | None = None,
    external_id: str | None = None, add: list | None = None, remove: list | None = None,
    replace: list | None = None,
) -> ScimGroup:
    """Create or change a group as the identity provider says; members' roles follow."""
    created = group is None
    if created:
        name = (display_name or "").strip()
        if not name:
            raise ValidationError(_("A group needs a displayName."))
        # A group named as exactly one open unit is that unit's employees until the
        # communications department maps it otherwise.
        units = list(Unit.objects.for_organisation(organisation).open().filter(name=name)[:2])
        group = ScimGroup.objects.create(
            organisation=organisation, display_name=name[:255],
            external_id=(external_id or "")[:255],
            unit=units[0] if len(units) == 1 else None,
            role_level=RoleLevel.EMPLOYEE if len(units) == 1 else "",
        )
    else:
        group = ScimGroup.objects.select_for_update().get(pk=group.pk)
        fields = []
        if display_name and display_name.strip() != group.display_name:
            group.display_name = display_name.strip()[:255]
            fields.append("display_name")
        if external_id is not None and external_id != group.external_id:
            group.external_id = external_id[:255]
            fields.append("external_id")
        if fields:
            group.save(update_fields=fields)
    before = set(group.members.values_list("pk", flat=True))
    if replace is not None:
        group.members.set(_members(organisation, replace))
    if add:
        group.members.add(*_members(organisation, add))
    if remove:
        group.members.remove(*_members(organisation, remove))
    after = set(group.members.values_list("pk", flat=True))
    for person in permissions.people_of(organisation).filter(pk__in=before ^ after):
        scim_roles_sync(organisation=organisation, person=person)
    audit_record(
        organisation=organisation, actor=None,
        verb="scim_group.created" if created else "scim_group.changed", obj=group,
        data={"added": sorted(after - before), "removed": sorted(before - after)},
    )
    return group


@transaction.atomic
def scim_group_delete(*, organisation: Organisation, group: ScimGroup) -> None:
    people = list(group.members.all())
    audit_record(organisation=organisation, actor=None, verb="scim_group.deleted", obj=group)
    group.delete()
    for person in people:
        scim_roles_sync(organisation=organisation, person=person)


@transaction.atomic
def scim_group_map(*, actor, group: ScimGroup, role_level: str, unit=None) -> ScimGroup:
    """The communications department says what a group means: a role level, in a unit
    or in the whole organisation; empty role level, nothing. Members' roles follow."""
    organisation = group.organisation
    permissions.require(actor, ADMINISTER, organisation)
    if role_level and role_level not in RoleLevel.values:
        raise ValidationError({"role_level": _("Choose one of the offered role levels.")})
    if unit is not None and (unit.organisation_id != organisation.pk or unit.closed_at):
        raise ValidationError({"unit": _("The unit is closed and takes no new roles.")})
    group = ScimGroup.objects.select_for_update().get(pk=group.pk)
    before = {"role_level": group.role_level, "unit": group.unit.name if group.unit else None}
    group.role_level, group.unit = role_level, unit if role_level else None
    group.save(update_fields=["role_level", "unit"])
    for person in group.members.all():
        scim_roles_sync(organisation=organisation, person=person)
    audit_record(
        organisation=organisation, actor=actor, verb="scim_group.mapped", obj=group,
        data={"from": before,
              "to": {"role_level": role_level, "unit": unit.name if unit else None}},
    )
    return group
