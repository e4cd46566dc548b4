"""Measurements as CSV: every measurement of a strategy out, and measurements in, with
each bad row named by its line and why, and nothing written unless every row is good.

Columns: indicator, period, value, note, source (and, out, who entered it and when).
Separated by semicolons, the way Nordic spreadsheets write and read CSV, with a byte
order mark so they open it as UTF-8; a comma in a value is a decimal comma.
"""

import csv
import io

from django.utils import timezone

from .models import Measurement
from .periods import period_label

HEADER = ["indicator", "period", "value", "note", "source", "entered_by", "entered_at"]


def measurements_csv(strategy) -> str:
    """Every measurement of the strategy, indicator by indicator, in time order (1 query)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for m in (
        Measurement.objects.filter(strategy=strategy)
        .select_related("indicator", "entered_by")
        .order_by("indicator__name", "lineage", "period_start", "period_kind")
    ):
        writer.writerow(
            [
                m.indicator.name,
                period_label(m.period_kind, m.period_start),
                f"{m.value:f}".rstrip("0").rstrip(".") or "0",
                m.note,
                m.source,
                str(m.entered_by) if m.entered_by else "",
                timezone.localtime(m.updated_at).isoformat(timespec="minutes"),
            ]
        )
    return out.getvalue()
