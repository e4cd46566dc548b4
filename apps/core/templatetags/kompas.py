from django import template
from django.utils.safestring import mark_safe

from apps.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    # render_markdown escapes and sanitises; its output is safe by construction.
    return mark_safe(render_markdown(text or ""))  # noqa: S308


@register.filter(name="duration_words")
def duration_words(value):
    """A timedelta as words a person reads at a glance: "40 seconds", "3 minutes"."""
    from django.utils.translation import ngettext

    if value is None:
        return ""
    seconds = max(int(value.total_seconds()), 0)
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = seconds // 60
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = minutes // 60
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


@register.simple_tag
def max_form_bytes():
    """The largest form body the server reads (static/js/forms.js checks before sending)."""
    from django.conf import settings

    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@register.simple_tag
def max_form_megabytes():
    from django.conf import settings
    from django.utils.formats import number_format

    return number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024), decimal_pos=1)


@register.simple_tag
def submission_token():
    """The hidden token of one rendering of a create form (apps/core/submissions.py)."""
    from django.utils.html import format_html

    from apps.core.submissions import FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.simple_tag
def interface_languages():
    """The interface languages, each named in itself ("English", "Dansk"), straight from
    settings.LANGUAGES: Django's get_available_languages translates the names, which
    made English "engelsk" in a Danish menu. A language added there needs no template."""
    from django.conf import settings

    return list(settings.LANGUAGES)


@register.simple_tag
def language_name(code):
    """A language's name in itself, or the code when it is not an interface language."""
    from django.conf import settings

    return dict(settings.LANGUAGES).get(code or "", code or "")


@register.simple_tag(name="kind_text")
def kind_text_tag(kind, phrase, **values):
    """A phrase naming the document by its kind (apps/strategies/kinds.py)."""
    from apps.strategies.kinds import kind_text

    return kind_text(kind, phrase, **values)
