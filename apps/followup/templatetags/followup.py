from django import template

from apps.followup.selectors import status_label

register = template.Library()


@register.simple_tag
def progress_label(status):
    """The words of an action's current status, in the reader's language."""
    return status_label(status)
