"""The annual wheel (årshjul) drawn as a wheel: twelve months round a circle, January
at the top and the year going clockwise, each month named and carrying the number of
its events. Server-rendered SVG; the table beside it says the same for those who do
not see it (the SVG is an image with a text alternative that points to the table).
"""

import math
from dataclasses import dataclass

from django.utils.dates import MONTHS

SIZE = 400
CENTRE = SIZE / 2
OUTER = 192
INNER = 118
LABEL_RADIUS = 156
BADGE_RADIUS = 92


def month_name(month: int) -> str:
    """The month's name in the active language, capitalised as a label."""
    name = str(MONTHS.get(month, month))
    return name[:1].upper() + name[1:]


@dataclass
class Month:
    number: int
    name: str
    path: str
    label_x: float
    label_y: float
    badge_x: float
    badge_y: float
    events: list


def _point(radius: float, degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees - 90)  # 0° at the top
    return (
        round(CENTRE + radius * math.cos(radians), 2),
        round(CENTRE + radius * math.sin(radians), 2),
    )


def _sector(start: float, end: float) -> str:
    """An annular sector from `start` to `end` degrees, clockwise."""
    ox1, oy1 = _point(OUTER, start)
    ox2, oy2 = _point(OUTER, end)
    ix2, iy2 = _point(INNER, end)
    ix1, iy1 = _point(INNER, start)
    return (
        f"M {ox1} {oy1} A {OUTER} {OUTER} 0 0 1 {ox2} {oy2} "
        f"L {ix2} {iy2} A {INNER} {INNER} 0 0 0 {ix1} {iy1} Z"
    )


def wheel(events) -> list[Month]:
    """The twelve months with their geometry and their events (in document order)."""
    by_month: dict[int, list] = {}
    for event in events:
        by_month.setdefault(event.month, []).append(event)
    months = []
    for number in range(1, 13):
        start, end = (number - 1) * 30, number * 30
        label_x, label_y = _point(LABEL_RADIUS, start + 15)
        badge_x, badge_y = _point(BADGE_RADIUS, start + 15)
        months.append(Month(
            number=number, name=month_name(number), path=_sector(start, end),
            label_x=label_x, label_y=label_y, badge_x=badge_x, badge_y=badge_y,
            events=by_month.get(number, []),
        ))
    return months
