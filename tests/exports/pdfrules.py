"""ISO 14289-1 (PDF/UA-1) and ISO 19005 (PDF/A) rules, checked on a PDF read back with
pypdf. Each check returns what breaks its rule, so a test asserts an empty list and a
failure says where. The rule numbers are veraPDF's."""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

HEADINGS = {f"/H{n}": n for n in range(1, 7)}


@dataclass(frozen=True)
class Element:
    """One structure element: its type, its Alt text, and its children in order."""

    type: str
    alt: str | None
    kids: tuple["Element", ...]

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


def structure_tree(reader: PdfReader) -> Element:
    """The structure tree from its root; marked content and object references are left out."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    return Element("/StructTreeRoot", None, _kids(root.get("/K")))


def _kids(node) -> tuple[Element, ...]:
    if node is None:
        return ()
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, ArrayObject | list):
        return tuple(element for kid in node for element in _kids(kid))
    if isinstance(node, DictionaryObject) and "/S" in node:
        alt = node.get("/Alt")
        return (Element(str(node["/S"]), None if alt is None else str(alt), _kids(node.get("/K"))),)
    return ()  # an MCID, a marked-content or object reference


def reader_of(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


# --- PDF/UA-1 ------------------------------------------------------------------------


def list_item_violations(tree: Element) -> list[str]:
    """7.2-20: an LI holds only Lbl and LBody elements."""
    return [
        f"LI > {kid.type}"
        for element in tree.walk()
        if element.type == "/LI"
        for kid in element.kids
        if kid.type not in ("/Lbl", "/LBody")
    ]


def heading_violations(tree: Element) -> list[str]:
    """7.4.2-1: headings nest without skipping a level (the first is H1)."""
    levels = [HEADINGS[element.type] for element in tree.walk() if element.type in HEADINGS]
    problems = []
    previous = 0
    for level in levels:
        if level > previous + 1:
            problems.append(f"H{level} after H{previous}" if previous else f"starts with H{level}")
        previous = level
    return problems


def figure_violations(tree: Element) -> list[str]:
    """7.3-1: every Figure has alternative text."""
    return [
        "Figure without Alt"
        for element in tree.walk()
        if element.type == "/Figure" and not (element.alt or "").strip()
    ]


def table_violations(tree: Element) -> list[str]:
    """7.5: every Table has header cells."""
    return [
        "Table without TH"
        for element in tree.walk()
        if element.type == "/Table" and not any(e.type == "/TH" for e in element.walk())
    ]


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def document_violations(reader: PdfReader) -> list[str]:
    """7.2-3 /Lang, 7.1-10 /DisplayDocTitle, 5 pdfuaid:part in the XMP, 7.1-8 a title."""
    catalog = reader.trailer["/Root"]
    problems = []
    if not str(catalog.get("/Lang", "")).strip():
        problems.append("no /Lang")
    if not bool(catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        problems.append("no /DisplayDocTitle")
    if "/Metadata" not in catalog:
        return [*problems, "no XMP metadata"]
    metadata = xmp(reader)
    if not re.search(r"pdfuaid:part(=\"1\"|>1<)", metadata):
        problems.append("no pdfuaid:part 1 in XMP")
    if "<dc:title>" not in metadata:
        problems.append("no dc:title in XMP")
    return problems


def pdf_ua_violations(data: bytes) -> list[str]:
    """Every PDF/UA-1 rule above, on one file."""
    reader = reader_of(data)
    tree = structure_tree(reader)
    return [
        *list_item_violations(tree),
        *heading_violations(tree),
        *figure_violations(tree),
        *table_violations(tree),
        *document_violations(reader),
    ]
