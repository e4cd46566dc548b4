"""The communications department's changes to units, people, roles and the
responsibility holders its policies name.

Each service is atomic, checks that the actor administers the organisation, validates,
saves through the models (whose signals raise the organisation's generations, so no
kept page shows an old name) and writes its audit row. People are never deleted: a
person who leaves is deactivated and keeps their history.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.audit.services import audit_record
from apps.organisations.models import (
    AssignmentSource,
    HolderKind,
    Organisation,
    ResponsibilityHolder,
    RoleAssignment,
    RoleLevel,
    Unit,
    UnitKind,
)
from apps.organisations.services import organisation_role_groups, role_assignment_create

from .. import permissions
from ..permissions import ADMINISTER, ADMINISTERING_LEVELS

User = get_user_model()


# --- Units -------------------------------------------------------------------------


def _check_parent(*, organisation, unit, parent) -> None:
    if parent is None:
        return
    if parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": _("The unit belongs to another organisation.")})
    if parent.closed_at is not None:
        raise ValidationError({"parent": _("A closed unit cannot take new units.")})
    if unit is not None and unit.pk and parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or one of its own units.")}
        )


def _check_name_free(*, organisation, unit, parent, name) -> None:
    siblings = Unit.objects.filter(organisation=organisation, parent=parent, name=name)
    if unit is not None and unit.pk:
        siblings = siblings.exclude(pk=unit.pk)
    if siblings.exists():
        raise ValidationError({"name": _("There is already a unit of that name in that place.")})


@transaction.atomic
def unit_create(*, actor, organisation: Organisation, name: str, kind: str, parent=None) -> Unit:
    permissions.require(actor, ADMINISTER, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Choose one of the offered kinds.")})
    _check_parent(organisation=organisation, unit=None, parent=parent)
    _check_name_free(organisation=organisation, unit=None, parent=parent, name=name)
    unit = Unit.objects.create(organisation=organisation, name=name, kind=kind, parent=parent)
    audit_record(
        organisation=organisation, actor=actor, verb="unit.created", obj=unit,
        data={"parent": parent.name if parent else None, "kind": kind},
    )
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, name: str, kind: str, parent=None) -> Unit:
    """Rename a unit, change its kind, or move it (with everything below it)."""
    organisation = unit.organisation
    permissions.require(actor, ADMINISTER, organisation)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Choose one of the offered kinds.")})
    _check_parent(organisation=organisation, unit=unit, parent=parent)
    _check_name_free(organisation=organisation, unit=unit, parent=parent, name=name)
    before = {"name": unit.name, "kind": unit.kind, "parent": unit.parent_id}
    after = {"name": name, "kind": kind, "parent": parent.pk if parent else None}
    if before == after:
        return unit
    old_name, old_parent = unit.name, unit.parent
    unit.name, unit.kind, unit.parent = name, kind, parent
    unit.save()
    if old_name != name:
        audit_record(
            organisation=organisation, actor=actor, verb="unit.renamed", obj=unit,
            data={"from": old_name, "to": name},
        )
    if before["parent"] != after["parent"]:
        audit_record(
            organisation=organisation, actor=actor, verb="unit.moved", obj=unit,
            data={
                "from": old_parent.name if old_parent else None,
                "to": parent.name if parent else None,
            },
        )
    if before["kind"] != kind:
        audit_record(
            organisation=organisation, actor=actor, verb="unit.changed", obj=unit,
            data={"kind": {"from": before["kind"], "to": kind}},
        )
    return unit


@transaction.atomic
def unit_close(*, actor, unit: Unit) -> Unit:
    """Close a unit that has no open units and no active people below it. It stays, with
    its history, but takes no new people."""
    organisation = unit.organisation
    permissions.require(actor, ADMINISTER, organisation)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.closed_at is not None:
        raise ValidationError(_("The unit is already closed."))
    if unit.children.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("Close or move the units below it first."))
    if unit.role_assignments.filter(user__is_active=True).exists():
        raise ValidationError(
            _("People still have roles in this unit. Move them to another unit first.")
        )
    unit.closed_at = timezone.now()
    unit.save(update_fields=["closed_at", "updated_at"])
    audit_record(organisation=organisation, actor=actor, verb="unit.closed", obj=unit)
    return unit


@transaction.atomic
def unit_reopen(*, actor, unit: Unit) -> Unit:
    organisation = unit.organisation
    permissions.require(actor, ADMINISTER, organisation)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.closed_at is None:
        raise ValidationError(_("The unit is open."))
    if unit.parent_id and unit.parent.closed_at is not None:
        raise ValidationError(_("Reopen the unit above it first."))
    unit.closed_at = None
    unit.save(update_fields=["closed_at", "updated_at"])
    audit_record(organisation=organisation, actor=actor, verb="unit.reopened", obj=unit)
    return unit


# --- Responsibility holders -------------------------------------------------------

HOLDER_NAME_MAX = ResponsibilityHolder._meta.get_field("name").max_length


def _holder_values(*, organisation, holder, name, kind, role_level, description) -> dict:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the holder a name.")})
    if len(name) > HOLDER_NAME_MAX:
        raise ValidationError(
            {"name": _("Keep the name to %(max)d characters.") % {"max": HOLDER_NAME_MAX}}
        )
    if kind not in HolderKind.values:
        raise ValidationError({"kind": _("Choose one of the offered kinds.")})
    role_level = role_level or ""
    if role_level and role_level not in RoleLevel.values:
        raise ValidationError(
            {"role_level": _("Choose one of the offered role levels, or none.")}
        )
    others = ResponsibilityHolder.objects.filter(organisation=organisation, name=name)
    if holder is not None:
        others = others.exclude(pk=holder.pk)
    if others.exists():
        raise ValidationError({"name": _(
            "The organisation already has a holder called “%(name)s”. Choose another name, "
            "or change the existing holder."
        ) % {"name": name}})
    description = (description or "").replace("\r\n", "\n").strip()
    return {"name": name, "kind": kind, "role_level": role_level, "description": description}


def _saved(holder: ResponsibilityHolder) -> None:
    """Save, refusing (not failing on) a name another request took a moment ago."""
    try:
        with transaction.atomic():
            holder.save()
    except IntegrityError:
        raise ValidationError({"name": _(
            "The organisation already has a holder called “%(name)s”. Choose another name, "
            "or change the existing holder."
        ) % {"name": holder.name}}) from None


def holders_with_uses(holders):
    """The holders, each with `uses`: how many parts of strategies (responsibilities,
    spokesperson rules, in any version) name it (counted in the same query)."""
    return holders.annotate(
        uses=Count("responsibilities", distinct=True) + Count("spokesperson_rules", distinct=True)
    )


def holder_uses(holder: ResponsibilityHolder) -> int:
    """How many parts of strategies name the holder (holders_with_uses)."""
    return holders_with_uses(
        ResponsibilityHolder.objects.filter(pk=holder.pk)
    ).values_list("uses", flat=True).get()


@transaction.atomic
def holder_create(
    *, actor, organisation: Organisation, name: str, kind: str, role_level: str = "",
    description: str = "",
) -> ResponsibilityHolder:
    """A committee, company, office or other body the organisation's policies give
    responsibilities or the right to speak."""
    permissions.require(actor, ADMINISTER, organisation)
    values = _holder_values(
        organisation=organisation, holder=None, name=name, kind=kind, role_level=role_level,
        description=description,
    )
    holder = ResponsibilityHolder(organisation=organisation, **values)
    _saved(holder)
    audit_record(
        organisation=organisation, actor=actor, verb="holder.created", obj=holder,
        data={"kind": holder.kind, "role_level": holder.role_level},
    )
    return holder


@transaction.atomic
def holder_update(
    *, actor, holder: ResponsibilityHolder, name: str, kind: str, role_level: str = "",
    description: str = "",
) -> ResponsibilityHolder:
    """Rename a holder or change what it is and who carries its duties. The strategies
    that name it follow: a new role level changes whose obligations its duties are."""
    organisation = holder.organisation
    permissions.require(actor, ADMINISTER, organisation)
    holder = ResponsibilityHolder.objects.select_for_update().get(pk=holder.pk)
    values = _holder_values(
        organisation=organisation, holder=holder, name=name, kind=kind, role_level=role_level,
        description=description,
    )
    changes = {
        field: {"from": getattr(holder, field), "to": value}
        for field, value in values.items()
        if getattr(holder, field) != value
    }
    if not changes:
        return holder
    for field, value in values.items():
        setattr(holder, field, value)
    _saved(holder)
    audit_record(
        organisation=organisation, actor=actor, verb="holder.changed", obj=holder,
        data=changes,
    )
    return holder


@transaction.atomic
def holder_delete(*, actor, holder: ResponsibilityHolder) -> None:
    """Delete a holder no part of any strategy names; one in use stays, and with it
    every version that names it, adopted ones above all."""
    organisation = holder.organisation
    permissions.require(actor, ADMINISTER, organisation)
    holder = ResponsibilityHolder.objects.select_for_update().get(pk=holder.pk)
    uses = holder_uses(holder)
    if uses:
        raise ValidationError(ngettext(
            "“%(name)s” is named by %(count)d part of a strategy, so it cannot be deleted. "
            "Nothing was changed or lost.",
            "“%(name)s” is named by %(count)d parts of strategies, so it cannot be deleted. "
            "Nothing was changed or lost.",
            uses,
        ) % {"name": holder.name, "count": uses})
    audit_record(
        organisation=organisation, actor=actor, verb="holder.deleted", obj=holder,
        data={"name": holder.name, "kind": holder.kind, "role_level": holder.role_level},
    )
    try:
        with transaction.atomic():
            holder.delete()
    except ProtectedError:  # named by a part saved since the count: it stays
        raise ValidationError(
            _("“%(name)s” is now used by a strategy, so it cannot be deleted. "
              "Nothing was changed or lost.") % {"name": holder.name}
        ) from None


# --- People ------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_email(*, email: str, person=None) -> str:
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(
            {"email": _("Enter an e-mail address such as name@example.dk.")}
        ) from error
    taken = User.objects.annotate(lower_email=Lower("email")).filter(lower_email=email)
    taken = taken | User.objects.filter(username__iexact=email)
    if person is not None:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise ValidationError({"email": _("Another person already has this e-mail address.")})
    return email


def _check_manager(*, organisation, person, manager) -> None:
    if manager is None:
        return
    if person is not None and manager.pk == person.pk:
        raise ValidationError({"manager": _("A person cannot be their own manager.")})
    if not permissions.people_of(organisation).filter(pk=manager.pk, is_active=True).exists():
        raise ValidationError(
            {"manager": _("The manager must be an active person of the organisation.")}
        )


def _check_unit(*, organisation, unit, role_level) -> None:
    if role_level not in RoleLevel.values:
        raise ValidationError({"role_level": _("Choose one of the offered role levels.")})
    if unit is None:
        return
    if unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("The unit belongs to another organisation.")})
    if unit.closed_at is not None:
        raise ValidationError({"unit": _("The unit is closed and takes no new roles.")})


@transaction.atomic
def person_create(
    *, actor, organisation: Organisation, email: str, full_name: str, role_level: str,
    unit=None, title: str = "", manager=None,
):
    """A new person with their first role in the organisation. They sign in through
    the organisation's identity provider, or set a password through an operator."""
    permissions.require(actor, ADMINISTER, organisation)
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Give the person's name.")})
    email = _check_email(email=email)
    _check_unit(organisation=organisation, unit=unit, role_level=role_level)
    _check_manager(organisation=organisation, person=None, manager=manager)
    person = User(username=email, email=email, full_name=full_name, preferred_language="")
    person.set_unusable_password()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # the same address, created a moment ago
        raise ValidationError(
            {"email": _("Another person already has this e-mail address.")}
        ) from error
    assignment = role_assignment_create(
        user=person, organisation=organisation, role_level=role_level, unit=unit,
        title=title.strip(),
    )
    if manager is not None:
        assignment.manager = manager
        assignment.save(update_fields=["manager", "updated_at"])
    audit_record(
        organisation=organisation, actor=actor, verb="person.created", obj=person,
        data={"email": email, "role_level": role_level, "unit": unit.name if unit else None},
    )
    return person


@transaction.atomic
def person_update(*, actor, organisation: Organisation, person, email: str, full_name: str):
    permissions.require(actor, ADMINISTER, organisation)
    person = permissions.people_of(organisation).select_for_update().get(pk=person.pk)
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Give the person's name.")})
    email = _check_email(email=email, person=person)
    _refuse_shared(organisation, person)
    changes = {}
    if person.full_name != full_name:
        changes["full_name"] = {"from": person.full_name, "to": full_name}
    if normalise_email(person.email) != email:
        changes["email"] = {"from": person.email, "to": email}
    if not changes:
        return person
    person.full_name, person.email = full_name, email
    fields = ["full_name", "email"]
    if person.username != email and "@" in person.username:
        person.username = email
        fields.append("username")
    person.save(update_fields=fields)
    audit_record(
        organisation=organisation, actor=actor, verb="person.changed", obj=person, data=changes
    )
    return person


def works_elsewhere(organisation, person) -> bool:
    return RoleAssignment.objects.filter(user=person).exclude(organisation=organisation).exists()


def _refuse_shared(organisation, person) -> None:
    # A person who also works for another organisation is theirs too: neither may change
    # who the person is for the other; the installation's operators can.
    if works_elsewhere(organisation, person):
        raise ValidationError(
            _(
                "This person also works for another organisation. Ask the operators "
                "of Kompas to change them."
            )
        )


@transaction.atomic
def person_deactivate(*, actor, organisation: Organisation, person):
    """The person can no longer sign in; their roles, comments, check-ins and
    acknowledgements stay, with their name."""
    permissions.require(actor, ADMINISTER, organisation)
    person = permissions.people_of(organisation).select_for_update().get(pk=person.pk)
    if actor is not None and person.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    if not person.is_active:
        raise ValidationError(_("The person is already deactivated."))
    _refuse_shared(organisation, person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    audit_record(organisation=organisation, actor=actor, verb="person.deactivated", obj=person)
    return person


@transaction.atomic
def person_reactivate(*, actor, organisation: Organisation, person):
    permissions.require(actor, ADMINISTER, organisation)
    person = permissions.people_of(organisation).select_for_update().get(pk=person.pk)
    if person.is_active:
        raise ValidationError(_("The person is active."))
    _refuse_shared(organisation, person)
    person.is_active = True
    person.save(update_fields=["is_active"])
    audit_record(organisation=organisation, actor=actor, verb="person.reactivated", obj=person)
    return person


# --- Roles -------------------------------------------------------------------------


def _assignment_data(assignment) -> dict:
    return {
        "role_level": assignment.role_level,
        "unit": assignment.unit.name if assignment.unit_id else None,
        "title": assignment.title,
        "manager": str(assignment.manager) if assignment.manager_id else None,
    }


def _check_duplicate(*, organisation, person, role_level, unit, exclude=None) -> None:
    same = RoleAssignment.objects.filter(
        organisation=organisation, user=person, role_level=role_level, unit=unit
    )
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError(_("The person already holds this role in this unit."))


@transaction.atomic
def assignment_create(
    *, actor, organisation: Organisation, person, role_level: str, unit=None,
    title: str = "", manager=None,
) -> RoleAssignment:
    permissions.require(actor, ADMINISTER, organisation)
    person = permissions.people_of(organisation).get(pk=person.pk)
    _check_unit(organisation=organisation, unit=unit, role_level=role_level)
    _check_manager(organisation=organisation, person=person, manager=manager)
    _check_duplicate(organisation=organisation, person=person, role_level=role_level, unit=unit)
    assignment = role_assignment_create(
        user=person, organisation=organisation, role_level=role_level, unit=unit,
        title=title.strip(),
    )
    if manager is not None:
        assignment.manager = manager
        assignment.save(update_fields=["manager", "updated_at"])
    audit_record(
        organisation=organisation, actor=actor, verb="role.given", obj=assignment,
        data={"person": str(person), **_assignment_data(assignment)},
    )
    return assignment


def _last_administrator(assignment) -> bool:
    return (
        assignment.role_level in ADMINISTERING_LEVELS
        and not RoleAssignment.objects.filter(
            organisation_id=assignment.organisation_id,
            role_level__in=ADMINISTERING_LEVELS,
            user__is_active=True,
        )
        .exclude(pk=assignment.pk)
        .exists()
    )


@transaction.atomic
def assignment_update(
    *, actor, assignment: RoleAssignment, role_level: str, unit=None, title: str = "",
    manager=None,
) -> RoleAssignment:
    """Change a role: its level, unit, job title or the person's manager in it."""
    organisation = assignment.organisation
    permissions.require(actor, ADMINISTER, organisation)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    person = assignment.user
    if assignment.unit_id != (unit.pk if unit else None):
        _check_unit(organisation=organisation, unit=unit, role_level=role_level)
    elif role_level not in RoleLevel.values:
        raise ValidationError({"role_level": _("Choose one of the offered role levels.")})
    _check_manager(organisation=organisation, person=person, manager=manager)
    _check_duplicate(
        organisation=organisation, person=person, role_level=role_level, unit=unit,
        exclude=assignment,
    )
    if role_level != assignment.role_level and _last_administrator(assignment):
        raise ValidationError(
            _("The organisation needs at least one person in the communications department.")
        )
    before = _assignment_data(assignment)
    assignment.role_level, assignment.unit, assignment.manager = role_level, unit, manager
    assignment.title = title.strip()
    after = _assignment_data(assignment)
    if before == after:
        return assignment
    assignment.save()
    audit_record(
        organisation=organisation, actor=actor, verb="role.changed", obj=assignment,
        data={
            "person": str(person),
            **{key: {"from": before[key], "to": after[key]} for key in before
               if before[key] != after[key]},
        },
    )
    return assignment


@transaction.atomic
def assignment_delete(*, actor, assignment: RoleAssignment) -> None:
    """Take a role away. The person stays (deactivate them to stop them signing in)."""
    organisation = assignment.organisation
    permissions.require(actor, ADMINISTER, organisation)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not RoleAssignment.objects.filter(user=assignment.user, organisation=organisation).exclude(
        pk=assignment.pk
    ).exists():
        raise ValidationError(
            _("This is the person's only role. Deactivate the person instead.")
        )
    if _last_administrator(assignment):
        raise ValidationError(
            _("The organisation needs at least one person in the communications department.")
        )
    data = {"person": str(assignment.user), **_assignment_data(assignment)}
    audit_record(
        organisation=organisation, actor=actor, verb="role.taken", obj=assignment, data=data
    )
    assignment.delete()


__all__ = [
    "AssignmentSource",
    "assignment_create",
    "assignment_delete",
    "assignment_update",
    "holder_create",
    "holder_delete",
    "holder_update",
    "holder_uses",
    "holders_with_uses",
    "normalise_email",
    "organisation_create",
    "person_create",
    "person_deactivate",
    "person_reactivate",
    "person_update",
    "unit_close",
    "unit_create",
    "unit_reopen",
    "unit_update",
    "works_elsewhere",
]


# --- Organisations (the operators') -------------------------------------------------


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, country: str, language: str, council_name: str,
    executive_board_name: str = "",
) -> Organisation:
    """A new municipality, set up by the installation's operators (no actor: a command).
    Its people, units and communications department come in with import_organisation."""
    organisation = Organisation(
        name=name.strip(), slug=slug.strip(), country=country, language=language,
        council_name=council_name.strip(), executive_board_name=executive_board_name.strip(),
    )
    organisation.full_clean()
    organisation.save()
    organisation_role_groups(organisation)
    audit_record(
        organisation=organisation, actor=None, verb="organisation.created", obj=organisation
    )
    return organisation
