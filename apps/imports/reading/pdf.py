"""A text-based PDF as blocks (pdfplumber): lines by position, headings by font size
and weight, list items by their markers."""

import io
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .blocks import (
    BULLET,
    HEADING,
    LIST_ITEM,
    NUMBERED_ITEM,
    PARAGRAPH,
    TABLE,
    Block,
    UnreadableDocument,
)
from .safety import corrupt_message

MARKERS = set("•\u2022\u2013\u2014-*▪◦●■□➢✓·")


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    page: int
    rows: list | None = None


def read_pdf(data: bytes) -> list[Block]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines, images = [], 0
            for number, page in enumerate(pdf.pages):
                images += len(page.images)
                lines.extend(_page_lines(page, number))
    except PDFPasswordIncorrect as error:
        raise UnreadableDocument(
            _("The PDF is protected by a password. Save an unprotected copy and upload "
              "that.")
        ) from error
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on bad input
        if b"/Encrypt" in data or "password" in repr(error).lower():
            raise UnreadableDocument(
                _("The PDF is protected by a password. Save an unprotected copy and "
                  "upload that.")
            ) from error
        raise UnreadableDocument(corrupt_message()) from error
    if not lines:
        if images:
            raise UnreadableDocument(
                _("The PDF holds only pictures of pages (a scan), no text to read. Upload "
                  "the original Word document, or a PDF saved from it.")
            )
        raise UnreadableDocument(_("The PDF contains no text."))
    return _blocks(lines)


def _page_lines(page, number) -> list[Line]:
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    tables = page.find_tables()
    table_lines = []
    for table in tables:
        x0, top, x1, bottom = table.bbox
        words = [
            w for w in words
            if not (x0 - 1 <= w["x0"] <= x1 + 1 and top - 1 <= w["top"] <= bottom + 1)
        ]
        rows = [[cell or "" for cell in row] for row in table.extract()]
        table_lines.append(Line("", top, bottom, x0, 0, False, number, rows=rows))
    # Markers of lists can come out of the page after their text: order by position.
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(word["top"] - rows[-1][0]["top"]) < max(2.0, word["size"] * 0.3):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        bolds = [
            bool(re.search(r"bold|black|heavy|semibold", w["fontname"], re.I))
            for w in row if w["text"] not in MARKERS
        ]
        lines.append(Line(
            text=" ".join(w["text"] for w in row),
            top=min(w["top"] for w in row),
            bottom=max(w["bottom"] for w in row),
            x0=row[0]["x0"],
            size=round(max(w["size"] for w in row), 1),
            bold=bool(bolds) and all(bolds),
            page=number,
        ))
    lines = sorted(lines + table_lines, key=lambda line: line.top)
    # Page numbers and running footers that are only a number.
    return [
        line for line in lines
        if line.rows is not None or not re.fullmatch(r"\d{1,4}|\d+\s*/\s*\d+", line.text)
    ]


def _blocks(lines: list[Line]) -> list[Block]:
    sizes = Counter()
    for line in lines:
        if line.rows is not None:
            continue
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    heading_sizes = sorted({line.size for line in lines if line.size >= body * 1.15
                            and line.rows is None},
                           reverse=True)
    blocks: list[Block] = []
    previous: Line | None = None
    # The largest type used once, at the start, is the document's title: level 0.
    title_size = heading_sizes[0] if heading_sizes else None
    leading = next((i for i, line in enumerate(lines) if line.size != title_size), 0)
    if title_size and leading and all(line.size != title_size for line in lines[leading:]):
        heading_sizes = [title_size - 1000, *heading_sizes]
    for line in lines:
        if line.rows is not None:
            # A table split over two pages continues as one.
            if blocks and blocks[-1].kind == TABLE and previous and previous.rows is not None:
                rows = list(line.rows)
                # A row broken by the page: its first cell is empty on the new page.
                if rows and blocks[-1].rows and not rows[0][0].strip():
                    last = blocks[-1].rows[-1]
                    blocks[-1].rows[-1] = [
                        f"{a} {b}".strip() for a, b in zip(last, rows.pop(0), strict=False)
                    ]
                blocks[-1].rows.extend(rows)
            else:
                blocks.append(Block(TABLE, "", rows=line.rows))
            previous = line
            continue
        kind, level, text = _line_kind(line, body, heading_sizes)
        gap = line.top - previous.bottom if previous and previous.page == line.page else 99
        current = blocks[-1] if blocks else None
        continues = (
            current is not None
            and kind is None
            and gap < line.size * 0.6
            and previous is not None
            and previous.size == line.size
            and previous.bold == line.bold
            and current.kind != HEADING
        ) or (
            current is not None and current.kind == HEADING and kind == HEADING
            and previous is not None and previous.size == line.size
            and gap < line.size * 0.6 and current.level == level
        )
        if continues:
            current.text = _join(current.text, text)
        elif kind == HEADING:
            blocks.append(Block(HEADING, text, level=level))
        elif kind == LIST_ITEM:
            number = NUMBERED_ITEM.match(line.text)
            blocks.append(Block(LIST_ITEM, text, number=int(number.group(1)) if number else None))
        else:
            blocks.append(Block(PARAGRAPH, text))
        previous = line
    return blocks


def _line_kind(line: Line, body: float, heading_sizes: list[float]):
    if line.size >= body * 1.15:
        if heading_sizes and heading_sizes[0] < 0:
            rank = heading_sizes.index(line.size) - 1 if line.size in heading_sizes else 0
            return HEADING, max(rank, 0) if line.size != heading_sizes[1] else 0, line.text
        return HEADING, heading_sizes.index(line.size) + 1, line.text
    bullet = BULLET.match(line.text)
    if bullet:
        return LIST_ITEM, 1, bullet.group(2)
    number = NUMBERED_ITEM.match(line.text)
    if number:
        return LIST_ITEM, 1, number.group(2)
    if line.bold and len(line.text) <= 100 and line.text[-1:] not in ".,;":
        return HEADING, len(heading_sizes) + 1, line.text
    return None, 0, line.text


def _join(left: str, right: str) -> str:
    # A line broken after a slash ("virksomhedens/" "kommunens") or inside a hyphenated
    # word ("Modum-" "venner") is one word; "informasjons-" before "og" stays apart.
    if left.endswith("/"):
        return left + right
    if re.search(r"\w-$", left) and right.split(" ", 1)[0].lower() not in CONJUNCTIONS:
        return left + right
    return f"{left} {right}"


# Words after a hyphen that show it ends a shortened compound ("informasjons- og ...").
CONJUNCTIONS = {"og", "eller", "och", "samt", "and", "or", "el.", "resp.", "til", "till",
                "à", "som", "såvel", "mv."}
