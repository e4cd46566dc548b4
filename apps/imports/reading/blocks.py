"""The ordered blocks every reader turns a document into."""

import re
import unicodedata
from dataclasses import asdict, dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE = "table"
BLOCK_KINDS = (HEADING, PARAGRAPH, LIST_ITEM, TABLE)


class UnreadableDocument(Exception):
    """The file cannot be read; `message` says why in words a person understands."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@dataclass
class Block:
    kind: str
    text: str
    # Heading level (0 title, 1 chapter, 2 sub-heading ...) or list nesting (1 outermost).
    level: int = 1
    # The list item's number (1, 2, ...) in a numbered list; None for a bullet.
    number: int | None = None
    rows: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Block":
        return cls(
            kind=data["kind"], text=data["text"], level=data.get("level", 1),
            number=data.get("number"), rows=data.get("rows") or [],
        )


def clean(text: str) -> str:
    """One line of running text: ligatures unfolded, spaces collapsed, controls gone."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in text
    )
    return re.sub(r"\s+", " ", text).strip()


# A heading numbered like "3." or "4.2" or "4.2.1": (the number, the words after it).
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
# Bullets people type or paste: •, –, -, *, ▪, ◦, ●, ■, □, ➢, ✓, possibly tab-separated.
BULLET = re.compile(r"^\s*([•\u2022\u2013\u2014\-*▪◦●■□➢✓·])[\t ]+(\S.*)$")
NUMBERED_ITEM = re.compile(r"^\s*(\d{1,3})[.)][\t ]+(\S.*)$")


def heading_number_level(number: str) -> int:
    return number.count(".") + 1 if not number.endswith(".") else number.count(".")


def looks_like_heading_line(text: str) -> bool:
    """A short line without closing punctuation: how a bold line reads as a heading."""
    words = text.split()
    return (
        0 < len(words) <= 12
        and len(text) <= 100
        and text[-1] not in ".,;:"
        and not text[0].islower()
    )


def tidy(blocks: list[Block]) -> list[Block]:
    """Empty blocks dropped, numbered headings split into level and words, list runs
    given their numbers."""
    result: list[Block] = []
    for block in blocks:
        block.text = clean(block.text)
        block.rows = [[clean(cell) for cell in row] for row in block.rows]
        if block.kind == TABLE:
            block.rows = [row for row in block.rows if any(row)]
            if not block.rows:
                continue
            block.text = "\n".join(" | ".join(row) for row in block.rows)
        if not block.text:
            continue
        result.append(block)
    _number_headings(result)
    return result


def _number_headings(blocks: list[Block]) -> None:
    """A heading written "4.2 Title" gets level 2 and loses its number. A lone line
    "3. Title" is a heading; a run of such lines is a numbered list."""
    for index, block in enumerate(blocks):
        match = NUMBERED_HEADING.match(block.text)
        if not match or block.kind not in (HEADING, PARAGRAPH):
            continue
        number, words = match.groups()
        if block.kind == HEADING:
            block.text = words
            if "." in number:
                block.level = number.count(".") + 1
        elif "." in number and looks_like_heading_line(words):
            block.kind, block.level, block.text = HEADING, number.count(".") + 1, words
        elif looks_like_heading_line(words) and not _in_a_numbered_run(blocks, index):
            block.kind, block.level, block.text = HEADING, 1, words
        elif "." not in number:
            block.kind, block.number, block.text = LIST_ITEM, int(number), words


def _single_numbered(block: Block) -> bool:
    match = block.kind == PARAGRAPH and NUMBERED_HEADING.match(block.text)
    return bool(match) and "." not in match.group(1)


def _in_a_numbered_run(blocks: list[Block], index: int) -> bool:
    return any(
        0 <= i < len(blocks) and (_single_numbered(blocks[i]) or (
            blocks[i].kind == LIST_ITEM and blocks[i].number is not None))
        for i in (index - 1, index + 1)
    )
