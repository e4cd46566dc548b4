"""Trends over the last four quarters, for the executive board's and a centre's dashboard.

For each quarter, as of its last day (today for the quarter under way):

- acknowledgement share: of the obligations in force today, for the people who hold a
  role today, how many had been acknowledged by then (Acknowledgement.acknowledged_at);
- check-in statuses: the quarter's check-ins by status (a check-in belongs to the
  quarter it was recorded in, and is not changed after it).

Both are read in three queries whatever the amount of data (the role assignments, the
acknowledgements with their timestamps, the check-ins counted per quarter and status
in SQL), with the obligation index the page already has. The charts are drawn here as
plain strings (no localised numbers in SVG attributes) and shown beside a table.

Actions done against overdue and indicators against target per quarter belong to
apps/followup (live follow-up data of adopted versions): apps/followup/trends.py
computes them and draws them with stacked_chart() below, in its own section of
templates/dashboards/includes/trends.html.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.obligations.models import Acknowledgement, CheckIn, CheckInStatus, quarter_start
from apps.obligations.selectors import Coverage
from apps.organisations.models import RoleAssignment, UnitKind

QUARTERS = 4
# The leader dashboard of a unit of these kinds is a centre's dashboard, with the trends.
CENTRE_KINDS = frozenset({UnitKind.CENTRE, UnitKind.ADMINISTRATION})

STATUS_ORDER = (CheckInStatus.ON_TRACK, CheckInStatus.NEEDS_ATTENTION, CheckInStatus.NOT_STARTED)
# DKFDS's success, warning and error colours; the legend and the table say the same in words.
STATUS_COLOURS = {
    CheckInStatus.ON_TRACK: "#358000",
    CheckInStatus.NEEDS_ATTENTION: "#c88e00",
    CheckInStatus.NOT_STARTED: "#b51d09",
}


@dataclass
class QuarterTrend:
    start: datetime.date
    end: datetime.date
    coverage: Coverage = field(default_factory=Coverage)
    check_ins: Counter = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return _("Q%(number)s %(year)s") % {
            "number": (self.start.month - 1) // 3 + 1, "year": self.start.year
        }

    @property
    def recorded(self) -> int:
        return sum(self.check_ins.values())

    def count(self, status) -> int:
        return self.check_ins[status]

    @property
    def on_track(self) -> int:
        return self.count(CheckInStatus.ON_TRACK)

    @property
    def needs_attention(self) -> int:
        return self.count(CheckInStatus.NEEDS_ATTENTION)

    @property
    def not_started(self) -> int:
        return self.count(CheckInStatus.NOT_STARTED)


def last_quarters(today: datetime.date, n: int = QUARTERS) -> list[tuple]:
    """(first day, last day counted) of the last `n` quarters, oldest first; the quarter
    under way ends today."""
    starts = [quarter_start(today)]
    while len(starts) < n:
        starts.append(quarter_start(starts[-1] - datetime.timedelta(days=1)))
    starts.reverse()
    ends = [start - datetime.timedelta(days=1) for start in starts[1:]] + [today]
    return list(zip(starts, ends, strict=True))


def quarter_trends(organisation, *, today, index, within=None) -> list[QuarterTrend]:
    """The last four quarters of the organisation, or of one unit and those below it."""
    quarters = [QuarterTrend(start, end) for start, end in last_quarters(today)]
    ends = [q.end for q in quarters]
    number = {o.key: n for n, o in enumerate(index.obligations)}

    scope = Q(organisation=organisation)
    if within is not None:
        scope &= Q(unit__path__startswith=within.path)
    assignments = RoleAssignment.objects.filter(scope)
    owes: dict[int, set[int]] = defaultdict(set)
    for user_id, unit_id, role_level in assignments.values_list(
        "user_id", "unit_id", "role_level"
    ):
        owes[user_id].update(number[o.key] for o in index.for_assignment(role_level, unit_id))

    acknowledged: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for user_id, strategy_id, text_hash, at in Acknowledgement.objects.filter(
        organisation=organisation,
        text_hash__in=index.hashes,
        user_id__in=assignments.values("user_id"),
    ).values_list("user_id", "strategy_id", "text_hash", "acknowledged_at"):
        n = number.get((strategy_id, text_hash))
        if n is not None:
            acknowledged[user_id][n] = timezone.localdate(at)

    for user_id, duties in owes.items():
        if not duties:
            continue
        done = acknowledged.get(user_id, {})
        for quarter in quarters:
            quarter.coverage.people += 1
            quarter.coverage.required += len(duties)
        for n in duties:
            day = done.get(n)
            if day is None:
                continue
            for quarter, end in zip(quarters, ends, strict=True):
                if day <= end:
                    quarter.coverage.acknowledged += 1

    check_ins = CheckIn.objects.filter(
        organisation=organisation, period__in=[q.start for q in quarters]
    )
    if within is not None:
        check_ins = check_ins.filter(unit__path__startswith=within.path)
    by_start = {q.start: q for q in quarters}
    for period, status, n in (
        check_ins.order_by().values("period", "status").annotate(n=Count("pk"))
        .values_list("period", "status", "n")
    ):
        by_start[period].check_ins[status] += n
    return quarters


# --- Charts -----------------------------------------------------------------------

# Narrower than charts.bar_chart's: four short labels, and legible on a phone.
WIDTH = 460
LABEL_WIDTH = 90
BAR_X = LABEL_WIDTH + 8
BAR_MAX = 280
ROW_HEIGHT = 36
BAR_HEIGHT = 22
TOP = 8


@dataclass(frozen=True)
class Segment:
    x: str
    width: str
    colour: str
    title: str


@dataclass(frozen=True)
class StackedRow:
    label: str
    y: str
    text_y: str
    display: str
    segments: list


@dataclass(frozen=True)
class StackedChart:
    chart_id: str
    title: str
    description: str
    rows: list
    legend: list
    height: str
    width: str = str(WIDTH)
    bar_x: str = str(BAR_X)
    bar_height: str = str(BAR_HEIGHT)
    value_x: str = str(BAR_X + BAR_MAX + 8)


def coverage_chart(quarters, colour: str) -> StackedChart:
    """Each quarter's acknowledgement share as one bar on a 0-100 % track."""
    rows = []
    for n, quarter in enumerate(quarters):
        y = TOP + n * ROW_HEIGHT
        percent = quarter.coverage.percent
        # Nothing to acknowledge: a dash here, the words in the table.
        display = _("%(percent)s %%") % {"percent": percent} if percent is not None else "–"
        segments = [Segment(x=str(BAR_X), width=str(BAR_MAX), colour="#ececec",
                            title=f"{quarter.label}: {display}")]
        if percent is not None:
            segments.append(Segment(
                x=str(BAR_X), width=str(max(2, round(BAR_MAX * percent / 100))),
                colour=colour, title=f"{quarter.label}: {display}",
            ))
        rows.append(StackedRow(
            label=quarter.label, y=str(y), text_y=str(y + BAR_HEIGHT - 6), display=display,
            segments=segments,
        ))
    return StackedChart(
        chart_id="trend-acknowledgements",
        title=_("Acknowledgement share at the end of each quarter"),
        description=_(
            "Share of the obligations in force today that the people holding a role "
            "today had acknowledged by the end of each of the last four quarters."
        ),
        rows=rows,
        legend=[],
        height=str(TOP * 2 + ROW_HEIGHT * max(len(rows), 1)),
    )


def stacked_chart(*, chart_id, title, description, labels, counts, order, colours,
                  names) -> StackedChart:
    """One bar per quarter split into `order`'s parts, scaled to the largest quarter.

    `labels`: the quarters' labels; `counts`: per quarter, a mapping part -> count;
    `colours` and `names`: per part (the legend and the segments' titles say the words).
    """
    top = max((sum(c[p] for p in order) for c in counts), default=0) or 1
    rows = []
    for n, (label, count_of) in enumerate(zip(labels, counts, strict=True)):
        y = TOP + n * ROW_HEIGHT
        x = BAR_X
        segments = []
        for part in order:
            count = count_of[part]
            if not count:
                continue
            width = max(2, round(BAR_MAX * count / top))
            segments.append(Segment(
                x=str(x), width=str(width), colour=colours[part],
                title=f"{label}: {names[part]} {count}",
            ))
            x += width
        rows.append(StackedRow(
            label=label, y=str(y), text_y=str(y + BAR_HEIGHT - 6),
            display=str(sum(count_of[p] for p in order)), segments=segments,
        ))
    return StackedChart(
        chart_id=chart_id,
        title=title,
        description=description,
        rows=rows,
        legend=[{"label": names[p], "colour": colours[p]} for p in order],
        height=str(TOP * 2 + ROW_HEIGHT * max(len(rows), 1)),
    )


def check_in_chart(quarters) -> StackedChart:
    """Each quarter's check-ins as one bar split by status, scaled to the largest quarter."""
    return stacked_chart(
        chart_id="trend-check-ins",
        title=_("Check-ins by status in each quarter"),
        description=_(
            "How many check-ins were recorded in each of the last four quarters, split "
            "into on track, needs attention and not started."
        ),
        labels=[q.label for q in quarters],
        counts=[q.check_ins for q in quarters],
        order=STATUS_ORDER,
        colours=STATUS_COLOURS,
        names=dict(CheckInStatus.choices),
    )


def trends_context(organisation, *, today, index, colour: str, within=None) -> dict:
    """What templates/dashboards/includes/trends.html needs."""
    quarters = quarter_trends(organisation, today=today, index=index, within=within)
    return {
        "quarters": quarters,
        "coverage_chart": coverage_chart(quarters, colour),
        "check_in_chart": check_in_chart(quarters),
    }
