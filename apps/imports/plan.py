"""From labelled blocks to the content of a draft: a plan of rows per content type.

The plan is plain data (no database), so the review screen, the command and the tests
see exactly what the draft will hold before it is created.
"""

import re
from dataclasses import dataclass, field

from . import recognise as r
from .adoption import AdoptionFacts, find_adoption
from .reading.blocks import LIST_ITEM, TABLE, Block
from .vocabulary import MONTHS, role_level_of

SPLIT_NAME = re.compile(r"^(?P<name>[^:–—]{1,80}?)\s*(?::|\s[–—-]\s)\s*(?P<rest>.+)$")
RELATED = re.compile(
    r"^(?P<title>.+?)(?:,\s*(?P<year>\d{4}(?:\s*[-–]\s*\d{2,4})?))?(?:\s+[–—-]\s+(?P<note>.+))?$"
)
ROLE_FIELD = re.compile(r"^(?P<key>[\wæøåäöÆØÅÄÖ ]{2,20}):\s*(?P<rest>.+)$")
GOAL_FIELD = re.compile(r"^(mål|goal|målsætning|målsättning)$", re.IGNORECASE)
SENDER_FIELD = re.compile(r"^(afsender|avsändare|avsender|sender)", re.IGNORECASE)
AUDIENCE_FIELD = re.compile(r"^(interessent|målgrupp|intressent|audience)", re.IGNORECASE)


# Models whose one block (a table) can hold several rows side by side.
SIBLINGS = ("SpokespersonRule", "AnnualWheelEvent")


@dataclass
class Row:
    model: str  # a model name of apps.strategies.models
    data: dict
    children: list["Row"] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # the source blocks it holds


@dataclass
class Plan:
    title: str = ""
    subtitle: str = ""
    adoption: AdoptionFacts | None = None
    rows: list[Row] = field(default_factory=list)

    def count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.model] = counts.get(row.model, 0) + 1
            for child in row.children:
                counts[child.model] = counts.get(child.model, 0) + 1
        return counts


def _md_line(block: Block) -> str:
    if block.kind == LIST_ITEM:
        indent = "   " * (max(block.level, 1) - 1)
        marker = f"{block.number}." if block.number else "-"
        return f"{indent}{marker} {block.text}"
    if block.kind == TABLE:
        return "\n".join(" | ".join(row) for row in block.rows)
    return block.text


def _append(text: str, block: Block) -> str:
    line = _md_line(block)
    if not text:
        return line
    joiner = "\n" if block.kind == LIST_ITEM and re.search(r"(^|\n)\s*(- |\d+\. )[^\n]*$",
                                                           text) else "\n\n"
    return f"{text}{joiner}{line}"


def _split(text: str) -> tuple[str, str]:
    match = SPLIT_NAME.match(text)
    if match and len(match.group("name").split()) <= 8:
        return match.group("name").strip(), match.group("rest").strip()
    return text, ""


def build_plan(blocks: list[Block], proposals: list[r.Proposal]) -> Plan:
    plan = Plan()
    section: Row | None = None
    last: Row | None = None  # the item DETAIL blocks belong to
    parents: dict[str, Row] = {}

    def add(row: Row, index: int) -> Row:
        row.blocks.append(index)
        plan.rows.append(row)
        return row

    def text_to_section(block, index):
        nonlocal section
        if section is None:
            section = add(Row("Section", {"kind": "text", "heading": "", "level": 1,
                                          "body": ""}), index)
        else:
            section.blocks.append(index)
        section.data["body"] = _append(section.data["body"], block)

    for index, (block, proposal) in enumerate(zip(blocks, proposals, strict=True)):
        label = proposal.label
        text = block.text
        if label == r.TITLE and not plan.title:
            plan.title = text[:300]
        elif label == r.SUBTITLE and not plan.subtitle:
            plan.subtitle = text[:300]
        elif label == r.ADOPTION:
            # The facts are read from the line, and the line stays text of the draft.
            if plan.adoption is None:
                plan.adoption = find_adoption(text) or AdoptionFacts(text=text)
            text_to_section(block, index)
        elif label in (r.TITLE, r.SUBTITLE):
            text_to_section(block, index)
        elif label == r.SECTION:
            section = last = add(Row("Section", {
                "kind": proposal.kind or "text", "heading": text[:300],
                "level": 1 if block.level <= 1 else 2, "body": "",
            }), index)
        elif label == r.TEXT:
            text_to_section(block, index)
            last = section
        elif label == r.DETAIL:
            if last is None or last.model == "Section":
                text_to_section(block, index)
                continue
            last.blocks.append(index)
            key = _detail_field(last, text)
            if key:
                last.data[key] = _append(last.data.get(key, ""), block)
        else:
            row = _item(label, block, proposal, parents)
            if row is None:
                text_to_section(block, index)
                continue
            if row is parents.get("_child_added"):
                row.blocks.append(index)
                continue
            last = add(row, index)
            parents[label] = row
            if row.model in SIBLINGS:
                for sibling in row.children:
                    add(sibling, index)
                row.children = []
    for row in plan.rows:
        _finish(row)
    return plan


def _detail_field(row: Row, text: str) -> str:
    if row.model == "MunicipalityRole":
        field_match = ROLE_FIELD.match(text)
        if field_match:
            key, rest = field_match.group("key").strip(), field_match.group("rest").strip()
            if GOAL_FIELD.match(key):
                row.data["goal"] = rest
                return ""
            if SENDER_FIELD.match(key):
                row.children += [Row("RoleSender", {"label": label,
                                                    "role_level": role_level_of(label)})
                                 for label in _names(rest)]
                return ""
            if AUDIENCE_FIELD.match(key):
                row.children += [Row("RoleAudience", {"label": label}) for label in _names(rest)]
                return ""
    return {"Value": "description", "FocusArea": "description", "Responsibility": "description",
            "MunicipalityRole": "description", "Platform": "description",
            "Action": "description", "LegalBasis": "text", "Definition": "explanation",
            "Evaluation": "description"}.get(row.model, "description")


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _item(label, block: Block, proposal: r.Proposal, parents) -> Row | None:
    text = block.text
    if label == r.VALUE:
        name, description = _split(text) if block.kind == LIST_ITEM else (text, "")
        return Row("Value", {"name": name[:200], "description": description})
    if label == r.PRINCIPLE:
        return Row("Principle", {"title": proposal.title[:300], "text": text, "audience": ""})
    if label == r.FOCUS_AREA:
        if block.kind == LIST_ITEM:
            return Row("FocusArea", {"title": "", "description": text})
        return Row("FocusArea", {"title": text[:300], "description": ""})
    if label == r.GOAL:
        return Row("Goal", {"kind": proposal.kind or "goal", "title": "", "description": text})
    if label == r.INDICATOR:
        goal = parents.get(r.GOAL)
        if goal is None or block.kind != TABLE:
            return None
        for cells in block.rows[1:]:
            cells = [*cells, "", "", "", ""]
            goal.children.append(Row("Indicator", {
                "name": cells[0][:300], "target": cells[1][:200], "unit": cells[2][:100],
                "measurement": cells[3],
            }))
        parents["_child_added"] = goal
        return goal
    if label == r.RESPONSIBILITY:
        who, heading = (text.split(":", 1) + [""])[:2] if ":" in text[:120] else (text, "")
        if block.kind != "heading":
            match = r.RESPONSIBILITY_LINE.match(text)
            who, heading = (match.group("who") if match else text[:60]), ""
            row = Row("Responsibility", {
                "role_level": proposal.role_level or "employee", "label": who.strip()[:200],
                "heading": "", "description": text, "applies_down_tree": True,
            })
            return row
        return Row("Responsibility", {
            "role_level": proposal.role_level or role_level_of(who) or "employee",
            "label": who.strip()[:200], "heading": heading.strip()[:300], "description": "",
            "applies_down_tree": True,
        })
    if label == r.DUTY:
        parent = parents.get(r.RESPONSIBILITY)
        if parent is None:
            return None
        parent.children.append(Row("ResponsibilityItem", {"text": text}))
        parents["_child_added"] = parent
        return parent
    if label == r.STAKEHOLDER:
        name, description = _split(text)
        return Row("Stakeholder", {"name": name[:300], "description": description,
                                   "audience": "", "priority": proposal.priority})
    if label == r.MUNICIPALITY_ROLE:
        return Row("MunicipalityRole", {"kind": proposal.kind or "service", "name": text[:200],
                                        "description": "", "goal": ""})
    if label == r.PLATFORM:
        name, description = _split(text) if block.kind == LIST_ITEM else (text, "")
        return Row("Platform", {"name": name[:200], "description": description,
                                "audience": ""})
    if label == r.CHANNEL:
        parent = parents.get(r.PLATFORM)
        if parent is None:
            return None
        name, description = _split(text)
        parent.children.append(Row("Channel", {"name": name[:200], "description": description}))
        parents["_child_added"] = parent
        return parent
    if label == r.SPOKESPERSON_RULE:
        return _spokesperson(block, proposal, parents)
    if label == r.ACTION:
        title, description = _split(text) if block.kind == LIST_ITEM else (text, "")
        return Row("Action", {"title": title[:300], "description": description})
    if label == r.ANNUAL_WHEEL:
        return _wheel(block, parents)
    if label == r.LEGAL_BASIS:
        title, rest = _split(text) if block.kind == LIST_ITEM else (text, "")
        return Row("LegalBasis", {"title": title[:300], "text": rest})
    if label == r.DEFINITION:
        term, explanation = _split(text)
        return Row("Definition", {"term": term[:200], "explanation": explanation})
    if label == r.EVALUATION:
        title, description = _split(text) if block.kind == LIST_ITEM else (text, "")
        return Row("Evaluation", {"title": title[:300], "description": description})
    if label == r.RELATED_DOCUMENT:
        match = RELATED.match(text)
        return Row("RelatedDocument", {
            "title": (match.group("title") if match else text)[:300],
            "year": ((match.group("year") or "") if match else "")[:20],
            "note": (match.group("note") or "") if match else "", "relation": "reference",
        })
    return None


def _spokesperson(block: Block, proposal, parents) -> Row | None:
    rows = []
    if block.kind == TABLE:
        for cells in block.rows[1:] if len(block.rows) > 1 else block.rows:
            cells = [*cells, "", ""]
            speaker, scope, text = cells[0], cells[1], cells[2] or cells[1] or cells[0]
            if not speaker.strip() and rows:
                rows[-1].data["scope"] = f"{rows[-1].data['scope']} {scope}".strip()[:300]
                rows[-1].data["text"] = f"{rows[-1].data['text']} {text}".strip()
                continue
            if not text.strip():
                continue
            rows.append(Row("SpokespersonRule", {
                "speaker": speaker[:200], "scope": scope[:300], "text": text,
                "role_level": role_level_of(speaker),
            }))
    else:
        match = r.SPEAKS.match(block.text)
        speaker = match.group("who") if match else block.text.split(":")[0][:80]
        scope = match.group("rest").strip(" .:") if match else ""
        rows.append(Row("SpokespersonRule", {
            "speaker": speaker[:200], "scope": scope.split(".")[0][:300], "text": block.text,
            "role_level": proposal.role_level or role_level_of(speaker),
        }))
    if not rows:
        return None
    first, *more = rows
    first.children = more  # siblings carried along; written as top-level rows
    return first


def _wheel(block: Block, parents) -> Row | None:
    rows = block.rows[1:] if block.kind == TABLE else [block.text.split(":", 1)]
    events = []
    for cells in rows:
        cells = [*cells, "", ""]
        month = MONTHS.get(cells[0].strip().lower().rstrip(".")) or (
            int(cells[0]) if cells[0].strip().isdigit() and 1 <= int(cells[0]) <= 12 else None
        )
        if month is None:
            return None
        events.append(Row("AnnualWheelEvent", {"month": month, "title": cells[1].strip()[:300],
                                               "description": cells[2].strip()}))
    if not events:
        return None
    first, *more = events
    first.children = more
    return first


# The field each model cannot do without, and where to take it from when it is empty.
REQUIRED = {
    "Value": ("name", "description"), "Principle": ("text", "title"),
    "Stakeholder": ("name", "description"), "MunicipalityRole": ("name", "description"),
    "Platform": ("name", "description"), "Channel": ("name", "description"),
    "SpokespersonRule": ("speaker", "text"), "Action": ("title", "description"),
    "AnnualWheelEvent": ("title", "description"), "RelatedDocument": ("title", "note"),
    "Responsibility": ("label", "description"), "ResponsibilityItem": ("text", "text"),
    "Indicator": ("name", "measurement"),
    "LegalBasis": ("title", "text"), "Definition": ("term", "explanation"),
    "Evaluation": ("title", "description"),
}


def _finish(row: Row) -> None:
    for key, value in list(row.data.items()):
        if isinstance(value, str):
            row.data[key] = value.strip()
    needed, source = REQUIRED.get(row.model, ("", ""))
    if needed and not row.data.get(needed):
        row.data[needed] = (row.data.get(source) or "-").split(".")[0][:80]
    for child in row.children:
        _finish(child)
