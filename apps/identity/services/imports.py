"""Import units and people from an HR or AD file: plan first, then apply all or nothing.

`import_plan` reads the file and compares it with the organisation: which units and
people it creates, which people it changes (name, roles, job titles, managers), which
it reactivates and, for a full import, which it deactivates; and every bad row with
its line number and reason. `import_apply` carries a plan without errors out in one
transaction. A file imported twice changes nothing the second time.

Each row gives one role of a person: a person who is both leader and employee has two
rows. The roles an import brings in are its own (RoleAssignment.source): a full import
takes away imported roles the file no longer holds, and leaves roles given in the app.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.audit.models import AuditEvent
from apps.obligations.signals import ACTIVITY, STRUCTURE, generations_raise
from apps.organisations.models import (
    AssignmentSource,
    Organisation,
    RoleAssignment,
    RoleLevel,
    Unit,
    UnitKind,
)
from apps.organisations.services import organisation_role_groups

from .. import permissions
from ..permissions import ADMINISTER
from ..provisioning.tabular import PATH_SEPARATOR, FileError, Row, read_rows

User = get_user_model()
CONTENT = "content_generation"

__all__ = [
    "FileError", "ImportHasErrors", "ImportPlan", "import_apply", "import_plan", "role_level_of",
]


def _key(text: str) -> str:
    return "".join(text.split()).lower()


@functools.cache
def _role_levels() -> dict[str, str]:
    """Role levels by code and by their name in every language of the interface."""
    known = {_key(value): value for value in RoleLevel.values}
    for language in ("en", "da", "sv", "nb", "nn"):
        with translation.override(language):
            known.update({_key(str(label)): value for value, label in RoleLevel.choices})
    return known


def role_level_of(text: str) -> str | None:
    return _role_levels().get(_key(text)) if text else RoleLevel.EMPLOYEE


@dataclass
class Wanted:
    """What the file says about one person."""

    line: int
    email: str
    name: str
    # (unit path, role level) -> (job title, manager's e-mail)
    roles: dict = field(default_factory=dict)


@dataclass
class Change:
    email: str
    name: str
    changes: list[str]


@dataclass
class ImportPlan:
    organisation: Organisation
    full: bool
    errors: list[tuple[int, str]] = field(default_factory=list)
    units_created: list[tuple[str, ...]] = field(default_factory=list)
    people_created: list[Change] = field(default_factory=list)
    people_changed: list[Change] = field(default_factory=list)
    people_reactivated: list[Change] = field(default_factory=list)
    people_deactivated: list[Change] = field(default_factory=list)
    # Missing from a full import but kept: the importing person, people of other
    # organisations too.
    people_kept: list[Change] = field(default_factory=list)
    rows: int = 0
    wanted: dict[str, Wanted] = field(default_factory=dict, repr=False)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def changes_nothing(self) -> bool:
        return not (
            self.units_created or self.people_created or self.people_changed
            or self.people_reactivated or self.people_deactivated
        )

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "units_created": len(self.units_created),
            "people_created": len(self.people_created),
            "people_changed": len(self.people_changed),
            "people_reactivated": len(self.people_reactivated),
            "people_deactivated": len(self.people_deactivated),
        }


def _unit_paths(organisation) -> dict[tuple[str, ...], Unit]:
    units = {u.pk: u for u in Unit.objects.filter(organisation=organisation)}
    paths = {}
    for unit in units.values():
        names = tuple(units[int(pk)].name for pk in unit.path.strip("/").split("/") if pk)
        paths[names] = unit
    return paths


def _split_path(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(PATH_SEPARATOR) if part.strip())


class _UnitResolver:
    """Turn a row's unit (a path, or a name and a parent) into the unit's path of names."""

    def __init__(self, rows: list[Row], existing: dict[tuple[str, ...], Unit]):
        self.existing = existing
        self.by_name = defaultdict(set)
        for path in existing:
            self.by_name[path[-1]].add(path)
        self.parents = {}
        for row in rows:
            name, parent = row.get("unit"), row.get("parent_unit")
            if name and parent and not row.get("unit_path"):
                self.parents.setdefault(name, parent)

    def _of_name(self, name: str, seen: frozenset) -> tuple[str, ...]:
        if name in seen:
            raise ValidationError(_("The units “%(unit)s” and its parents form a circle.")
                                  % {"unit": name})
        if name in self.parents:
            return self._of_parent(self.parents[name], seen | {name}) + (name,)
        known = self.by_name.get(name, set())
        if len(known) > 1:
            raise ValidationError(
                _("There are several units named “%(unit)s”. Give the unit's path instead.")
                % {"unit": name}
            )
        return next(iter(known)) if known else (name,)

    def _of_parent(self, parent: str, seen: frozenset) -> tuple[str, ...]:
        if PATH_SEPARATOR in parent:
            return _split_path(parent)
        return self._of_name(parent, seen)

    def path_of(self, row: Row) -> tuple[str, ...]:
        if row.get("unit_path"):
            return _split_path(row.get("unit_path"))
        name, parent = row.get("unit"), row.get("parent_unit")
        if not name:
            if parent:
                raise ValidationError(_("The row names a parent unit but no unit."))
            return ()
        if parent:
            return self._of_parent(parent, frozenset({name})) + (name,)
        return self._of_name(name, frozenset())


def _read_wanted(plan: ImportPlan, rows: list[Row], resolver: _UnitResolver):
    """What the file wants: units (paths) and people, with bad rows into plan.errors."""
    unit_paths: dict[tuple[str, ...], int] = {}
    wanted: dict[str, Wanted] = {}
    for row in rows:
        try:
            path = resolver.path_of(row)
        except ValidationError as error:
            plan.errors.append((row.line, error.messages[0]))
            continue
        if any(len(part) > 200 for part in path):
            plan.errors.append((row.line, _("A unit's name is longer than 200 characters.")))
            continue
        for depth in range(1, len(path) + 1):
            unit_paths.setdefault(path[:depth], row.line)
        email = row.get("email").lower()
        if not email:
            if row.get("name") or row.get("title") or row.get("manager_email"):
                plan.errors.append((row.line, _("The row names a person but no e-mail address.")))
            continue
        try:
            validate_email(email)
        except ValidationError:
            plan.errors.append(
                (row.line, _("“%(email)s” is not an e-mail address.") % {"email": email})
            )
            continue
        name = row.get("name")
        if not name:
            plan.errors.append(
                (row.line, _("The row has no name for %(email)s.") % {"email": email})
            )
            continue
        if len(name) > 200 or len(row.get("title")) > 200:
            plan.errors.append((row.line, _("A name or job title is longer than 200 characters.")))
            continue
        role_level = role_level_of(row.get("role_level"))
        if role_level is None:
            plan.errors.append((
                row.line,
                _("“%(role)s” is not a role level. Use one of: %(levels)s.")
                % {"role": row.get("role_level"), "levels": ", ".join(RoleLevel.values)},
            ))
            continue
        manager = row.get("manager_email").lower()
        if manager == email:
            plan.errors.append((row.line, _("A person cannot be their own manager.")))
            continue
        person = wanted.get(email)
        if person is None:
            person = wanted[email] = Wanted(line=row.line, email=email, name=name)
        elif person.name != name:
            plan.errors.append((
                row.line,
                _("%(email)s is called “%(name)s” here but “%(other)s” on line %(line)d.")
                % {"email": email, "name": name, "other": person.name, "line": person.line},
            ))
            continue
        if (path, role_level) in person.roles:
            plan.errors.append((
                row.line,
                _("%(email)s has the same role in the same unit on an earlier line.")
                % {"email": email},
            ))
            continue
        person.roles[path, role_level] = (row.get("title"), manager, row.line)
    return unit_paths, wanted


def _path_text(path) -> str:
    return f" {PATH_SEPARATOR} ".join(path) if path else _("the whole organisation")


def import_plan(*, actor, organisation: Organisation, data: bytes, filename: str,
                full: bool = False) -> ImportPlan:
    """What importing the file would do, changing nothing. Raises FileError for a file
    that cannot be read at all."""
    permissions.require(actor, ADMINISTER, organisation)
    rows = read_rows(data, filename)
    plan = ImportPlan(organisation=organisation, full=full, rows=len(rows))
    existing_units = _unit_paths(organisation)
    names_by_pk = {unit.pk: unit.name for unit in existing_units.values()}
    resolver = _UnitResolver(rows, existing_units)
    unit_paths, wanted = _read_wanted(plan, rows, resolver)
    plan.wanted = wanted
    level_names = dict(RoleLevel.choices)

    plan.units_created = [path for path in unit_paths if path not in existing_units]
    for person in wanted.values():
        for (path, _level), (_title, _manager, line) in person.roles.items():
            unit = existing_units.get(path)
            if unit is not None and unit.closed_at is not None:
                plan.errors.append((line, _("The unit “%(unit)s” is closed.")
                                    % {"unit": _path_text(path)}))

    # The organisation's people with their roles, by e-mail address.
    members = {
        _email_of(user): user
        for user in permissions.people_of(organisation).prefetch_related(
            _assignments_of(organisation)
        )
    }
    elsewhere = set(
        RoleAssignment.objects.exclude(organisation=organisation)
        .filter(user__in=permissions.people_of(organisation))
        .values_list("user_id", flat=True)
    )
    new_emails = [email for email in wanted if email not in members]
    taken = set(
        User.objects.annotate(lower=Lower("email")).filter(lower__in=new_emails)
        .values_list("lower", flat=True)
    ) | {name.lower() for name in User.objects.filter(username__in=new_emails)
         .values_list("username", flat=True)}
    active_members = {email for email, user in members.items() if user.is_active}

    for email, person in wanted.items():
        for (_path, _level), (_title, manager, line) in person.roles.items():
            if manager and manager not in wanted and manager not in active_members:
                plan.errors.append((
                    line,
                    _("The manager %(manager)s is neither in the file nor an active person "
                      "of the organisation.") % {"manager": manager},
                ))
        if email in taken:
            plan.errors.append((
                person.line,
                _("%(email)s belongs to a person of another organisation. Ask the operators "
                  "of Kompas.") % {"email": email},
            ))
            continue
        user = members.get(email)
        if user is None:
            plan.people_created.append(Change(email, person.name, [
                _("%(level)s in %(unit)s") % {"level": level_names[level], "unit": _path_text(path)}
                for path, level in person.roles
            ]))
            continue
        if user.pk in elsewhere and (user.full_name != person.name or not user.is_active):
            plan.errors.append((
                person.line,
                _("%(email)s also works for another organisation. Ask the operators of "
                  "Kompas to change them.") % {"email": email},
            ))
            continue
        changes = _role_changes(user, person, names_by_pk, level_names, full)
        if user.full_name != person.name:
            changes.insert(0, _("Name: “%(old)s” becomes “%(new)s”.")
                           % {"old": user.full_name, "new": person.name})
        if not user.is_active:
            plan.people_reactivated.append(Change(email, person.name, changes))
        elif changes:
            plan.people_changed.append(Change(email, person.name, changes))

    if full:
        for email, user in members.items():
            if email in wanted or not user.is_active:
                continue
            if (actor is not None and user.pk == actor.pk) or user.pk in elsewhere:
                plan.people_kept.append(Change(email, str(user), []))
            else:
                plan.people_deactivated.append(Change(email, str(user), []))

    plan.errors.sort()
    return plan


def _assignments_of(organisation):
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(organisation=organisation)
        .select_related("unit", "manager"),
        to_attr="roles_here",
    )


def _email_of(user) -> str:
    return (user.email or user.username).lower()


def _held(user, names_by_pk) -> dict:
    """The person's roles here by (unit path, role level)."""
    held = {}
    for assignment in user.roles_here:
        path = ()
        if assignment.unit_id:
            path = tuple(
                names_by_pk[int(pk)] for pk in assignment.unit.path.strip("/").split("/") if pk
            )
        held[path, assignment.role_level] = assignment
    return held


def _role_changes(user, person: Wanted, names_by_pk, level_names, full: bool) -> list[str]:
    have = _held(user, names_by_pk)
    changes = []
    for (path, level), (title, manager, _line) in person.roles.items():
        where = {"level": level_names[level], "unit": _path_text(path)}
        assignment = have.get((path, level))
        if assignment is None:
            changes.append(_("New role: %(level)s in %(unit)s.") % where)
            continue
        if assignment.title != title:
            changes.append(
                _("Job title as %(level)s in %(unit)s: “%(old)s” becomes “%(new)s”.")
                % {**where, "old": assignment.title, "new": title}
            )
        current = _email_of(assignment.manager) if assignment.manager_id else ""
        if current != manager:
            changes.append(
                _("Manager as %(level)s in %(unit)s: %(old)s becomes %(new)s.")
                % {**where, "old": current or "–", "new": manager or "–"}
            )
    if full:
        for key, assignment in have.items():
            if key not in person.roles and assignment.source == AssignmentSource.IMPORT:
                changes.append(
                    _("Role taken away: %(level)s in %(unit)s.")
                    % {"level": level_names[key[1]], "unit": _path_text(key[0])}
                )
    return changes


class ImportHasErrors(Exception):
    def __init__(self, plan: ImportPlan):
        super().__init__(f"{len(plan.errors)} bad rows")
        self.plan = plan


def _audit(organisation, actor, verb, object_type, object_id, object_repr, data=None):
    return AuditEvent(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb, object_type=object_type, object_id=object_id,
        object_repr=str(object_repr)[:300], data=data or {},
    )


@transaction.atomic
def import_apply(*, actor, organisation: Organisation, data: bytes, filename: str,
                 full: bool = False) -> ImportPlan:
    """Carry the file out, all or nothing. The plan is made again inside the transaction,
    so what is applied is what the file says against the organisation as it is now;
    raises ImportHasErrors (and changes nothing) if any row is bad."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    plan = import_plan(actor=actor, organisation=organisation, data=data, filename=filename,
                       full=full)
    if plan.has_errors:
        raise ImportHasErrors(plan)
    if plan.changes_nothing:
        return plan
    now = timezone.now()
    audit = []

    # Units, parents before their children.
    units = _unit_paths(organisation)
    for path in sorted(plan.units_created, key=len):
        unit = Unit.objects.create(
            organisation=organisation, name=path[-1], parent=units.get(path[:-1]),
            kind=UnitKind.ADMINISTRATION if len(path) == 1 else UnitKind.WORKPLACE,
        )
        units[path] = unit
        audit.append(_audit(organisation, actor, "unit.created", "Unit", unit.pk, unit,
                            {"path": list(path), "source": "import"}))
    names_by_pk = {unit.pk: unit.name for unit in units.values()}

    # People.
    members = {
        _email_of(user): user
        for user in permissions.people_of(organisation).prefetch_related(
            _assignments_of(organisation)
        )
    }
    created = [
        User(username=change.email, email=change.email, full_name=change.name,
             password=make_password(None), preferred_language="", is_active=True)
        for change in plan.people_created
    ]
    User.objects.bulk_create(created, batch_size=500)
    for user in created:
        user.roles_here = []
        members[user.email] = user
        audit.append(_audit(organisation, actor, "person.created", "User", user.pk, user,
                            {"email": user.email, "source": "import"}))
    renamed = []
    for change in [*plan.people_changed, *plan.people_reactivated]:
        user = members[change.email]
        user.full_name, user.is_active = plan.wanted[change.email].name, True
        renamed.append(user)
    User.objects.bulk_update(renamed, ["full_name", "is_active"], batch_size=500)
    for change in plan.people_changed:
        user = members[change.email]
        audit.append(_audit(organisation, actor, "person.changed", "User", user.pk, user,
                            {"changes": change.changes, "source": "import"}))
    for change in plan.people_reactivated:
        user = members[change.email]
        audit.append(_audit(organisation, actor, "person.reactivated", "User", user.pk, user,
                            {"changes": change.changes, "source": "import"}))
    gone = [members[change.email] for change in plan.people_deactivated]
    User.objects.filter(pk__in=[user.pk for user in gone]).update(is_active=False)
    for user in gone:
        audit.append(_audit(organisation, actor, "person.deactivated", "User", user.pk, user,
                            {"source": "import"}))

    # Roles.
    to_create, to_update, to_delete = [], [], []
    for email, person in plan.wanted.items():
        user = members[email]
        have = _held(user, names_by_pk)
        for (path, level), (title, manager, _line) in person.roles.items():
            manager_user = members.get(manager) if manager else None
            assignment = have.get((path, level))
            if assignment is None:
                to_create.append(RoleAssignment(
                    user=user, organisation=organisation, unit=units.get(path) if path else None,
                    role_level=level, title=title, manager=manager_user,
                    source=AssignmentSource.IMPORT,
                ))
            elif (assignment.title, assignment.manager_id, assignment.source) != (
                title, manager_user.pk if manager_user else None, AssignmentSource.IMPORT
            ):
                assignment.title, assignment.manager = title, manager_user
                assignment.source, assignment.updated_at = AssignmentSource.IMPORT, now
                to_update.append(assignment)
        if plan.full:
            to_delete += [
                a.pk for key, a in have.items()
                if key not in person.roles and a.source == AssignmentSource.IMPORT
            ]
    RoleAssignment.objects.bulk_create(to_create, batch_size=500)
    RoleAssignment.objects.bulk_update(
        to_update, ["title", "manager", "source", "updated_at"], batch_size=500
    )
    # One by one through the signals: a role taken away takes its permission group along.
    for assignment in RoleAssignment.objects.filter(pk__in=to_delete):
        assignment.delete()
    groups = organisation_role_groups(organisation)
    membership = User.groups.through
    membership.objects.bulk_create(
        [membership(user_id=a.user_id, group_id=groups[a.role_level].pk) for a in to_create],
        batch_size=1000, ignore_conflicts=True,
    )

    audit.append(_audit(
        organisation, actor, "organisation.imported", "Organisation", organisation.pk,
        organisation, {"file": filename[:200], "full": plan.full, **plan.summary()},
    ))
    AuditEvent.objects.bulk_create(audit, batch_size=1000)
    # bulk_create and update() pass the signals by: the kept pages and the follow-up
    # learn of the new people and units here, in the same transaction.
    generations_raise(STRUCTURE, ACTIVITY, CONTENT, pk=organisation.pk)
    return plan
