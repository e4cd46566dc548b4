"""Reading exported PDFs back: text with poppler's pdftotext, structure with pypdf."""

import html
import io
import re
import subprocess
import unicodedata

from pypdf import PdfReader

from apps.core.markdown import render_markdown

# The page body of every page, in PDF points, without the running header and footer
# (the margin boxes sit in the top 24 mm and bottom 22 mm of an A4 page).
BODY_CROP = {"x": 0, "y": 60, "width": 596, "height": 725}


def pdftotext(data: bytes, *, first=None, last=None, body_only=False) -> str:
    """The text in content-stream order (-raw), as a reader of the file meets it."""
    command = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    if body_only:
        crop = BODY_CROP
        command += [
            "-x",
            str(crop["x"]),
            "-y",
            str(crop["y"]),
            "-W",
            str(crop["width"]),
            "-H",
            str(crop["height"]),
        ]
    command += ["-", "-"]
    result = subprocess.run(command, input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


def page_texts(data: bytes) -> list[str]:
    return [
        pdftotext(data, first=n, last=n)
        for n in range(1, len(PdfReader(io.BytesIO(data)).pages) + 1)
    ]


_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def normalise(text: str) -> str:
    """Compare texts regardless of line breaks, hyphenation at line ends and ligatures."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


_BLOCK = re.compile(r"</?(?:p|li|ul|ol|blockquote|br)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def markdown_blocks(text: str) -> list[str]:
    """The paragraphs and list items a Markdown text is printed as, as plain text.
    (List numbers are drawn by the PDF between items, so each block is compared alone.)"""
    rendered = render_markdown(text)
    blocks = (_TAG.sub("", block) for block in _BLOCK.split(rendered))
    return [html.unescape(block).strip() for block in blocks if block.strip()]


def structure_types(reader: PdfReader) -> list[str]:
    """Every structure element type (/S) of the tagged PDF's structure tree, depth first."""
    types = []
    seen = set()

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get"):
            return
        if id(node) in seen:
            return
        seen.add(id(node))
        if "/S" in node:
            types.append(str(node["/S"]))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return types
