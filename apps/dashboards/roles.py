"""Which dashboards a person has, and which one the landing page opens."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.obligations.rules import LEADERSHIP_LEVELS
from apps.organisations.models import RoleAssignment, RoleLevel

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
    the follow-up counters of the person, the unit and the organisation (freshness.py).

    A person working for several organisations sees the first by name, the same
    organisation the page header shows.
    """
    rows = list(
        RoleAssignment.objects.filter(user=user)
        .select_related("organisation", "unit")
        .annotate(**freshness.counters())
        .order_by("organisation__name", "organisation_id", "pk")
    )
    if not rows:
        return Viewer(user=user, organisation=None)
    organisation = rows[0].organisation
    return Viewer(
        user=user,
        organisation=organisation,
        assignments=[a for a in rows if a.organisation_id == organisation.pk],
    )


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
