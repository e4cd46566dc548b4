"""Drilling down from a dashboard: organisation → centre → workplace → people.

Every unit of the executive board's and a centre's follow-up table is a link to the
unit's own page: its figures, the units right below it (each a link again, paged),
and the people in it and below it with what each has acknowledged (paged). Who may
open a unit is who may follow it up (apps.obligations.permissions.FOLLOW_UP): the
executive board and the communications department any unit of their organisation,
a leader their units and those below. Anything else is missing (404).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apps.obligations import permissions as obligation_permissions
from apps.obligations import selectors as obligation_selectors
from apps.obligations.models import quarter_start

from . import roles
from .roles import Dashboard

UNITS_PER_PAGE = 50
PEOPLE_PER_PAGE = 50


def unit_url(unit) -> str:
    return reverse("dashboards:unit", args=[unit.pk])


def link_rows(rows) -> list[dict]:
    """Give each follow-up row the link to its unit's page (the rows are the caller's)."""
    for row in rows:
        row["url"] = unit_url(row["unit"])
    return rows


def _page_links(request, parameter: str, page) -> dict:
    def link(number):
        query = request.GET.copy()
        query[parameter] = number
        return f"?{query.urlencode()}"

    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }


def _trail(viewer, unit, tree) -> list[dict]:
    """Where the unit sits: the viewer's dashboard, then each unit above it the viewer
    may open, as links; the unit itself last, not a link."""
    reach = {
        a.unit.path for a in viewer.assignments
        if a.unit is not None and a.role_level in obligation_permissions.LEADERSHIP_LEVELS
    }
    wide = any(
        a.role_level in obligation_permissions.ORGANISATION_WIDE_FOLLOW_UP
        for a in viewer.assignments
    )
    if wide:
        dashboard = next(
            (d for d in (Dashboard.EXECUTIVE, Dashboard.COMMUNICATIONS) if d in viewer.dashboards),
            Dashboard.EXECUTIVE,
        )
        trail = [{"name": viewer.organisation.name, "url": reverse(roles.URL_NAME[dashboard])}]
    else:
        trail = [{"name": viewer.organisation.name, "url": reverse("dashboards:leader")}]
    for pk in reversed(tree.up(unit.pk)[1:]):
        above = tree.get(pk)
        if wide or any(above.path.startswith(path) for path in reach):
            trail.append({"name": above.name, "url": unit_url(above)})
    return trail


def unit_page(request, pk):
    """One unit's follow-up, its units one level down and its people."""
    viewer = roles.viewer_for(request.user)
    unit = obligation_permissions.get_unit_for_user(
        request.user, pk, obligation_permissions.FOLLOW_UP
    )
    if viewer.organisation is None or unit.organisation_id != viewer.organisation.pk:
        # Only units of the organisation the person works in (the page header's).
        raise Http404
    organisation = viewer.organisation
    today = timezone.localdate()
    period = quarter_start(today)
    stamp = obligation_selectors.organisation_stamp(organisation, period)
    index = obligation_selectors.obligation_index(organisation, stamp=stamp)
    follow = obligation_selectors.follow_up(
        organisation, within=unit, index=index, stamp=stamp, period=period, today=today
    )
    tree = index.tree
    children = [u for u in tree.in_order() if u.parent_id == unit.pk]
    units = Paginator(children, UNITS_PER_PAGE).get_page(request.GET.get("units"))
    people = Paginator(follow.people, PEOPLE_PER_PAGE).get_page(request.GET.get("people"))
    (own,) = follow.rows([unit])
    return render(request, "dashboards/unit.html", {
        "viewer": viewer,
        "organisation": organisation,
        "unit": unit,
        "period": period,
        "today": today,
        "trail": _trail(viewer, unit, tree),
        "own": own,
        "unit_rows": link_rows(follow.rows(units.object_list)),
        "units_page": units,
        "units_pages": _page_links(request, "units", units),
        "people": people,
        "people_pages": _page_links(request, "people", people),
    })
