"""Renders a strategy version to a tagged, accessible PDF (PDF/UA-1) with WeasyPrint;
a decided version to archival PDF/A-3a that is PDF/UA-1 too (see archival.py).

Two steps, kept apart so the benchmark can time them separately:
strategy_html() reads the version (a fixed number of queries) and renders the
print template in the document's language; html_to_pdf() hands that HTML to
WeasyPrint with SafeURLFetcher as the only way to load anything.
"""

import re
from dataclasses import dataclass

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from apps.strategies.models import FROZEN_STATUSES, GoalKind, StrategyVersion, VersionStatus
from apps.strategies.parts import PART_ANCHORS, PART_KEYS
from apps.strategies.selectors import platform_role_matrix, version_content

from . import archival, structured, vocabulary
from .fetcher import INTERNAL_ORIGIN, LOGO_URL, SafeURLFetcher, static_url

# Bump whenever the print template, its stylesheet or this module changes what a PDF
# looks like: it is part of every export's content key, so old files are not reused.
TEMPLATE_VERSION = "2026.3"

PDF_TEMPLATE = "exports/strategy_pdf.html"
PDF_STYLESHEET = "exports/pdf.css"

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_PRIMARY = "#004b87"
DEFAULT_SECONDARY = "#e6eef5"
DARK_TEXT = "#1a1a1a"
LIGHT_TEXT = "#ffffff"


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int


def is_draft(version: StrategyVersion) -> bool:
    """A version that has not been decided is printed as a draft on every page."""
    return version.status not in FROZEN_STATUSES


def document_marks(version: StrategyVersion, words) -> dict:
    """What every page of an undecided version says it is: a proposal is the council's
    material ("Indstillet til byrådet"), anything else an internal draft."""
    if version.status == VersionStatus.PROPOSED:
        council = version.strategy.organisation.council_name or ""
        # In running text the council is a common noun: "til byrådet".
        council = council[:1].lower() + council[1:]
        return {
            "mark": words["proposed"].format(council=council).strip(),
            "mark_notice": words["proposed_notice"],
        }
    return {"mark": words["draft"], "mark_notice": words["draft_notice"]}


def strategy_html(version: StrategyVersion) -> str:
    """The print HTML of one version, in the version's language."""
    language = version.language
    with translation.override(language):
        return render_to_string(PDF_TEMPLATE, strategy_context(version))


def document_context(version: StrategyVersion) -> dict:
    """What every printed document of a version has around its own content: the
    version and its organisation, the words of its language, the draft mark, the
    cover's colours and logo, the stylesheet, the decision's record as corrected."""
    organisation = version.strategy.organisation
    language = version.language
    words = vocabulary.words(language)
    marks = document_marks(version, words)
    return {
        "version": version,
        "strategy": version.strategy,
        "organisation": organisation,
        "language": language,
        "words": words,
        "status_label": vocabulary.choice_label(language, "status", version.status),
        "draft": is_draft(version),
        **marks,
        # Words that go into the stylesheet's margin boxes, quoted for CSS.
        "css": {
            **{key: css_string(words[key]) for key in ("page", "of")},
            "draft": css_string(marks["mark"]),
        },
        "colours": cover_colours(organisation),
        "logo_url": LOGO_URL if organisation.logo else "",
        "logo_alt": words["logo_of"].format(name=organisation.name),
        "stylesheet_url": static_url(PDF_STYLESHEET),
        # The decision's facts as they stand, with their corrections (every document).
        **_record(version),
    }


def document_pdf(
    version: StrategyVersion, html: str, *, data: archival.EmbeddedData | None = None
) -> bytes:
    """A printed document of the version as PDF, with its organisation's logo: PDF/UA-1
    while the version is worked on, archival PDF/A-3a (and PDF/UA-1) carrying `data`
    once it is decided (see archival.py)."""
    organisation = version.strategy.organisation
    return html_to_pdf(
        html,
        logo_name=organisation.logo.name if organisation.logo else "",
        archive=not is_draft(version),
        data=data,
    )


def strategy_context(version: StrategyVersion) -> dict:
    frame = document_context(version)
    language, words = frame["language"], frame["words"]
    content = version_content(version)
    return {
        **frame,
        "content": content,
        "goal_groups": _goal_groups(content, words, language),
        "review_cadence": vocabulary.choice_label(
            language, "review_cadence", version.review_cadence
        ),
        "themes": _label_themes(content["sections"], language),
        "principles": _principles(content["principles"], language),
        "principle_columns": _principle_columns(content["principles"]),
        "stakeholders": [
            (s, vocabulary.choice_label(language, "audience", s.audience))
            for s in content["stakeholders"]
        ],
        "stakeholder_columns": {
            "priority": any(s.priority is not None for s in content["stakeholders"]),
            "description": any(s.description for s in content["stakeholders"]),
            "audience": any(s.audience for s in content["stakeholders"]),
        },
        "platforms": [
            (p, vocabulary.choice_label(language, "audience", p.audience))
            for p in content["platforms"]
        ],
        "platform_matrix": platform_role_matrix(content),
        "actions": [
            (a, vocabulary.choice_label(language, "action_status", a.status))
            for a in content["actions"]
        ],
        "action_columns": {
            "description": any(a.description for a in content["actions"]),
            "owner": any(a.owner_unit_id or a.owner_label for a in content["actions"]),
            "due": any(a.due_date for a in content["actions"]),
        },
        "annual_wheel": [(e, _month_name(e.month)) for e in content["annual_wheel"]],
        "event_columns": {
            "description": any(e.description for e in content["annual_wheel"]),
            "audience": any(e.audience for e in content["annual_wheel"]),
            "owner": any(e.owner_label for e in content["annual_wheel"]),
        },
        "related_documents": [
            (d, vocabulary.choice_label(language, "relation", d.relation))
            for d in content["related_documents"]
        ],
        "document_columns": {
            "year": any(d.year for d in content["related_documents"]),
            "note": any(d.note for d in content["related_documents"]),
        },
        "toc": _toc(content, words),
    }


def _record(version) -> dict:
    """The adoption's facts with their corrections (apps/records), and the corrections
    with each fact named in the document's language."""
    from apps.records import selectors as records

    record = records.record_of(version)
    words = vocabulary.words(version.language)
    return {
        "record": record,
        "corrections": [
            {"correction": c, "fact": words[c.field]} for c in record.corrections
        ],
    }


# A contents page pays for itself from this many headings on; a shorter document is
# read from its first page, and would print an almost empty page of contents.
TOC_MIN_ENTRIES = 8


def cover_colours(organisation) -> dict:
    """The organisation's colours as the documents use them, each with a text colour
    that reads on it."""
    primary = _colour(organisation.primary_colour, DEFAULT_PRIMARY)
    secondary = _colour(organisation.secondary_colour, DEFAULT_SECONDARY)
    return {
        "primary": primary,
        "on_primary": _readable_on(primary),
        "secondary": secondary,
        "on_secondary": _readable_on(secondary),
        # Headings and rules use the primary colour only where it reads on white.
        "accent": primary if _contrast(primary, LIGHT_TEXT) >= 4.5 else DARK_TEXT,
    }


def html_to_pdf(
    html: str,
    *,
    logo_name: str = "",
    archive: bool = False,
    data: archival.EmbeddedData | None = None,
) -> bytes:
    """WeasyPrint alone: the HTML to a tagged PDF, loading only what SafeURLFetcher allows."""
    document = weasyprint.HTML(
        string=html, base_url=INTERNAL_ORIGIN, url_fetcher=SafeURLFetcher(logo_name=logo_name)
    )
    return document.write_pdf(**archival.write_options(archive=archive, data=data))


def strategy_pdf(version: StrategyVersion) -> bytes:
    html = strategy_html(version)
    return document_pdf(version, html, data=None if is_draft(version) else strategy_data(version))


def strategy_data(version: StrategyVersion) -> archival.EmbeddedData:
    """The version's content as the JSON file an archived strategy carries."""
    words = vocabulary.words(version.language)
    return archival.EmbeddedData(
        name=f"{version.strategy.slug}-v{version.number}.json",
        description=words["embedded_content"],
        text=structured.version_as_json(version),
        modified=version.updated_at,
    )


# --- Pieces of the context -----------------------------------------------------


def _goal_groups(content, words, language):
    """The goals under no other goal grouped by kind, the kinds in the model's order, each
    goal in document order, each with the caption of its table of indicators; every goal
    also carries `kind_label` and `indicator_caption` for the goals under it."""
    for goal in content["goals"]:
        goal.kind_label = vocabulary.choice_label(language, "goal_kind", goal.kind)
        goal.audience_label = vocabulary.choice_label(language, "audience", goal.audience)
        goal.indicator_caption = (
            words["indicators_for"].format(goal=goal.title) if goal.title else words["indicators"]
        )
    groups = []
    for kind in GoalKind.values:
        members = [
            (goal, goal.indicator_caption)
            for goal in content["top_goals"]
            if goal.kind == kind
        ]
        if members:
            groups.append((vocabulary.choice_label(language, "goal_kind", kind), members))
    return groups


def _label_themes(sections, language) -> int:
    """Gives each section `theme_label`, the theme of a themed chapter (crisis
    communication, media...) in the document's language, empty for others; returns how
    many are themed."""
    for section in sections:
        section.theme_label = (
            vocabulary.choice_label(language, "section_kind", section.kind)
            if section.is_themed else ""
        )
        section.audience_label = vocabulary.choice_label(language, "audience", section.audience)
    return sum(1 for section in sections if section.theme_label)


def css_string(text: str) -> str:
    """A quoted CSS string that no text can break out of: all but letters, digits and
    spaces are written as CSS escapes. Each escape is closed by a space, which CSS takes
    as part of it; without it, a space after an escaped character would be swallowed
    ("Høringsnotat: X" would print as "Høringsnotat:X")."""
    escaped = "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):06x} " for char in str(text)
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every character outside [\w ] is escaped


def _principles(principles, language):
    return [
        (
            p,
            p.value.name if p.value else "",
            vocabulary.choice_label(language, "audience", p.audience),
        )
        for p in principles
    ]


def _principle_columns(principles):
    return {
        "value": any(p.value_id for p in principles),
        "audience": any(p.audience for p in principles),
    }


def _month_name(month: int) -> str:
    return str(MONTHS.get(month, month)).capitalize()


def _toc(content, words) -> list[TocEntry]:
    """The table of contents, in the order the template prints the parts."""
    entries = [
        TocEntry(f"section-{section.pk}", section.heading, 1 if section.level <= 1 else 2)
        for section in content["sections"]
        if section.heading
    ]
    # The document word of each part is its key, but for two.
    word_of = {
        "spokesperson_rules": "spokespersons", "general_responsibilities": "responsibilities",
    }
    for key in PART_KEYS:
        if key == "sections":
            continue
        if content[key]:
            entries.append(TocEntry(PART_ANCHORS[key], words[word_of.get(key, key)], 1))
    return entries if len(entries) >= TOC_MIN_ENTRIES else []


def _colour(value: str, default: str) -> str:
    # Colours are validated on the model, but they end up inside a stylesheet: check again.
    return value if value and _HEX_COLOUR.match(value) else default


def _luminance(colour: str) -> float:
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _readable_on(background: str) -> str:
    """White or near-black, whichever reads better on the background (WCAG contrast)."""
    if _contrast(background, LIGHT_TEXT) >= _contrast(background, DARK_TEXT):
        return LIGHT_TEXT
    return DARK_TEXT
