"""An indicator's series as a line chart drawn as SVG on the server, with its target
and baseline as lines. As apps/dashboards/charts.py: the geometry is worked out here
and handed to the template as plain strings (no localised numbers in SVG attributes),
and every chart is shown with a table of the same numbers."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

WIDTH = 640
HEIGHT = 240
LEFT = 56
RIGHT = 36
TOP = 16
BOTTOM = 40
MAX_AXIS_LABELS = 8


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    label: str
    display: str
    axis_label: str  # shown under the axis, or "" where it would crowd the others


@dataclass(frozen=True)
class Level:
    y: str
    display: str


@dataclass(frozen=True)
class LineChart:
    chart_id: str
    title: str
    description: str
    points: list[Point]
    path: str
    target: Level | None
    baseline: Level | None
    ticks: list[Level]
    colour: str
    width: str = str(WIDTH)
    height: str = str(HEIGHT)
    left: str = str(LEFT)
    right: str = str(WIDTH - RIGHT)
    axis_y: str = str(HEIGHT - BOTTOM)
    label_y: str = str(HEIGHT - BOTTOM + 18)


def _number(value) -> str:
    """The value in the reader's notation (12,5 in Danish), without trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return number_format(Decimal(text or "0"), use_l10n=True)


def line_chart(
    *,
    chart_id,
    title,
    description,
    series,
    target=None,
    baseline=None,
    colour="#004b87",
    display=_number,
) -> LineChart:
    """`series`: (period label, value) pairs in time order."""
    series = list(series)
    values = [float(v) for _, v in series]
    levels = [float(x) for x in (target, baseline) if x is not None]
    low = min([*values, *levels], default=0.0)
    high = max([*values, *levels], default=1.0)
    low = min(low, 0.0) if low >= 0 else low
    if high == low:
        high = low + 1
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value) -> float:
        return TOP + inner_h * (1 - (float(value) - low) / (high - low))

    step = inner_w / max(len(series) - 1, 1)
    every = max(1, -(-len(series) // MAX_AXIS_LABELS))
    points = []
    for n, (label, value) in enumerate(series):
        x = LEFT + (step * n if len(series) > 1 else inner_w / 2)
        points.append(
            Point(
                x=f"{x:.1f}",
                y=f"{y_of(value):.1f}",
                label=label,
                display=display(value),
                axis_label=label if n % every == 0 or n == len(series) - 1 else "",
            )
        )
    path = " ".join(f"{'M' if n == 0 else 'L'}{p.x},{p.y}" for n, p in enumerate(points))

    def level(value):
        return None if value is None else Level(y=f"{y_of(value):.1f}", display=display(value))

    ticks = [Level(y=f"{y_of(v):.1f}", display=display(v)) for v in (low, (low + high) / 2, high)]
    return LineChart(
        chart_id=chart_id,
        title=title,
        description=description,
        points=points,
        path=path,
        target=level(target),
        baseline=level(baseline),
        ticks=ticks,
        colour=colour,
    )
