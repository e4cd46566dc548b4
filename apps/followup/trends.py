"""The follow-up's trends over the last four quarters, for the executive board's and a
centre's dashboard (beside apps/dashboards/trends.py's acknowledgements and check-ins).

For each quarter, as of its last day (today for the quarter under way):

- actions done against overdue: the actions of the adopted versions in force today
  (owned by the unit or those below it, on a centre's dashboard), each in the state
  its newest progress update written by that day gave it, or, before any, the status
  of its adopted text. Done is done; overdue is past its due date on that day and
  neither done nor cancelled; the rest are open.
- indicators against target: the indicators of the adopted versions in force today
  (the organisation's: indicators belong to no unit), each held against its target
  with its latest measured value for a period begun by that day (as the council's
  report does), or not measured yet.

Four queries whatever the amount of data: the actions, their progress updates, the
indicators, their measurements.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.dashboards.trends import last_quarters, stacked_chart
from apps.strategies.models import Action, Indicator, VersionStatus

from .models import CLOSED_STATUSES, Measurement, ProgressStatus, ProgressUpdate
from .targets import TargetStatus, target_status

DONE, OVERDUE, OPEN = "done", "overdue", "open"
ACTION_ORDER = (DONE, OVERDUE, OPEN)
ACTION_NAMES = {
    DONE: gettext_lazy("Done"),
    OVERDUE: gettext_lazy("Overdue"),
    OPEN: gettext_lazy("Not yet due or under way"),
}
UNMEASURED = "unmeasured"
INDICATOR_ORDER = (TargetStatus.ON_TRACK, TargetStatus.AT_RISK, TargetStatus.OFF_TRACK,
                   UNMEASURED)
INDICATOR_NAMES = {
    **{status: status.label for status in INDICATOR_ORDER[:3]},
    UNMEASURED: gettext_lazy("No measurement or no numeric target"),
}
# DKFDS's success, warning, error and a neutral grey, as on the check-in trend; the
# legend and the table say the same in words.
COLOURS = {
    DONE: "#358000", OVERDUE: "#b51d09", OPEN: "#747474",
    TargetStatus.ON_TRACK: "#358000", TargetStatus.AT_RISK: "#c88e00",
    TargetStatus.OFF_TRACK: "#b51d09", UNMEASURED: "#747474",
}


@dataclass
class FollowUpQuarter:
    start: datetime.date
    end: datetime.date
    label: str
    actions: Counter = field(default_factory=Counter)
    indicators: Counter = field(default_factory=Counter)

    @property
    def done(self) -> int:
        return self.actions[DONE]

    @property
    def overdue(self) -> int:
        return self.actions[OVERDUE]

    @property
    def open(self) -> int:
        return self.actions[OPEN]

    @property
    def on_track(self) -> int:
        return self.indicators[TargetStatus.ON_TRACK]

    @property
    def at_risk(self) -> int:
        return self.indicators[TargetStatus.AT_RISK]

    @property
    def off_track(self) -> int:
        return self.indicators[TargetStatus.OFF_TRACK]

    @property
    def unmeasured(self) -> int:
        return self.indicators[UNMEASURED]


def _label(start: datetime.date) -> str:
    return _("Q%(number)s %(year)s") % {"number": (start.month - 1) // 3 + 1, "year": start.year}


def _action_states(organisation, quarters, within) -> None:
    actions = Action.objects.filter(
        version__status=VersionStatus.ADOPTED, version__strategy__organisation=organisation
    )
    if within is not None:
        actions = actions.filter(owner_unit__path__startswith=within.path)
    rows = list(actions.values_list("version__strategy_id", "lineage", "due_date", "status"))
    updates: dict[tuple, list] = defaultdict(list)
    for strategy_id, lineage, status, at in (
        ProgressUpdate.objects.filter(
            organisation=organisation,
            lineage__in=actions.values("lineage"),
            created_at__lt=timezone.make_aware(
                datetime.datetime.combine(quarters[-1].end + datetime.timedelta(days=1),
                                          datetime.time.min)
            ),
        )
        .order_by("created_at", "pk")
        .values_list("strategy_id", "lineage", "status", "created_at")
    ):
        updates[strategy_id, lineage].append((timezone.localdate(at), status))
    for strategy_id, lineage, due_date, text_status in rows:
        history = updates.get((strategy_id, lineage), [])
        for quarter in quarters:
            status = text_status
            for day, written in history:
                if day > quarter.end:
                    break
                status = written
            if status == ProgressStatus.DONE:
                quarter.actions[DONE] += 1
            elif status in CLOSED_STATUSES:
                continue  # cancelled: neither done nor overdue, no longer open
            elif due_date is not None and due_date < quarter.end:
                quarter.actions[OVERDUE] += 1
            else:
                quarter.actions[OPEN] += 1


def _indicator_states(organisation, quarters) -> None:
    indicators = Indicator.objects.filter(
        version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
    )
    rows = list(indicators.values_list(
        "version__strategy_id", "lineage", "target_value", "baseline_value", "higher_is_better"
    ))
    series: dict[tuple, list] = defaultdict(list)
    for strategy_id, lineage, start, value in (
        Measurement.objects.filter(
            organisation=organisation,
            lineage__in=indicators.values("lineage"),
            period_start__lte=quarters[-1].end,
        )
        .order_by("period_start", "period_kind", "pk")
        .values_list("strategy_id", "lineage", "period_start", "value")
    ):
        series[strategy_id, lineage].append((start, value))
    for strategy_id, lineage, target, baseline, higher_is_better in rows:
        measured = series.get((strategy_id, lineage), [])
        for quarter in quarters:
            latest = None
            for start, value in measured:
                if start > quarter.end:
                    break
                latest = value
            status = target_status(
                value=latest, target=target, baseline=baseline,
                higher_is_better=higher_is_better,
            )
            quarter.indicators[status or UNMEASURED] += 1


def quarter_followup(organisation, *, today: datetime.date, within=None) -> list:
    """The last four quarters' actions and indicators (4 queries)."""
    # Always the same four queries, also where there is nothing yet (so a dashboard's
    # query count does not move when the first action or indicator is adopted).
    quarters = [
        FollowUpQuarter(start=start, end=end, label=_label(start))
        for start, end in last_quarters(today)
    ]
    _action_states(organisation, quarters, within)
    _indicator_states(organisation, quarters)
    return quarters


def trends_context(organisation, *, today: datetime.date, within=None) -> dict:
    """What templates/followup/includes/trends.html needs."""
    quarters = quarter_followup(organisation, today=today, within=within)
    labels = [q.label for q in quarters]
    return {
        "quarters": quarters,
        "actions_chart": stacked_chart(
            chart_id="trend-actions",
            title=_("Actions done and overdue at the end of each quarter"),
            description=_(
                "The actions of the adopted plans as they stood on the last day of each "
                "of the last four quarters: done, overdue, and not yet due or under way."
            ),
            labels=labels,
            counts=[q.actions for q in quarters],
            order=ACTION_ORDER,
            colours=COLOURS,
            names={k: str(v) for k, v in ACTION_NAMES.items()},
        ),
        "indicators_chart": stacked_chart(
            chart_id="trend-indicators",
            title=_("Indicators against their targets at the end of each quarter"),
            description=_(
                "The organisation's indicators held against their targets with the "
                "latest value measured for a period begun by the end of each quarter."
            ),
            labels=labels,
            counts=[q.indicators for q in quarters],
            order=INDICATOR_ORDER,
            colours=COLOURS,
            names={k: str(v) for k, v in INDICATOR_NAMES.items()},
        ),
    }
