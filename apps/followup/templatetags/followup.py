from django import template

from apps.followup.selectors import status_label

register = template.Library()


@register.simple_tag
def progress_label(status):
    """The words of an action's current status, in the reader's language."""
    return status_label(status)


@register.inclusion_tag("followup/includes/version_indicators.html")
def version_indicator_charts(version):
    """A decided version's indicators with their measured values (2 queries; none for
    a draft, which has no follow-up)."""
    from apps.followup.indicators import version_indicators

    series = version_indicators(version) if version.is_frozen else []
    return {"version": version, "indicators": [s for s in series if s.measurements]}
