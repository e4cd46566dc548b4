"""Renders the consultation summary (høringsnotat) of a version to a tagged PDF/UA-1.

It shares the strategy PDF's machinery (pdf.py): the print stylesheet, the cover in
the organisation's colours, the words of the document's language (vocabulary.py) and
SafeURLFetcher as the only way to load anything. What it prints comes from
consultations.selectors.consultation_summary(), flattened here into plain data: the
template reads that data, and summary_fingerprint() hashes the very same data for
the export's content key. Comments and answers change while a version is in
consultation or proposed without touching its revision, so this fingerprint is what
makes a changed summary render anew and an unchanged one reuse its file.
"""

import hashlib
import json
from dataclasses import asdict, dataclass

from django.template.loader import render_to_string
from django.utils import translation

from apps.consultations.selectors import consultation_summary
from apps.strategies.models import StrategyVersion

from . import archival, pdf, vocabulary

# Bump whenever summary_pdf.html or this module changes what a summary looks like; it
# is part of the fingerprint, so old files are not reused. (The shared stylesheet is
# covered by pdf.TEMPLATE_VERSION, which every content key holds.)
SUMMARY_TEMPLATE_VERSION = "2026.4"

PDF_TEMPLATE = "exports/summary_pdf.html"

UNANSWERED = "unanswered"


@dataclass(frozen=True)
class PrintedComment:
    number: int
    caption: str
    author: str
    unit: str
    text: str
    is_answered: bool
    response: str
    outcome: str
    resulting_change: str


@dataclass(frozen=True)
class PrintedGroup:
    label: str
    comments: tuple[PrintedComment, ...]


@dataclass(frozen=True)
class PrintedOutcome:
    label: str
    count: int


@dataclass(frozen=True)
class PrintedSummary:
    """Everything the summary prints beyond the version, strategy and organisation
    (those are in every content key already), in the document's language."""

    total: int
    answered: int
    outcomes: tuple[PrintedOutcome, ...]
    units: tuple[str, ...]
    people: tuple[str, ...]
    # Outside parties invited by e-mail and not withdrawn, by name (as the page shows).
    parties: tuple[str, ...]
    groups: tuple[PrintedGroup, ...]


def printed_summary(version: StrategyVersion) -> PrintedSummary:
    """The summary of a version as printed, in two queries whatever its size."""
    language = version.language
    words = vocabulary.words(language)
    summary = consultation_summary(version)
    number = 0
    groups = []
    for group in summary["groups"]:
        comments = []
        for comment in group["comments"]:
            number += 1
            comments.append(
                PrintedComment(
                    number=number,
                    caption=words["comment_number"].format(number=number),
                    author=comment.author_name,
                    unit=comment.author_unit.name if comment.author_unit else "",
                    # A hidden comment is in the record, marked, without its text.
                    text=(
                        words["hidden_comment"].format(reason=comment.hidden_reason)
                        if comment.is_hidden
                        else comment.text
                    ),
                    is_answered=comment.is_answered,
                    response=comment.response if comment.is_answered else "",
                    outcome=vocabulary.choice_label(
                        language, "outcome", comment.outcome if comment.is_answered else UNANSWERED
                    ),
                    resulting_change=comment.resulting_change if comment.is_answered else "",
                )
            )
        # The selector labels the whole document in the interface language; a label of an
        # item was copied in the document's language when the comment was made.
        label = words["whole_document"] if group["is_document"] else group["label"]
        groups.append(PrintedGroup(label=label, comments=tuple(comments)))
    return PrintedSummary(
        total=summary["total"],
        answered=summary["answered"],
        outcomes=tuple(
            PrintedOutcome(
                label=vocabulary.choice_label(language, "outcome", outcome["value"]),
                count=outcome["count"],
            )
            for outcome in summary["outcomes"]
        ),
        units=tuple(unit.name for unit in summary["invited_units"]),
        people=tuple(str(person) for person in summary["invited_people"]),
        parties=tuple(party.name for party in summary["invited_parties"]),
        groups=tuple(groups),
    )


def summary_fingerprint(version: StrategyVersion) -> str:
    """A digest of what the summary prints: equal exactly when the printed comments,
    answers, outcomes and consulted parties are equal."""
    identity = {
        "template": SUMMARY_TEMPLATE_VERSION,
        "summary": asdict(printed_summary(version)),
    }
    encoded = json.dumps(identity, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def summary_html(version: StrategyVersion) -> str:
    """The print HTML of a version's consultation summary, in the version's language."""
    with translation.override(version.language):
        return render_to_string(PDF_TEMPLATE, summary_context(version))


def summary_context(version: StrategyVersion) -> dict:
    frame = pdf.document_context(version)
    words = frame["words"]
    document_title = words["summary_title"].format(
        title=version.printed_title, number=version.number
    )
    return {
        **frame,
        "document_title": document_title,
        "summary": printed_summary(version),
        # The running title goes into the margin boxes too.
        "css": {
            **frame["css"],
            "running_title": pdf.css_string(
                _running_title(words, version.printed_title, version.number)
            ),
        },
    }


# The running header shares the top of the page with the organisation's name (on a
# draft, the draft mark): a header this long in all fits on one line at 7.5 pt.
RUNNING_TITLE_MAX = 90


def _running_title(words, title: str, number: int) -> str:
    """The header above every page but the cover: on one line, a long title shortened
    at a word with "…", and "version 1" kept together (never "…version" / "1")."""
    text = words["summary_title"].format(title=title, number=number)
    if len(text) > RUNNING_TITLE_MAX:
        keep = max(len(title) - (len(text) - RUNNING_TITLE_MAX) - 1, 10)
        short = title[:keep].rsplit(" ", 1)[0].rstrip(" ,;:-–")
        text = words["summary_title"].format(title=f"{short}…", number=number)
    head, _space, tail = text.rpartition(" ")
    return f"{head}\u00a0{tail}" if head else text


def summary_pdf(version: StrategyVersion) -> bytes:
    """The renderer of ExportKind.CONSULTATION_SUMMARY (see services.RENDERERS)."""
    html = summary_html(version)
    data = None if pdf.is_draft(version) else summary_data(version)
    return pdf.document_pdf(version, html, data=data)


def summary_data(version: StrategyVersion) -> archival.EmbeddedData:
    """The summary as printed, as the JSON file an archived høringsnotat carries."""
    words = vocabulary.words(version.language)
    text = json.dumps(
        {
            "format": "kompas.consultation-summary",
            "format_version": 1,
            "strategy": {"id": version.strategy_id, "title": version.strategy.title},
            "version": {"id": version.pk, "number": version.number, "status": version.status},
            "language": version.language,
            "summary": asdict(printed_summary(version)),
        },
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    )
    return archival.EmbeddedData(
        name=f"{version.strategy.slug}-v{version.number}-consultation.json",
        description=words["embedded_summary"],
        text=text,
        modified=version.updated_at,
    )
