"""What each dashboard's kept page depends on among the follow-up's counters.

Acknowledgements and check-ins raise counters of the person, of their units and those
above, and of the organisation (apps/obligations/tallies.py). viewer_for reads them
with the person's roles, in the same query; each dashboard puts in its page's key
only those of what it shows (apps/core/page_cache.serve):

- the employee's page shows the person's own obligations: their own counter;
- a leader's page shows their units and everything below them, and their own
  obligations: their own counter in the key (their own writes, acknowledgements and
  check-ins, show at once) and their units' counters as `recent` (the writes of the
  people below them within a second: a centre's page counts hundreds of people, so
  under a stream of writes it is rendered once a second, not once a write);
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
# their unit's and their organisation's (0 before the first write).
NAMES = ("followup_person", "followup_unit", "followup_organisation")


def counter_columns(assignment: str) -> tuple[list[str], list]:
    """SQL columns (and their parameters) giving NAMES' counters of the role assignment
    row aliased `assignment`."""
    table = sql.table(FollowUpCounter)
    kind = FollowUpCounter.Kind
    columns = []
    for scope in (f"{assignment}.user_id", f"{assignment}.unit_id", "0"):
        columns.append(
            f"COALESCE((SELECT c.value FROM {table} c "  # noqa: S608 - our own names
            f"WHERE c.organisation_id = {assignment}.organisation_id AND c.kind = %s "
            f"AND c.scope_id = {scope}), 0)"
        )
    return columns, [kind.PERSON.value, kind.UNIT.value, kind.ORGANISATION.value]


def dependencies(viewer, dashboard: str) -> dict:
    """page_cache.serve's `scopes` and `recent` for this person's dashboard (a
    roles.Dashboard)."""
    if not viewer.assignments:
        return {}
    first = viewer.assignments[0]
    person = ("person", first.followup_person)
    if dashboard == "employee":
        return {"scopes": (person,)}
    if dashboard == "leader":
        units = sorted({(a.unit_id, a.followup_unit) for a in viewer.assignments if a.unit_id})
        return {"scopes": (person,), "recent": tuple(units)}
    if dashboard in ("executive", "communications"):
        # The whole organisation's follow-up is in the page's Shared parts (their
        # `recent`: organisation_counter); the rest of the page shows none of it.
        return {"scopes": (person,)}
    return {}


def organisation_counter(viewer) -> int:
    """The organisation's counter: raised by every write of its follow-up."""
    return viewer.assignments[0].followup_organisation if viewer.assignments else 0
