"""Word (.docx, python-docx) and OpenDocument (.odt, odfdo) documents as blocks."""

import io
import re
import tempfile

from .blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, looks_like_heading_line

# Style names of headings in the languages Word and LibreOffice are used in here.
HEADING_STYLE = re.compile(
    r"^(?:heading|overskrift|rubrik|otsikko|berschrift|titre)\s*(\d)$", re.IGNORECASE
)
TITLE_STYLE = re.compile(r"^(?:title|titel|tittel|rubrik)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"list|liste|lista|punkt|opstilling", re.IGNORECASE)
NUMBER_STYLE = re.compile(r"number|nummer|numrer|tal", re.IGNORECASE)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> list[Block]:
    import docx
    import docx.enum.style

    document = docx.Document(io.BytesIO(data))
    numbered_ids = _numbered_num_ids(document)
    # python-docx looks a paragraph's style up anew each time; one table is far faster.
    style_names = {style.style_id: style.name for style in document.styles}
    default = document.styles.default(docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style_names[None] = default.name if default is not None else ""
    blocks: list[Block] = []
    counters: dict[tuple, int] = {}
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            blocks.append(Block(TABLE, "", rows=_dedupe_merged(rows)))
            continue
        block = _docx_paragraph(item, numbered_ids, style_names)
        if block is None:
            continue
        if block.kind == LIST_ITEM and block.number is not None:
            key = (block.level, block.number)
            previous = blocks[-1] if blocks else None
            if not (previous and previous.kind == LIST_ITEM):
                counters.clear()
            counters[key] = counters.get(key, 0) + 1
            block.number = counters[key]
        blocks.append(block)
    return blocks


def _dedupe_merged(rows):
    # python-docx repeats a merged cell in every grid column it spans.
    result = []
    for row in rows:
        cells = []
        for cell in row:
            if not cells or cells[-1] != cell or not cell:
                cells.append(cell)
        result.append(cells)
    return result


def _numbered_num_ids(document) -> set[str]:
    """numIds whose first level counts (decimal, letters, roman) instead of bullets."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return set()
    numbered_abstract = set()
    for abstract in numbering.findall(f"{W}abstractNum"):
        fmt = abstract.find(f"{W}lvl/{W}numFmt")
        if fmt is not None and fmt.get(f"{W}val") not in ("bullet", "none"):
            numbered_abstract.add(abstract.get(f"{W}abstractNumId"))
    result = set()
    for num in numbering.findall(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        if ref is not None and ref.get(f"{W}val") in numbered_abstract:
            result.add(num.get(f"{W}numId"))
    return result


def _docx_paragraph(paragraph, numbered_ids, style_names) -> Block | None:
    text = paragraph.text
    if not text.strip():
        return None
    style_id = paragraph._p.style
    style = style_names.get(style_id, style_names[None]) or ""
    match = HEADING_STYLE.match(style or "")
    if match:
        return Block(HEADING, text, level=int(match.group(1)))
    if TITLE_STYLE.match(style or ""):
        return Block(HEADING, text, level=0)
    outline = paragraph._p.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None and outline.get(f"{W}val", "9").isdigit():
        level = int(outline.get(f"{W}val")) + 1
        if level <= 6:
            return Block(HEADING, text, level=level)
    num_pr = paragraph._p.find(f"{W}pPr/{W}numPr")
    if num_pr is not None or LIST_STYLE.search(style or ""):
        level = 1
        if num_pr is not None:
            ilvl = num_pr.find(f"{W}ilvl")
            level = int(ilvl.get(f"{W}val", "0")) + 1 if ilvl is not None else 1
            num_id = num_pr.find(f"{W}numId")
            numbered = num_id is not None and num_id.get(f"{W}val") in numbered_ids
        else:
            numbered = bool(NUMBER_STYLE.search(style))
        if re.search(r"\d$", style or "") and num_pr is None:
            level = int(style[-1])
        return Block(LIST_ITEM, text, level=level, number=0 if numbered else None)
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and looks_like_heading_line(text.strip()):
        return Block(HEADING, text, level=2)
    return Block(PARAGRAPH, text)


def read_odt(data: bytes) -> list[Block]:
    from odfdo import Document

    with tempfile.NamedTemporaryFile(suffix=".odt") as handle:
        handle.write(data)
        handle.flush()
        document = Document(handle.name)
        numbered_styles = _odt_numbered_list_styles(document)
        blocks: list[Block] = []
        for element in document.body.children:
            _odt_element(element, blocks, numbered_styles, level=1)
    return blocks


def _odt_numbered_list_styles(document) -> set[str]:
    names = set()
    for style in document.get_styles("list"):
        inner = [child.tag for child in style.children]
        if inner and inner[0] == "text:list-level-style-number":
            names.add(style.name)
    return names


def _odt_text(element) -> str:
    return element.text_recursive if hasattr(element, "text_recursive") else ""


def _odt_element(element, blocks, numbered_styles, level, list_style=None):
    tag = element.tag
    if tag == "text:h":
        outline = element.get_attribute("text:outline-level")
        blocks.append(Block(HEADING, _odt_text(element), level=int(outline or 1)))
    elif tag == "text:p":
        style = (element.style or "").lower()
        if "title" in style:
            blocks.append(Block(HEADING, _odt_text(element), level=0))
        else:
            blocks.append(Block(PARAGRAPH, _odt_text(element)))
    elif tag == "text:list":
        style = element.get_attribute("text:style-name") or list_style
        numbered = style in numbered_styles
        for number, item in enumerate(element.get_elements("text:list-item"), start=1):
            for child in item.children:
                if child.tag == "text:list":
                    _odt_element(child, blocks, numbered_styles, level + 1, style)
                else:
                    blocks.append(Block(
                        LIST_ITEM, _odt_text(child), level=level,
                        number=number if numbered else None,
                    ))
    elif tag == "table:table":
        rows = [
            [_odt_text(cell) for cell in row.get_elements("table:table-cell")]
            for row in element.get_elements(".//table:table-row")
        ]
        blocks.append(Block(TABLE, "", rows=rows))
    elif tag in ("text:section", "text:soft-page-break") or tag.startswith("text:"):
        for child in getattr(element, "children", []):
            _odt_element(child, blocks, numbered_styles, level, list_style)

