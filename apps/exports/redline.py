"""The redline of a comparison (the word-level diff the compare page shows) as a tagged
PDF for the council's agenda: the organisation's cover, one h2 per kind of content and
one h3 per changed item, struck-through and underlined text, in the document's
language. Made in the request: a comparison is a few pages, and it is not archived."""

from django.template.loader import render_to_string
from django.utils import translation

from apps.strategies.compare import compare_versions
from apps.strategies.models import StrategyVersion

from .pdf import css_string, document_context, html_to_pdf

REDLINE_TEMPLATE = "exports/redline_pdf.html"


def redline_context(base: StrategyVersion, version: StrategyVersion) -> dict:
    frame = document_context(version)
    words = frame["words"]
    diffs = compare_versions(base, version)
    between = words["redline_between"].format(a=base.number, b=version.number)
    title = f"{words['redline']}: {version.printed_title}"
    return {
        **frame,
        "base": base,
        "between": between,
        "document_title": title,
        "changed_diffs": [diff for diff in diffs if diff.has_changes],
        "css": {**frame["css"], "running_title": css_string(title)},
    }


def redline_html(base: StrategyVersion, version: StrategyVersion) -> str:
    with translation.override(version.language):
        return render_to_string(REDLINE_TEMPLATE, redline_context(base, version))


def redline_pdf(base: StrategyVersion, version: StrategyVersion) -> bytes:
    organisation = version.strategy.organisation
    return html_to_pdf(
        redline_html(base, version),
        logo_name=organisation.logo.name if organisation.logo else "",
    )
