"""Which dashboards a person has, and which one the landing page opens."""

import functools
from dataclasses import dataclass, field

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from apps.core import sql
from apps.obligations.rules import LEADERSHIP_LEVELS
from apps.organisations.models import Organisation, RoleAssignment, RoleLevel, Unit

from . import freshness

SESSION_KEY = "dashboards.chosen"


class Dashboard(models.TextChoices):
    COMMUNICATIONS = "communications", _("Communications department")
    EXECUTIVE = "executive", _("Executive board")
    POLITICIAN = "politician", _("Politician")
    LEADER = "leader", _("Leader")
    EMPLOYEE = "employee", _("Employee")


# The order the landing page tries them in: the widest view of the organisation first.
PRIORITY = (
    Dashboard.COMMUNICATIONS,
    Dashboard.EXECUTIVE,
    Dashboard.POLITICIAN,
    Dashboard.LEADER,
    Dashboard.EMPLOYEE,
)

DASHBOARD_OF_ROLE = {
    RoleLevel.COMMUNICATIONS: Dashboard.COMMUNICATIONS,
    RoleLevel.EXECUTIVE_BOARD: Dashboard.EXECUTIVE,
    RoleLevel.POLITICIAN: Dashboard.POLITICIAN,
    RoleLevel.CENTRE: Dashboard.LEADER,
    RoleLevel.WORKPLACE: Dashboard.LEADER,
    RoleLevel.LEADER: Dashboard.LEADER,
    RoleLevel.EMPLOYEE: Dashboard.EMPLOYEE,
}

URL_NAME = {dashboard: f"dashboards:{dashboard.value}" for dashboard in Dashboard}


@dataclass
class Viewer:
    """The signed-in person in the organisation they work in, with their roles there."""

    user: object
    organisation: object | None
    assignments: list = field(default_factory=list)

    @property
    def dashboards(self) -> list[Dashboard]:
        # A leader's dashboard follows up a unit: a leading role without one gives none.
        held = {
            DASHBOARD_OF_ROLE[a.role_level] for a in self.assignments
            if a.unit_id is not None or a.role_level not in LEADERSHIP_LEVELS
        }
        return [dashboard for dashboard in PRIORITY if dashboard in held]

    @property
    def leadership_units(self) -> list:
        units = {
            a.unit.pk: a.unit for a in self.assignments
            if a.role_level in LEADERSHIP_LEVELS and a.unit is not None
        }
        return sorted(units.values(), key=lambda unit: (unit.path, unit.pk))


def viewer_for(user) -> Viewer:
    """One query: every role assignment of the user, with organisation and unit, and
    the follow-up counters of the person, the unit, its check-ins and the organisation
    (freshness.py).

    A person working for several organisations sees the first by name, the same
    organisation the page header shows.

    Every dashboard request asks this before its kept page can be served, so the query
    is written out once a process (apps/core/sql.py) rather than built by the ORM each
    time: building it (three subqueries, two joins) cost 7 of the 9 ms it took.
    """
    query, parameters, columns = _viewer_query()
    found = sql.rows(query, [*parameters, user.pk], columns.read)
    if not found:
        return Viewer(user=user, organisation=None)
    organisations: dict = {}
    assignments = []
    for row in found:
        values = iter(row)
        assignment, organisation, unit = (
            _instance(model, names, values) for model, names in _MODELS
        )
        organisation = organisations.setdefault(organisation.pk, organisation)
        for name in freshness.NAMES:
            setattr(assignment, name, next(values))
        _ORGANISATION.set_cached_value(assignment, organisation)
        _UNIT.set_cached_value(assignment, unit)
        assignments.append(assignment)
    organisation = assignments[0].organisation
    return Viewer(
        user=user,
        organisation=organisation,
        assignments=[a for a in assignments if a.organisation_id == organisation.pk],
    )


# The models viewer_for's columns hold, in order, with their table aliases.
_MODELS = [
    (model, [f.attname for f in model._meta.concrete_fields])
    for model in (RoleAssignment, Organisation, Unit)
]
_ALIASES = ("a", "o", "u")
_ORGANISATION = RoleAssignment._meta.get_field("organisation")
_UNIT = RoleAssignment._meta.get_field("unit")


def _instance(model, names: list[str], values):
    """The next len(names) values of the row as an instance of `model` (None for a
    left join that found nothing: its primary key, the first field, is NULL)."""
    fields = [next(values) for _name in names]
    if fields[0] is None:
        return None
    return model.from_db(connection.alias, names, fields)


@functools.cache
def _viewer_query() -> tuple[str, list, sql.Columns]:
    """SQL of viewer_for, its parameters before the user's id, and its columns."""
    columns = sql.columns([
        (alias, f)
        for (model, _names), alias in zip(_MODELS, _ALIASES, strict=True)
        for f in model._meta.concrete_fields
    ])
    counters, parameters = freshness.counter_columns("a")
    query = (
        f"SELECT {', '.join(columns.sql + counters)} "  # noqa: S608 - our own names
        f"FROM {sql.table(RoleAssignment)} a "
        f"JOIN {sql.table(Organisation)} o ON o.id = a.organisation_id "
        f"LEFT JOIN {sql.table(Unit)} u ON u.id = a.unit_id "
        f"WHERE a.user_id = %s ORDER BY o.name, o.id, a.id"
    )
    return query, parameters, columns


def choose(viewer: Viewer, session) -> Dashboard | None:
    """The dashboard chosen last in this session if the person still has it, else the first."""
    dashboards = viewer.dashboards
    chosen = session.get(SESSION_KEY)
    if chosen in dashboards:
        return Dashboard(chosen)
    return dashboards[0] if dashboards else None


def remember(session, dashboard: Dashboard) -> None:
    # Writing only on a change keeps repeated visits free of a session save.
    if session.get(SESSION_KEY) != dashboard.value:
        session[SESSION_KEY] = dashboard.value
