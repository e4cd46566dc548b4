"""Trends over the last four quarters, for the executive board's and a centre's dashboard.

For each quarter, as of its last day (today for the quarter under way):

- acknowledgement share: of the obligations in force, for the people who hold a role,
  how many had been acknowledged by then (Acknowledgement.acknowledged_at). The quarter
  under way is today's figure, read from the tallies every write keeps
  (apps/obligations/tallies.py). An ended quarter is worked out from the timestamps
  once, with the obligations and people of the day that is done (the night the quarter
  turns, by the beat task, or at the first dashboard that needs it), and kept
  (obligations.QuarterFigures): the share a quarter ended with does not move when
  people join or leave later, and no dashboard reads the organisation's hundreds of
  thousands of acknowledgements to draw it (that took 4-7 s at a municipality of 6,000
  people, and every write made the next executive page pay it again);
- check-in statuses: the quarter's check-ins by status (a check-in belongs to the
  quarter it was recorded in, and is not changed after it), counted in SQL, and kept
  with the coverage once the quarter has ended.

Three queries whatever the amount of data, once the ended quarters are kept. The charts
are drawn here as plain strings (no localised numbers in SVG attributes) and shown
beside a table.

Actions done against overdue and indicators against target per quarter belong to
apps/followup (live follow-up data of adopted versions): apps/followup/trends.py
computes them and draws them with stacked_chart() below, in its own section of
templates/dashboards/includes/trends.html.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.obligations import tallies
from apps.obligations.models import (
    Acknowledgement,
    CheckIn,
    CheckInStatus,
    QuarterFigures,
    quarter_start,
)
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
    """The last four quarters of the organisation, or of one unit and those below it.

    3 queries once the ended quarters are kept (obligations.QuarterFigures): the kept
    figures, and the quarter under way's coverage (from the tallies, which the dashboard
    has made sure are current) and check-ins. Ended quarters not kept yet are worked out
    once (5 queries more)."""
    quarters = [QuarterTrend(start, end) for start, end in last_quarters(today)]
    *ended, current = quarters
    kept = _kept(organisation, within, [q.start for q in ended])
    missing = [q for q in ended if q.start not in kept]
    if missing:
        kept.update(record_ended_quarters(organisation, index, within, missing))
    for quarter in ended:
        row = kept[quarter.start]
        quarter.coverage = Coverage(
            people=row.people, required=row.required, acknowledged=row.acknowledged
        )
        quarter.check_ins = Counter({
            status: getattr(row, field) for status, field in tallies.STATUS_FIELDS.items()
        })
    current.coverage = _current_coverage(organisation, within)
    current.check_ins = _check_ins(organisation, within, [current.start])[current.start]
    return quarters


def _scope_id(within) -> int:
    return within.pk if within is not None else QuarterFigures.WHOLE


def _kept(organisation, within, starts) -> dict:
    return {
        row.quarter: row
        for row in QuarterFigures.objects.filter(
            organisation=organisation, scope_id=_scope_id(within), quarter__in=starts
        )
    }


def _current_coverage(organisation, within) -> Coverage:
    """Today's coverage of the people who owe something, from the tallies (1 query)."""
    unit_id = within.pk if within is not None else None
    figures = tallies.coverage(
        organisation, [unit_id] if within is not None else [], whole=within is None,
        owing_only=True,
    )
    people, required, acknowledged = figures.get(unit_id, (0, 0, 0))
    return Coverage(people=people, required=required, acknowledged=acknowledged)


def _check_ins(organisation, within, starts) -> dict[datetime.date, Counter]:
    """{quarter start: check-ins recorded in it by status} (1 query, counted in SQL)."""
    check_ins = CheckIn.objects.filter(organisation=organisation, period__in=starts)
    if within is not None:
        check_ins = check_ins.filter(unit__path__startswith=within.path)
    counts = {start: Counter() for start in starts}
    for period, status, n in (
        # Count("*"), not of the key: counted from the index alone (CheckIn.Meta).
        check_ins.order_by().values("period", "status").annotate(n=Count("*"))
        .values_list("period", "status", "n")
    ):
        counts[period][status] += n
    return counts


def ended_quarter_coverage(organisation, index, within, quarters) -> dict:
    """{quarter start: Coverage} worked out from the acknowledgements' timestamps: of the
    obligations in force now, for the people who hold a role now (in or under
    `within`), how many had been acknowledged by each quarter's last day (2 queries)."""
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

    last = timezone.make_aware(datetime.datetime.combine(
        max(q.end for q in quarters) + datetime.timedelta(days=1), datetime.time.min
    ))
    acknowledged: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    # The day is taken in the database (in the current time zone): 440,000 calls of
    # timezone.localdate() cost seconds.
    for user_id, strategy_id, text_hash, day in Acknowledgement.objects.filter(
        organisation=organisation,
        text_hash__in=index.hashes,
        user_id__in=assignments.values("user_id"),
        acknowledged_at__lt=last,
    ).annotate(day=TruncDate("acknowledged_at")).values_list(
        "user_id", "strategy_id", "text_hash", "day"
    ):
        n = number.get((strategy_id, text_hash))
        if n is not None:
            acknowledged[user_id][n] = day

    figures = {q.start: Coverage() for q in quarters}
    for user_id, duties in owes.items():
        if not duties:
            continue
        done = acknowledged.get(user_id, {})
        days = [done[n] for n in duties if n in done]
        for quarter in quarters:
            coverage = figures[quarter.start]
            coverage.people += 1
            coverage.required += len(duties)
            coverage.acknowledged += sum(day <= quarter.end for day in days)
    return figures


def record_ended_quarters(organisation, index, within, quarters) -> dict:
    """Work out and keep what ended quarters ended with; {quarter start: the kept row}
    (5 queries). Two requests at once work it out alike; the second writes nothing."""
    coverage = ended_quarter_coverage(organisation, index, within, quarters)
    check_ins = _check_ins(organisation, within, list(coverage))
    QuarterFigures.objects.bulk_create(
        [
            QuarterFigures(
                organisation=organisation, scope_id=_scope_id(within), quarter=start,
                people=c.people, required=c.required, acknowledged=c.acknowledged,
                **{
                    field: check_ins[start][status]
                    for status, field in tallies.STATUS_FIELDS.items()
                },
            )
            for start, c in coverage.items()
        ],
        ignore_conflicts=True,
    )
    return _kept(organisation, within, list(coverage))


def record_all_ended_quarters(today: datetime.date) -> int:
    """Keep the last three ended quarters of every organisation and of each of its
    centres that are not kept yet (the beat task, the night a quarter turns: nobody
    waits for them at a dashboard). Returns how many rows it wrote."""
    from apps.obligations.selectors import obligation_index
    from apps.organisations.models import Organisation, Unit

    ended = [QuarterTrend(start, end) for start, end in last_quarters(today)][:-1]
    written = 0
    for organisation in Organisation.objects.order_by("pk"):
        scopes = [None, *Unit.objects.for_organisation(organisation).open().filter(
            kind__in=CENTRE_KINDS
        ).order_by("pk")]
        index = None
        for within in scopes:
            kept = _kept(organisation, within, [q.start for q in ended])
            missing = [q for q in ended if q.start not in kept]
            if missing:
                index = index or obligation_index(organisation)
                written += len(record_ended_quarters(organisation, index, within, missing))
    return written


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
