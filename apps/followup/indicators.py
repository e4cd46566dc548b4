"""Reads of indicators' measured values: series, status against target, charts. Each a
fixed number of queries however many indicators or measurements there are."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apps.strategies.models import Indicator, VersionStatus

from .charts import LineChart, line_chart  # noqa: F401 - report.py draws with it
from .models import Measurement
from .periods import period_label
from .targets import TargetStatus, target_status  # noqa: F401


@dataclass
class IndicatorSeries:
    indicator: Indicator
    measurements: list = field(default_factory=list)
    status: str | None = None
    chart: LineChart | None = None

    @property
    def latest(self):
        return self.measurements[-1] if self.measurements else None

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label if self.status else ""


def _series(indicators, colour: str) -> list[IndicatorSeries]:
    """The measurements of `indicators` (1 query), each series in time order."""
    by_lineage = defaultdict(list)
    strategies = {i.version.strategy_id for i in indicators}
    for measurement in (
        Measurement.objects.filter(
            strategy_id__in=strategies, lineage__in=[i.lineage for i in indicators]
        )
        .select_related("entered_by")
        .order_by("period_start", "period_kind", "pk")
    ):
        measurement.period = period_label(measurement.period_kind, measurement.period_start)
        by_lineage[measurement.strategy_id, measurement.lineage].append(measurement)
    result = []
    for indicator in indicators:
        rows = by_lineage.get((indicator.version.strategy_id, indicator.lineage), [])
        series = IndicatorSeries(indicator=indicator, measurements=rows)
        series.status = target_status(
            value=series.latest.value if series.latest else None,
            target=indicator.target_value,
            baseline=indicator.baseline_value,
            higher_is_better=indicator.higher_is_better,
        )
        if rows:
            series.chart = line_chart(
                chart_id=f"indicator-{indicator.pk}",
                title=_("Measured values of %(indicator)s") % {"indicator": indicator.name},
                description=_(
                    "Each period's measured value, with the target and the "
                    "baseline of the adopted text as lines where it gives them."
                ),
                series=[(m.period, m.value) for m in rows],
                target=indicator.target_value,
                baseline=indicator.baseline_value,
                colour=colour,
            )
        result.append(series)
    return result


def version_indicators(version) -> list[IndicatorSeries]:
    """The version's indicators with their series (2 queries)."""
    indicators = list(
        Indicator.objects.filter(version=version)
        .select_related("goal", "version__strategy")
        .order_by("goal__position", "goal_id", "position", "pk")
    )
    return _series(indicators, version.strategy.organisation.primary_colour)


def organisation_indicators(organisation) -> list[IndicatorSeries]:
    """The indicators of the organisation's adopted versions with their series
    (2 queries)."""
    indicators = list(
        Indicator.objects.filter(
            version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
        )
        .select_related("goal", "version__strategy")
        .order_by(
            "version__strategy__title",
            "version__strategy_id",
            "goal__position",
            "goal_id",
            "position",
            "pk",
        )
    )
    return _series(indicators, organisation.primary_colour)
