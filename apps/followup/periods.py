"""Periods of measurements as people write them: 2025, 2025-Q3 (or 2025 K3), 2025-07."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import PeriodKind

_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})\s*[-/ ]?\s*[QqKk]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def period_parse(text: str) -> tuple[str, datetime.date]:
    """(kind, first day) of a period written as 2025, 2025-Q3 or 2025-07."""
    text = (text or "").strip()
    if match := _YEAR.fullmatch(text):
        return PeriodKind.YEAR, datetime.date(int(match[1]), 1, 1)
    if match := _QUARTER.fullmatch(text):
        return PeriodKind.QUARTER, datetime.date(int(match[1]), 3 * int(match[2]) - 2, 1)
    if (match := _MONTH.fullmatch(text)) and 1 <= int(match[2]) <= 12:
        return PeriodKind.MONTH, datetime.date(int(match[1]), int(match[2]), 1)
    raise ValidationError(
        _("Write the period as a year (2025), a quarter (2025-Q3) or a month (2025-07)."),
        code="period",
    )


def period_label(kind: str, start: datetime.date) -> str:
    """The period as period_parse reads it back."""
    if kind == PeriodKind.YEAR:
        return f"{start.year}"
    if kind == PeriodKind.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"
