"""The follow-up report for the council ("status on the communication strategy"):
for a chosen period, the actions with their status and the updates written in it,
the indicators against their targets with charts, and the acknowledgement and
check-in shares per centre as they stood in the period (centres.py). A tagged PDF/UA
in the document's language, exported in the background like the strategy PDF
(apps/exports: ExportKind.FOLLOWUP_REPORT).

As exports/summary_pdf.py does, what it prints is flattened into plain data first:
the template reads that data and report_fingerprint() hashes the same data for the
export's content key, so a report is made anew exactly when something in it changed.
"""

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.exports import pdf
from apps.strategies.models import StrategyVersion

from . import indicators, selectors
from .centres import centres_as_of, period_quarters
from .models import PeriodKind, ProgressUpdate
from .periods import period_label, period_parse

# Bump whenever followup_report_pdf.html or this module changes what a report looks like.
REPORT_TEMPLATE_VERSION = "2026.2"
PDF_TEMPLATE = "exports/followup_report_pdf.html"


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a period written as period_parse reads it."""
    kind, start = period_parse(period)
    if kind == PeriodKind.YEAR:
        return start, datetime.date(start.year, 12, 31)
    months = 3 if kind == PeriodKind.QUARTER else 1
    month = start.month + months
    end = datetime.date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return start, end - datetime.timedelta(days=1)


@dataclass(frozen=True)
class PrintedUpdate:
    when: str
    who: str
    status: str
    percent: str
    text: str


@dataclass(frozen=True)
class PrintedAction:
    title: str
    owner: str
    due: str
    status: str
    overdue: bool
    percent: str
    updates: tuple[PrintedUpdate, ...]


@dataclass(frozen=True)
class PrintedIndicator:
    name: str
    target: str
    target_value: str
    baseline: str
    latest: str
    status: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PrintedCentre:
    name: str
    acknowledged: str
    check_ins: str


@dataclass(frozen=True)
class PrintedReport:
    period: str
    start: str
    end: str
    actions: tuple[PrintedAction, ...]
    indicators: tuple[PrintedIndicator, ...]
    centres: tuple[PrintedCentre, ...]
    # The quarters whose check-ins the centres' figures count.
    quarters: str


def _number(value) -> str:
    return "" if value is None else f"{value:f}".rstrip("0").rstrip(".") or "0"


def printed_report(version: StrategyVersion, period: str) -> PrintedReport:
    """The report as printed, in the version's language (a fixed number of queries)."""
    start, end = period_bounds(period)
    today = timezone.localdate()
    as_of = min(end, today)
    with translation.override(version.language):
        actions = selectors.version_actions(version, as_of)
        updates: dict = {}
        for update in (
            ProgressUpdate.objects.filter(
                strategy_id=version.strategy_id,
                lineage__in=[a.lineage for a in actions],
                created_at__date__gte=start,
                created_at__date__lte=end,
            )
            .select_related("author")
            .order_by("created_at", "pk")
        ):
            updates.setdefault(update.lineage, []).append(
                PrintedUpdate(
                    when=timezone.localtime(update.created_at).date().isoformat(),
                    who=str(update.author) if update.author else "",
                    status=str(update.get_status_display()),
                    percent=_number(update.percent),
                    text=update.text,
                )
            )
        printed_actions = tuple(
            PrintedAction(
                title=a.title,
                owner=a.owner_unit.name if a.owner_unit else a.owner_label,
                due=a.due_date.isoformat() if a.due_date else "",
                status=str(selectors.status_label(a.progress_status)),
                overdue=bool(a.is_overdue),
                percent=_number(a.progress_percent),
                updates=tuple(updates.get(a.lineage, ())),
            )
            for a in actions
        )
        printed_indicators = []
        for series in indicators.version_indicators(version):
            values = tuple(
                (m.period, _number(m.value))
                for m in series.measurements
                if start <= m.period_start <= end
            )
            latest = next((v for v in reversed(series.measurements) if v.period_start <= end), None)
            indicator = series.indicator
            status = indicators.target_status(
                value=latest.value if latest else None,
                target=indicator.target_value,
                baseline=indicator.baseline_value,
                higher_is_better=indicator.higher_is_better,
            )
            printed_indicators.append(
                PrintedIndicator(
                    name=indicator.name,
                    target=indicator.target or _number(indicator.target_value),
                    target_value=_number(indicator.target_value),
                    baseline=_number(indicator.baseline_value),
                    latest=f"{_number(latest.value)} ({latest.period})" if latest else "",
                    status=str(indicators.TargetStatus(status).label) if status else "",
                    values=values,
                )
            )
        organisation = version.strategy.organisation
        printed_centres = tuple(
            PrintedCentre(
                name=centre.unit.name,
                acknowledged=""
                if centre.coverage.percent is None
                else f"{centre.coverage.percent} %",
                check_ins=f"{centre.recorded}/{centre.expected}",
            )
            for centre in centres_as_of(organisation, start=start, end=as_of)
        )
    return PrintedReport(
        period=period_label(*period_parse(period)),
        start=start.isoformat(),
        end=end.isoformat(),
        actions=printed_actions,
        indicators=tuple(printed_indicators),
        centres=printed_centres,
        quarters=", ".join(
            period_label(PeriodKind.QUARTER, q)
            for q in period_quarters(start, as_of)
        ),
    )


def report_fingerprint(version: StrategyVersion, period: str) -> str:
    identity = {
        "template": REPORT_TEMPLATE_VERSION,
        "report": asdict(printed_report(version, period)),
    }
    encoded = json.dumps(identity, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def report_html(version: StrategyVersion, period: str) -> str:
    report = printed_report(version, period)
    with translation.override(version.language):
        frame = pdf.document_context(version)
        title = _("Status on %(strategy)s, %(period)s") % {
            "strategy": version.strategy.title,
            "period": report.period,
        }
        charts = {
            i.name: indicators.line_chart(
                chart_id=f"report-indicator-{n}",
                title=i.name,
                description="",
                series=[(label, Decimal(value)) for label, value in i.values],
                target=Decimal(i.target_value) if i.target_value else None,
                baseline=Decimal(i.baseline) if i.baseline else None,
                colour=frame["colours"]["primary"],
            )
            for n, i in enumerate(report.indicators)
            if i.values
        }
        return render_to_string(
            PDF_TEMPLATE,
            {
                **frame,
                "document_title": title,
                "report": report,
                "charts": charts,
                "css": {**frame["css"], "running_title": pdf.css_string(title)},
            },
        )


def report_pdf(version: StrategyVersion, period: str) -> bytes:
    """The renderer of ExportKind.FOLLOWUP_REPORT (apps/exports/services.py)."""
    return pdf.document_pdf(version, report_html(version, period))
