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
    """One structure element: its type, Alt text, ID, attributes (/A) and children."""

    type: str
    alt: str | None
    kids: tuple["Element", ...]
    id: str | None = None
    attributes: tuple[tuple[str, object], ...] = ()

    def attribute(self, name: str):
        return dict(self.attributes).get(name)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


def structure_tree(reader: PdfReader) -> Element:
    """The structure tree from its root; marked content and object references are left out."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    return Element("/StructTreeRoot", None, _kids(root.get("/K")))


def _attributes(node) -> tuple[tuple[str, object], ...]:
    owners = node.get("/A")
    owners = owners.get_object() if isinstance(owners, IndirectObject) else owners
    if owners is None:
        return ()
    if not isinstance(owners, ArrayObject | list):
        owners = [owners]
    found = []
    for owner in owners:
        owner = owner.get_object() if isinstance(owner, IndirectObject) else owner
        if isinstance(owner, DictionaryObject):
            found.extend((str(key), owner[key]) for key in owner if key != "/O")
    return tuple(found)


def _kids(node) -> tuple[Element, ...]:
    if node is None:
        return ()
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, ArrayObject | list):
        return tuple(element for kid in node for element in _kids(kid))
    if isinstance(node, DictionaryObject) and "/S" in node:
        alt, id_ = node.get("/Alt"), node.get("/ID")
        return (
            Element(
                str(node["/S"]),
                None if alt is None else str(alt),
                _kids(node.get("/K")),
                None if id_ is None else str(id_),
                _attributes(node),
            ),
        )
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


def list_item_order_violations(tree: Element) -> list[str]:
    """The label is read before the body it numbers."""
    problems = []
    for item in (element for element in tree.walk() if element.type == "/LI"):
        kinds = [kid.type for kid in item.kids]
        if "/Lbl" in kinds and "/LBody" in kinds and kinds.index("/Lbl") > kinds.index("/LBody"):
            problems.append("Lbl after LBody")
    return problems


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
    """7.5: every Table has header cells, and (7.5-1) every data cell is tied to its
    headers: each TD lists header IDs of its own table (/Headers), or every TH has a
    /Scope."""
    problems = []
    for table in (element for element in tree.walk() if element.type == "/Table"):
        headers = [cell for cell in table.walk() if cell.type == "/TH"]
        if not headers:
            problems.append("Table without TH")
            continue
        if all(cell.attribute("/Scope") for cell in headers):
            continue
        ids = {cell.id for cell in headers if cell.id}
        for cell in (cell for cell in table.walk() if cell.type == "/TD"):
            named = [str(name) for name in cell.attribute("/Headers") or ()]
            if not named or not set(named) <= ids:
                problems.append("TD without its headers")
    return problems


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def document_violations(reader: PdfReader) -> list[str]:
    """7.2-3 /Lang, 7.1-10 /DisplayDocTitle, 5 pdfuaid:part in the XMP, 7.1-8 a title."""
    catalog = reader.trailer["/Root"]
    problems = []
    if not str(catalog.get("/Lang", "")).strip():
        problems.append("no /Lang")
    # pypdf's BooleanObject(False) is truthy: compare its value.
    display_title = catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")
    if getattr(display_title, "value", None) is not True:
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
        *list_item_order_violations(tree),
        *heading_violations(tree),
        *figure_violations(tree),
        *table_violations(tree),
        *document_violations(reader),
    ]


# --- Hand-built documents, to prove each check can fail ------------------------------


@dataclass(frozen=True)
class Spec:
    """A structure element to build by hand: its type, Alt text, ID, attributes and
    children."""

    type: str
    kids: tuple["Spec", ...] = ()
    alt: str | None = None
    id: str | None = None
    attributes: tuple[tuple[str, object], ...] = ()


def tagged(type_: str, *kids: "Spec", alt=None, id=None, **attributes) -> Spec:  # noqa: A002
    return Spec(type_, kids, alt, id, tuple(attributes.items()))


def hand_built_pdf(
    *elements: Spec, lang: str = "da", display_title: bool = True, pdfua_part: bool = True
) -> bytes:
    """A one-page PDF whose structure tree is exactly `elements` under a Document, with
    the catalog entries and XMP that the document checks read; no content stream is
    needed for the tree to be read back."""
    from pypdf import PdfWriter
    from pypdf.generic import BooleanObject, NameObject, StreamObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)

    def build(spec: Spec, parent_ref):
        element = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(spec.type),
                NameObject("/P"): parent_ref,
            }
        )
        if spec.alt is not None:
            element[NameObject("/Alt")] = TextStringObject(spec.alt)
        if spec.id is not None:
            element[NameObject("/ID")] = TextStringObject(spec.id)
        if spec.attributes:
            owner = DictionaryObject({NameObject("/O"): NameObject("/Table")})
            for name, value in spec.attributes:
                owner[NameObject(f"/{name}")] = (
                    ArrayObject(TextStringObject(v) for v in value)
                    if isinstance(value, list | tuple)
                    else NameObject(f"/{value}")
                )
            element[NameObject("/A")] = owner
        reference = writer._add_object(element)
        element[NameObject("/K")] = ArrayObject([build(kid, reference) for kid in spec.kids])
        return reference

    document = tagged("/Document", *elements)
    root[NameObject("/K")] = ArrayObject([build(document, root_ref)])
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    if lang:
        catalog[NameObject("/Lang")] = TextStringObject(lang)
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(display_title)}
    )
    part = ' pdfuaid:part="1"' if pdfua_part else ""
    metadata = StreamObject()
    metadata.set_data(
        (
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
            ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
            f'<rdf:Description rdf:about=""{part}/>'
            '<rdf:Description rdf:about=""><dc:title><rdf:Alt>'
            '<rdf:li xml:lang="x-default">Hand-built</rdf:li></rdf:Alt></dc:title>'
            "</rdf:Description></rdf:RDF></x:xmpmeta>"
        ).encode()
    )
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    catalog[NameObject("/Metadata")] = writer._add_object(metadata)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
