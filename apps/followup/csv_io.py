"""Measurements as CSV: every measurement of a strategy out, and measurements in, with
each bad row named by its line and why, and nothing written unless every row is good.

Columns: indicator, period, value, note, source (and, out, who entered it and when).
Separated by semicolons, the way Nordic spreadsheets write and read CSV, with a byte
order mark so they open it as UTF-8; a comma in a value is a decimal comma.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NOTE_MAX_LENGTH, Measurement
from .periods import period_label, period_parse

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


MAX_IMPORT_BYTES = 2 * 1024 * 1024
REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("note", "source")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass(frozen=True)
class ImportRow:
    line: int
    indicator: object
    kind: str
    start: object
    value: Decimal
    note: str
    source: str


class ImportRefused(Exception):
    """The file, or one of its rows, is not good: nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def _decimal(text: str) -> Decimal | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "")  # 1.234,5: the dot groups thousands
    text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def measurements_read(data: bytes, indicators) -> list[ImportRow]:
    """The rows of a CSV file of measurements, each checked against the version's
    `indicators`; ImportRefused with every bad row (line and reason) if any is bad."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused([RowError(0, _("The file is larger than 2 MB."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [RowError(0, _("The file is not UTF-8 text. Save it as CSV (UTF-8) and try again."))]
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRefused(
            [
                RowError(
                    1,
                    _(
                        "The first line must name the columns indicator, period and value "
                        "(and may name note and source). Missing: %(columns)s."
                    )
                    % {"columns": ", ".join(missing)},
                )
            ]
        )
    column = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    by_name = {indicator.name.strip().casefold(): indicator for indicator in indicators}
    rows, errors, seen = [], [], {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name, cells=cells):
            index = column.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        reasons = []
        indicator = by_name.get(cell("indicator").casefold())
        if indicator is None:
            reasons.append(
                _("No indicator of this version is called “%(name)s”.")
                % {"name": cell("indicator")}
            )
        try:
            kind, start = period_parse(cell("period"))
        except ValidationError as error:
            kind = start = None
            reasons.append(error.messages[0])
        value = _decimal(cell("value"))
        if value is None:
            reasons.append(_("“%(value)s” is not a number.") % {"value": cell("value")})
        elif abs(value) >= Decimal("1e10"):
            reasons.append(_("Enter a number smaller than ten billion."))
        if len(cell("note")) > NOTE_MAX_LENGTH:
            reasons.append(
                _("The note is longer than %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH}
            )
        if len(cell("source")) > 300:
            reasons.append(_("The source is longer than %(limit)s characters.") % {"limit": 300})
        if indicator is not None and start is not None:
            key = (indicator.pk, kind, start)
            if key in seen:
                reasons.append(
                    _("The same indicator and period are on line %(line)s too.")
                    % {"line": seen[key]}
                )
            seen.setdefault(key, line)
        if reasons:
            errors.extend(RowError(line, reason) for reason in reasons)
        else:
            rows.append(
                ImportRow(line, indicator, kind, start, value, cell("note"), cell("source"))
            )
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused([RowError(0, _("The file holds no measurements."))])
    return rows
