"""What each dashboard's kept page depends on among the follow-up's counters.

Acknowledgements and check-ins raise counters of the person, of their units and those
above, and of the organisation; check-ins also the counter of their unit's own
check-ins (apps/obligations/tallies.py). viewer_for reads them with the person's
roles, in the same query; each dashboard puts in its page's key only those of what it
shows (apps/core/page_cache.serve):

- the employee's page shows the person's own obligations: their own counter;
- a leader's page shows their own obligations with their units' check-ins, and the
  follow-up of their units and everything below them. The first is the page itself,
  with their own counter and their units' check-in counters in its key (their own
  writes and those of the unit's other leaders show at once); the follow-up is a part
  of its own (page_cache.Shared, kept for the person: it leaves them out), with their
  units' counters as its `recent` (the writes of the people below them within a
  second: a centre counts hundreds of people, so under a stream of writes the part is
  rendered once a second, not once a write, and the rest of the page not at all);
- the executive board's and the communications department's pages show the whole
  organisation's follow-up in parts rendered once for everyone (page_cache.Shared),
  with the organisation's counter as their `recent`; the rest of the page shows none
  of it and has the person's own counter in its key (their own write renders the page
  anew, and with it the parts, at once);
- the politician's page shows no follow-up: nothing.
"""

from apps.core import sql
from apps.obligations.models import FollowUpCounter

# The counters read with a person's roles, in roles.viewer_for's query: the person's,
# their unit's, their unit's own check-ins' and their organisation's (0 before the
# first write).
NAMES = ("followup_person", "followup_unit", "followup_check_ins", "followup_organisation")


def counter_columns(assignment: str) -> tuple[list[str], list]:
    """SQL columns (and their parameters) giving NAMES' counters of the role assignment
    row aliased `assignment`."""
    table = sql.table(FollowUpCounter)
    kind = FollowUpCounter.Kind
    scopes = (
        (kind.PERSON, f"{assignment}.user_id"),
        (kind.UNIT, f"{assignment}.unit_id"),
        (kind.UNIT_CHECK_INS, f"{assignment}.unit_id"),
        (kind.ORGANISATION, "0"),
    )
    columns = [
        f"COALESCE((SELECT c.value FROM {table} c "  # noqa: S608 - our own names
        f"WHERE c.organisation_id = {assignment}.organisation_id AND c.kind = %s "
        f"AND c.scope_id = {scope}), 0)"
        for _kind, scope in scopes
    ]
    return columns, [kind_.value for kind_, _scope in scopes]


def dependencies(viewer, dashboard: str) -> dict:
    """page_cache.serve's `scopes` for this person's dashboard (a roles.Dashboard)."""
    if not viewer.assignments:
        return {}
    person = ("person", viewer.assignments[0].followup_person)
    if dashboard == "employee":
        return {"scopes": (person,)}
    if dashboard == "leader":
        return {"scopes": (person, ("check-ins", *_of_units(viewer, "followup_check_ins")))}
    if dashboard in ("executive", "communications"):
        # The whole organisation's follow-up is in the page's Shared parts (their
        # `recent`: followup_recent); the rest of the page shows none of it.
        return {"scopes": (person,)}
    return {}


def followup_recent(viewer, dashboard: str):
    """The `recent` of the dashboard's follow-up part (page_cache.Shared): a leader's,
    their units' counters; the executive board's and the communications department's,
    the organisation's."""
    if not viewer.assignments:
        return 0
    if dashboard == "leader":
        return _of_units(viewer, "followup_unit")
    return viewer.assignments[0].followup_organisation


def _of_units(viewer, counter: str) -> tuple:
    """(unit id, its counter `counter`, one of NAMES) of each unit the person has a
    role in, in order."""
    return tuple(sorted({
        (a.unit_id, getattr(a, counter)) for a in viewer.assignments if a.unit_id
    }))
