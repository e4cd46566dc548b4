"""Plain text, Markdown, pasted text and HTML as blocks."""

import re
from html.parser import HTMLParser

from .blocks import (
    BULLET,
    HEADING,
    LIST_ITEM,
    NUMBERED_ITEM,
    PARAGRAPH,
    TABLE,
    Block,
    looks_like_heading_line,
)

MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
UNDERLINE = re.compile(r"^(=+|-+)\s*$")


def read_text(text: str) -> list[Block]:
    """Text as typed, pasted or saved: blank lines part paragraphs; '#' headings,
    underlined headings, bullets (•, –, ▪, -, *, tab-separated too), numbered items."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks: list[Block] = []
    paragraph: list[str] = []

    single_lines: set[int] = set()  # paragraphs that were one line of their own

    def flush():
        if paragraph:
            if len(paragraph) == 1:
                single_lines.add(len(blocks))
            blocks.append(Block(PARAGRAPH, " ".join(paragraph)))
            paragraph.clear()

    lines = text.split("\n")
    for index, raw in enumerate(lines):
        line = raw.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not line:
            flush()
            continue
        heading = MD_HEADING.match(line)
        bullet = BULLET.match(raw)
        number = NUMBERED_ITEM.match(raw)
        indent = len(raw) - len(raw.lstrip(" \t"))
        if heading:
            flush()
            blocks.append(Block(HEADING, heading.group(2), level=len(heading.group(1))))
        elif UNDERLINE.match(following) and not paragraph and len(line) <= 100:
            flush()
            blocks.append(Block(HEADING, line, level=1 if following[0] == "=" else 2))
        elif UNDERLINE.match(line) and blocks and blocks[-1].kind == HEADING:
            continue
        elif bullet and not (bullet.group(1) == "-" and line.startswith("--")):
            flush()
            blocks.append(Block(LIST_ITEM, bullet.group(2), level=1 + indent // 2))
        elif number and _is_list_number(lines, index):
            flush()
            blocks.append(Block(LIST_ITEM, number.group(2), level=1 + indent // 2,
                                number=int(number.group(1))))
        elif (
            not paragraph and line.isupper() and looks_like_heading_line(line)
            and len(line) > 3
        ):
            flush()
            blocks.append(Block(HEADING, line, level=1))
        elif blocks and blocks[-1].kind == LIST_ITEM and not paragraph and indent:
            blocks[-1].text += " " + line
        else:
            paragraph.append(line)
    flush()
    _short_lines_as_headings(blocks, single_lines)
    return blocks


def _short_lines_as_headings(blocks: list[Block], single_lines: set[int]) -> None:
    """A short line standing alone before more text is a heading (the first one, before
    anything else, the title)."""
    has_headings = any(block.kind == HEADING for block in blocks)
    for index in sorted(single_lines):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if has_headings or following is None or not looks_like_heading_line(block.text):
            continue
        if following.kind == PARAGRAPH and index + 1 in single_lines and looks_like_heading_line(
            following.text
        ) and index != 0:
            continue
        block.kind, block.level = HEADING, 0 if index == 0 else 1


def _is_list_number(lines, index) -> bool:
    """A "1. ..." line is a list item when another numbered line stands next to it."""
    neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return any(NUMBERED_ITEM.match(n) for n in neighbours if n.strip())


class _HtmlBlocks(HTMLParser):
    SKIP = {"script", "style", "head", "nav", "footer", "template", "noscript", "svg"}
    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr",
             "blockquote", "dd", "dt", "section", "article", "caption", "br", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skip = 0
        self.lists: list[list] = []  # [numbered, counter]
        self.current: tuple | None = None
        self.rows: list[list[str]] | None = None
        self.bold_only = True
        self.bold = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
            return
        if tag in ("b", "strong"):
            self.bold += 1
        if tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag == "ol", int(start) - 1 if start.isdigit() else 0])
        elif tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in self.BLOCK:
            self._flush()
            if tag == "li" and self.lists:
                numbered = self.lists[-1]
                numbered[1] += 1
                self.current = (LIST_ITEM, len(self.lists),
                                numbered[1] if numbered[0] else None)
            elif re.fullmatch(r"h[1-6]", tag):
                self.current = (HEADING, int(tag[1]), None)
            elif tag == "title":
                self.current = (HEADING, 0, None)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        if tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
        elif tag in ("td", "th") and self.rows is not None:
            if self.rows:
                self.rows[-1].append(" ".join(self.text).strip())
            self.text, self.bold_only = [], True
        elif tag == "table" and self.rows is not None:
            self.blocks.append(Block(TABLE, "", rows=self.rows))
            self.rows = None
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data):
        if self.skip or not data.strip():
            if data.strip() == "" and self.text:
                self.text.append(" ")
            return
        if not self.bold:
            self.bold_only = False
        self.text.append(data)

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.text)).strip()
        if text and self.rows is None:
            kind, level, number = self.current or (PARAGRAPH, 1, None)
            if kind == PARAGRAPH and self.bold_only and looks_like_heading_line(text):
                kind, level = HEADING, 2
            self.blocks.append(Block(kind, text, level=level, number=number))
        if self.rows is None:
            self.text = []
            self.bold_only = True
        self.current = None


def read_html(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.blocks

