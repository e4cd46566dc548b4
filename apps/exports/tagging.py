"""Repairs what WeasyPrint 70 gets wrong in the structure tree of a tagged PDF.

WeasyPrint tags an <li> as LI with its ::marker as Lbl, and wraps the item's content
in an LBody only when that content is inline: an anonymous block box of the li
becomes LBody (weasyprint/pdf/tags.py, _build_box_tree). Block children of the li,
the paragraphs and tables of a goal or the <p> of a loose Markdown list, land
directly under LI, which ISO 14289-1 (PDF/UA-1, veraPDF rule 7.2-20) forbids: an LI
holds only Lbl and LBody.

No valid HTML avoids it. The only markups that get block content into an LBody are a
<dd> or a <span> wrapped around the blocks inside the li (both outside HTML's content
model, the span also leaving empty NonStruct elements), and they would not reach the
lists people write in Markdown. So the tree is put right once, here, for every list of
every document: run as WeasyPrint's finisher, after the tree is built and before the
file is written. The numbers stay where WeasyPrint puts them, each the Lbl before its
item's body, so the logical reading order is "1." then the goal.
"""

import pydyf

ITEM_PARTS = ("/Lbl", "/LBody")


def repair_list_items(pdf: pydyf.PDF) -> int:
    """Give every LI exactly its Lbl (if any) and one LBody holding the rest of the
    item, in the order it had. Returns how many items were repaired."""
    repaired = 0
    for element in tuple(pdf.objects):
        if _structure_type(element) == "/LI" and _repair_item(pdf, element):
            repaired += 1
    return repaired


def _repair_item(pdf: pydyf.PDF, item: pydyf.Dictionary) -> bool:
    kids = list(item["K"])
    if all(_structure_type(_resolve(pdf, kid)) in ITEM_PARTS for kid in kids):
        return False
    labels, body, rest = [], None, []
    for kid in kids:
        kind = _structure_type(_resolve(pdf, kid))
        if kind == "/Lbl" and body is None and not rest:
            labels.append(kid)
        elif kind == "/LBody" and body is None and not rest:
            # The anonymous body WeasyPrint made for inline content: keep it as the body.
            body = _resolve(pdf, kid)
        else:
            rest.append(kid)
    if body is None:
        body = pydyf.Dictionary(
            {
                "Type": "/StructElem",
                "S": "/LBody",
                "K": pydyf.Array(),
                "Pg": item["Pg"],
                "P": item.reference,
            }
        )
        pdf.add_object(body)
    for kid in rest:
        element = _resolve(pdf, kid)
        if element is not None:
            if _structure_type(element) == "/LBody":
                # Inline content after a block: an anonymous paragraph of the item.
                element["S"] = "/P"
            element["P"] = body.reference
        body["K"].append(kid)
    item["K"] = pydyf.Array([*labels, body.reference])
    return True


def _resolve(pdf: pydyf.PDF, kid):
    """The structure element a kid refers to, None for marked content (an MCID)."""
    if isinstance(kid, bytes) and kid.endswith(b" R"):
        return pdf.objects[int(kid.split()[0])]
    return None


def _structure_type(element) -> str | None:
    if isinstance(element, dict) and element.get("Type") == "/StructElem":
        return element.get("S")
    return None


def describe_links(document) -> int:
    """Give every link annotation its link's own text as /Contents, the alternate
    description ISO 14289-1 (7.18.5) asks for. WeasyPrint writes the target there, so
    a screen reader would say "section-42" for a line of the contents. Returns how many
    links were described."""
    described = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            annotation = getattr(box, "link_annotation", None)
            if annotation is None:
                continue
            # The link's own words, not its generated leaders and page number.
            element = box.element
            text = " ".join("".join(element.itertext()).split()) if element is not None else ""
            if text:
                annotation["Contents"] = pydyf.String(text)
                described += 1
    return described
