from django import template

from .. import annual_wheel

register = template.Library()


@register.inclusion_tag("strategies/includes/annual_wheel.html")
def annual_wheel_of(events, heading_id="annual-wheel-heading"):
    """The annual wheel as an SVG wheel and, as its text alternative, a table of the
    events by month name."""
    events = list(events)
    return {
        "months": annual_wheel.wheel(events),
        "events": [(event, annual_wheel.month_name(event.month)) for event in events],
        "size": annual_wheel.SIZE,
        "centre": annual_wheel.CENTRE,
        "heading_id": heading_id,
    }
