"""One dashboard per role; the landing page opens the one that fits the person."""

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.consultations import selectors as consultation_selectors
from apps.core import page_cache
from apps.followup import indicators as followup_indicators
from apps.followup import selectors as followup_selectors
from apps.followup import trends as followup_trends
from apps.obligations import selectors as obligation_selectors
from apps.obligations.models import quarter_start

from . import drilldown, freshness, obligation_rows, roles, selectors, trends
from .charts import bar_chart
from .roles import Dashboard

EXPORT_BUTTON_TEMPLATE = "exports/includes/export_button.html"


def home(request):
    """The landing page: the dashboard chosen last, or the first the person's roles give."""
    viewer = roles.viewer_for(request.user)
    chosen = roles.choose(viewer, request.session)
    if chosen is None:
        return render(request, "dashboards/no_role.html", {"viewer": viewer})
    return redirect(roles.URL_NAME[chosen])


def dashboard_view(
    dashboard: Dashboard, params: frozenset[str] = frozenset(), followup=None, actions=None,
    *, personal: bool = False,
):
    """Load the viewer, refuse (404) people without the role, remember the choice,
    and serve the page from page_cache while nothing it shows has changed. `params`:
    the query parameters the page knows.

    `followup` and `actions`: functions of the request and the viewer giving parts of
    the page that show the whole organisation and nothing of the person, rendered once
    for everyone (page_cache.Shared): `followup` its acknowledgements and check-ins
    (slots "followup", up to a second late), `actions` its actions and indicators
    (slots "actions"), which acknowledgements and check-ins do not change, so that a
    stream of those does not render them again. A "followup" part may hold "actions"
    slots (they are filled after it). `personal`: the parts are the person's own (a
    leader's staff, without them; the actions of the unit they lead), kept for each
    person apart."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            viewer = roles.viewer_for(request.user)
            if dashboard not in viewer.dashboards:
                raise Http404
            roles.remember(request.session, dashboard)
            shared = []
            if followup is not None:
                shared.append(page_cache.Shared(
                    "followup", lambda: followup(request, viewer),
                    recent=freshness.followup_recent(viewer, dashboard),
                    personal=personal,
                ))
            if actions is not None:
                shared.append(page_cache.Shared(
                    "actions", lambda: actions(request, viewer), personal=personal
                ))
            return page_cache.serve(
                request, viewer.organisation, params,
                lambda: view(request, viewer, *args, **kwargs),
                shared=tuple(shared),
                **freshness.dependencies(viewer, dashboard),
            )

        return wrapper

    return decorator


def _render(request, viewer, dashboard: Dashboard, context: dict):
    today = timezone.localdate()
    switcher = [
        {"label": d.label, "url": reverse(roles.URL_NAME[d]), "current": d == dashboard}
        for d in viewer.dashboards
    ]
    return render(
        request,
        f"dashboards/{dashboard.value}.html",
        {
            "viewer": viewer,
            "organisation": viewer.organisation,
            "dashboard": dashboard,
            "switcher": switcher if len(switcher) > 1 else [],
            "today": today,
            "period": quarter_start(today),
            **context,
        },
    )


def _coverage_chart(chart_id, title, description, rows, colour):
    return bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        rows=[
            (
                row["unit"].name,
                row["coverage"].percent,
                _("%(percent)s %%") % {"percent": row["coverage"].percent}
                if row["coverage"].percent is not None
                else _("No obligations"),
            )
            for row in rows
        ],
        maximum=100,
        colour=colour,
    )


# A centre's leader may have hundreds of people with something left to acknowledge.
PEOPLE_MISSING_PER_PAGE = 50


def _page_links(request, parameter: str, page) -> dict:
    """Links to the previous and next page of `page`, keeping the other parameters."""

    def link(number):
        query = request.GET.copy()
        query[parameter] = number
        return f"?{query.urlencode()}"

    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }


def _leader_unit(request, viewer):
    """The unit the leader asked for (?unit=), or the first they lead; 404 for another."""
    units = viewer.leadership_units
    wanted = request.GET.get("unit")
    unit = next((u for u in units if str(u.pk) == wanted), None) if wanted else units[0]
    if unit is None:
        raise Http404
    return unit


def _follow_up_basis(request, organisation):
    """(today, quarter, stamp, obligation index), read once a request: the leader's
    page and its follow-up part both need them when both are rendered."""
    if not hasattr(request, "_kompas_follow_up_basis"):
        today = timezone.localdate()
        period = quarter_start(today)
        stamp = obligation_selectors.organisation_stamp(organisation, period)
        index = obligation_selectors.obligation_index(organisation, stamp=stamp)
        request._kompas_follow_up_basis = (today, period, stamp, index)
    return request._kompas_follow_up_basis


def _leader_followup(request, viewer) -> dict[str, str]:
    """The follow-up of the leader's unit and those below it, without the leader:
    figures, trends, coverage per unit and the staff with obligations left (Shared
    "followup", the leader's own)."""
    unit = _leader_unit(request, viewer)
    organisation = viewer.organisation
    today, period, stamp, index = _follow_up_basis(request, organisation)
    follow = obligation_selectors.follow_up(
        organisation, within=unit, exclude_user=request.user, index=index, stamp=stamp,
        period=period, today=today,
    )
    subtree = [u for u in index.tree.in_order() if u.path.startswith(unit.path)]
    unit_rows = drilldown.link_rows(follow.rows(subtree))
    for row in unit_rows:
        # Indent from the leader's own unit, not from the top of the organisation.
        row["depth"] -= index.tree.depth(unit.pk)
    followup_selectors.with_current_overdue(
        unit_rows,
        followup_selectors.overdue_by_unit(
            _overdue_counts(request, organisation, today), index.tree
        ),
    )
    missing = Paginator(
        [p for p in follow.people if p.coverage.missing], PEOPLE_MISSING_PER_PAGE
    ).get_page(request.GET.get("people"))
    centre = unit.kind in trends.CENTRE_KINDS
    parts = _render_parts(request, {
        "staff": follow.total,
        "unit_rows": unit_rows,
        "people_missing": missing,
        "people_missing_pages": _page_links(request, "people", missing),
        "trends": trends.trends_context(
            organisation, today=today, index=index, colour=organisation.primary_colour,
            within=unit,
        ) if centre else None,
        # In the trends' section; rendered with the actions (_leader_actions).
        "followup_trends_part": page_cache.slots("actions")["trends"],
    }, figures="dashboards/includes/leader_figures.html",
        staff="dashboards/includes/leader_staff.html",
        **({"trends": "dashboards/includes/trends.html"} if centre else {}))
    parts.setdefault("trends", "")
    if request.GET.get("people", "1") != str(missing.number):
        # Out of range: another page's people. Shown, not kept under this number.
        parts[page_cache.DO_NOT_KEEP] = True
    return parts


def _leader_actions(request, viewer) -> dict[str, str]:
    """The trends of the actions and indicators of a centre's leader's unit, in the
    trends' section of their follow-up (Shared "actions", the leader's own), which
    acknowledgements and check-ins do not change."""
    unit = _leader_unit(request, viewer)
    if unit.kind not in trends.CENTRE_KINDS:
        return {"trends": ""}
    return _render_parts(request, {
        "followup_trends": followup_trends.trends_context(
            viewer.organisation, today=timezone.localdate(), within=unit
        ),
    }, trends="dashboards/includes/followup_trends.html")


@dashboard_view(
    Dashboard.LEADER, params=frozenset({"unit", "people"}), followup=_leader_followup,
    actions=_leader_actions, personal=True,
)
def leader(request, viewer):
    """The leader's own obligations in the unit, with its check-ins, and its actions;
    the follow-up of the people below them is a part of its own (_leader_followup),
    and so are the trends of its actions (_leader_actions)."""
    unit = _leader_unit(request, viewer)
    today, period, _stamp, index = _follow_up_basis(request, viewer.organisation)
    statuses = obligation_selectors.obligations_for_leader(
        request.user, unit, index=index, assignments=viewer.assignments, period=period
    )
    return _render(request, viewer, Dashboard.LEADER, {
        "unit": unit,
        "units": viewer.leadership_units,
        "statuses": statuses,
        "rows": obligation_rows.leader_rows(statuses),
        "acknowledged": sum(s.acknowledged for s in statuses),
        "checked_in": sum(s.check_in is not None for s in statuses),
        "actions": followup_selectors.unit_actions(unit, today),
        "followup": page_cache.slots("followup"),
        "next_url": request.get_full_path(),
    })


@dashboard_view(Dashboard.EMPLOYEE)
def employee(request, viewer):
    organisation = viewer.organisation
    statuses = obligation_selectors.obligations_for_user(
        request.user, organisation, assignments=viewer.assignments
    )
    return _render(request, viewer, Dashboard.EMPLOYEE, {
        "groups": obligation_selectors.grouped(statuses),
        "acknowledged": sum(s.acknowledged for s in statuses),
        "total": len(statuses),
        "principles": selectors.principles_by_strategy(
            selectors.adopted_principles(organisation)
        ),
        "spokesperson_rules": selectors.adopted_spokesperson_rules(organisation),
        "next_url": request.get_full_path(),
    })


def _compare_url(version_pk):
    try:
        return reverse("compare:with_adopted", args=[version_pk])
    except NoReverseMatch:
        return None


def _template_or_none(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


@dashboard_view(Dashboard.POLITICIAN)
def politician(request, viewer):
    adopted, proposed = selectors.politician_versions(request.user, viewer.organisation)
    for version in proposed:
        version.compare_url = _compare_url(version.pk) if version.adopted_pk else None
    return _render(request, viewer, Dashboard.POLITICIAN, {
        "adopted": adopted,
        "proposed": proposed,
        "export_button": _template_or_none(EXPORT_BUTTON_TEMPLATE),
    })


def _executive_followup(request, viewer) -> dict[str, str]:
    """The whole organisation's acknowledgements and check-ins on the executive board's
    page: figures, coverage per centre, trends (Shared "followup")."""
    organisation = viewer.organisation
    today = timezone.localdate()
    follow = obligation_selectors.follow_up(
        organisation, period=quarter_start(today), today=today
    )
    overdue = _overdue_counts(request, organisation, today)
    centre_rows = drilldown.link_rows(
        followup_selectors.with_current_overdue(
            follow.rows(follow.tree.roots()),
            followup_selectors.overdue_by_unit(overdue, follow.tree),
        )
    )
    return _render_parts(request, {
        "centre_rows": centre_rows,
        "total": follow.total,
        "overdue_total": sum(row["overdue"] for row in centre_rows),
        "check_ins_expected": sum(row["check_ins"].expected for row in centre_rows),
        "check_ins_recorded": sum(row["check_ins"].recorded for row in centre_rows),
        "coverage_chart": _coverage_chart(
            "coverage-per-centre",
            _("Acknowledgement coverage per centre"),
            _("Share of the obligations that the people in each centre have acknowledged."),
            centre_rows,
            organisation.primary_colour,
        ),
        "trends": trends.trends_context(
            organisation, today=today, index=follow.index, colour=organisation.primary_colour
        ),
        # In the trends' section; rendered with the actions (below).
        "followup_trends_part": page_cache.slots("actions")["trends"],
    }, figures="dashboards/includes/executive_figures.html",
        body="dashboards/includes/executive_followup.html")


def _executive_actions(request, viewer) -> dict[str, str]:
    """The whole organisation's overdue actions, indicators and their trends on the
    executive board's page (Shared "actions")."""
    organisation = viewer.organisation
    today = timezone.localdate()
    return _render_parts(request, {
        "overdue_actions": followup_selectors.overdue_actions(
            organisation, today, _overdue_counts(request, organisation, today)
        ),
        "indicators": followup_indicators.organisation_indicators(organisation),
        "followup_trends": followup_trends.trends_context(organisation, today=today),
    }, overdue="followup/includes/overdue_actions.html",
        indicators="followup/includes/indicators_overview.html",
        trends="dashboards/includes/followup_trends.html")


def _overdue_counts(request, organisation, today):
    """The organisation's overdue actions counted, once a request: the "followup" and
    the "actions" parts both need them when both are rendered."""
    if not hasattr(request, "_kompas_overdue"):
        request._kompas_overdue = followup_selectors.overdue_counts(organisation, today)
    return request._kompas_overdue


def _render_parts(request, context: dict, **templates) -> dict[str, str]:
    """Each part's template rendered with `context`, and with no context processor: a
    part is shown to everyone, so it may hold nothing of the person (no user, no CSRF
    token, no nonce). `request` is there for the page's own address only."""
    today = timezone.localdate()
    context = {"request": request, "today": today, "period": quarter_start(today), **context}
    return {part: render_to_string(name, context) for part, name in templates.items()}


@dashboard_view(Dashboard.EXECUTIVE, followup=_executive_followup, actions=_executive_actions)
def executive(request, viewer):
    return _render(request, viewer, Dashboard.EXECUTIVE, {
        "followup": page_cache.slots("followup"),
        "actions": page_cache.slots("actions"),
        "reviews": selectors.versions_for_review(
            request.user, viewer.organisation, timezone.localdate()
        ),
    })


def _communications_followup(request, viewer) -> dict[str, str]:
    """The whole organisation's coverage per unit on the communications department's
    page (Shared "followup")."""
    organisation = viewer.organisation
    today = timezone.localdate()
    overdue = _overdue_counts(request, organisation, today)
    follow = obligation_selectors.follow_up(
        organisation, period=quarter_start(today), today=today
    )
    return _render_parts(request, {
        "unit_rows": drilldown.link_rows(
            followup_selectors.with_current_overdue(
                follow.rows(), followup_selectors.overdue_by_unit(overdue, follow.tree)
            )
        ),
        "total": follow.total,
        "coverage_chart": _coverage_chart(
            "coverage-per-centre",
            _("Acknowledgement coverage per centre"),
            _("Share of the obligations that the people in each centre have acknowledged."),
            follow.rows(follow.tree.roots()),
            organisation.primary_colour,
        ),
    }, coverage="dashboards/includes/communications_coverage.html",
        body="dashboards/includes/communications_followup.html")


def _communications_actions(request, viewer) -> dict[str, str]:
    """The whole organisation's overdue actions on the communications department's
    page (Shared "actions")."""
    organisation = viewer.organisation
    today = timezone.localdate()
    return _render_parts(request, {
        "overdue_actions": followup_selectors.overdue_actions(
            organisation, today, _overdue_counts(request, organisation, today)
        ),
    }, overdue="followup/includes/overdue_actions.html")


@dashboard_view(
    Dashboard.COMMUNICATIONS, followup=_communications_followup, actions=_communications_actions
)
def communications(request, viewer):
    organisation = viewer.organisation
    today = timezone.localdate()
    strategies = selectors.strategies_overview(request.user, organisation)
    states = selectors.strategies_by_state(strategies)
    open_comment_versions = consultation_selectors.open_comments_by_version(organisation)
    return _render(request, viewer, Dashboard.COMMUNICATIONS, {
        "followup": page_cache.slots("followup"),
        "actions": page_cache.slots("actions"),
        "strategies": strategies,
        "states": states,
        "state_chart": bar_chart(
            chart_id="strategies-by-state",
            title=_("Strategies by the state of their newest version"),
            description=_("How many strategies have their newest version in each state."),
            rows=[(label, count, str(count)) for _status, label, count in states],
            colour=organisation.primary_colour,
        ),
        "reviews": selectors.versions_for_review(request.user, organisation, today),
        # The total is the sum of the per-version counts (one query for both).
        "open_comments": sum(row["count"] for row in open_comment_versions),
        "open_comment_versions": open_comment_versions,
    })
