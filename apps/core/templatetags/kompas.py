from django import template
from django.utils.safestring import mark_safe

from apps.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    # render_markdown escapes and sanitises; its output is safe by construction.
    return mark_safe(render_markdown(text or ""))  # noqa: S308
