"""Horizontal bar charts drawn as SVG on the server.

The geometry is worked out here and handed to the template as plain strings, so
that number localisation in templates (12,5 in Danish) never reaches an SVG
attribute. Every chart is shown next to a table holding the same numbers.
"""

from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 250
BAR_X = LABEL_WIDTH + 10
BAR_MAX = 300
VALUE_X = BAR_X + BAR_MAX + 8
ROW_HEIGHT = 32
BAR_HEIGHT = 20
TOP = 8
MAX_LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    display: str
    y: str
    text_y: str
    width: str


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    bars: list[Bar]
    height: str
    colour: str
    bar_x: str = str(BAR_X)
    bar_max: str = str(BAR_MAX)
    value_x: str = str(VALUE_X)
    bar_height: str = str(BAR_HEIGHT)
    width: str = str(WIDTH)


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def bar_chart(
    *, chart_id: str, title: str, description: str, rows, maximum: float | None = None,
    colour: str = "#004b87",
) -> BarChart:
    """`rows` are (label, value, display) triples; bars are scaled to `maximum`.

    A value of None draws no bar (nothing to measure), unlike 0 which draws a hairline.
    """
    rows = list(rows)
    values = [value for _, value, _ in rows if value is not None]
    top = maximum if maximum else max(values, default=0) or 1
    bars = []
    for n, (label, value, display) in enumerate(rows):
        y = TOP + n * ROW_HEIGHT
        width = 0 if value is None else max(2, round(BAR_MAX * max(0, min(value, top)) / top))
        bars.append(
            Bar(
                label=label,
                short_label=_shorten(label),
                display=display,
                y=str(y),
                text_y=str(y + BAR_HEIGHT - 5),
                width=str(width),
            )
        )
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        bars=bars,
        height=str(TOP * 2 + ROW_HEIGHT * max(len(rows), 1)),
        colour=colour,
    )
