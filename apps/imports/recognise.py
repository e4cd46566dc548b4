"""Proposing what each block of a document is: a chapter heading, running text, or an
item of a typed part of the content model (a value, a responsibility, a target group...).

The proposal is a label per block plus the few facts that go with it (a role level, a
priority, a kind). Nothing is dropped: a block that is not recognised is running text of
the chapter it stands in.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .adoption import find_adoption
from .reading.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from .vocabulary import (
    CHAPTERS,
    GOAL_KINDS,
    LEAD_IN,
    MUNICIPALITY_ROLE_KINDS,
    RESPONSIBILITY_HEADING,
    RESPONSIBILITY_LINE,
    SECTION_KINDS,
    SPEAKS,
    first_match,
    role_level_of,
)

TITLE = "title"
SUBTITLE = "subtitle"
ADOPTION = "adoption"
SECTION = "section"  # a heading: starts a text section
TEXT = "text"  # running text of the current section
DETAIL = "detail"  # more text of the item just before
VALUE = "value"
PRINCIPLE = "principle"
FOCUS_AREA = "focus_area"
GOAL = "goal"
INDICATOR = "indicator"
RESPONSIBILITY = "responsibility"
DUTY = "duty"
STAKEHOLDER = "stakeholder"
MUNICIPALITY_ROLE = "municipality_role"
PLATFORM = "platform"
CHANNEL = "channel"
SPOKESPERSON_RULE = "spokesperson_rule"
ACTION = "action"
ANNUAL_WHEEL = "annual_wheel"
RELATED_DOCUMENT = "related_document"
LEGAL_BASIS = "legal_basis"
DEFINITION = "definition"
EVALUATION = "evaluation"

LABELS = (
    TITLE, SUBTITLE, ADOPTION, SECTION, TEXT, DETAIL, VALUE, PRINCIPLE, FOCUS_AREA, GOAL,
    INDICATOR, RESPONSIBILITY, DUTY, STAKEHOLDER, MUNICIPALITY_ROLE, PLATFORM, CHANNEL,
    SPOKESPERSON_RULE, ACTION, ANNUAL_WHEEL, RELATED_DOCUMENT, LEGAL_BASIS, DEFINITION,
    EVALUATION,
)

# The name of each type as the review screen and the fidelity summary show it.
LABEL_NAMES = {
    TITLE: _("Title"), SUBTITLE: _("Subtitle"), ADOPTION: _("Adoption"),
    SECTION: _("Text section"), TEXT: _("Text of the section"),
    DETAIL: _("Text of the item above"), VALUE: _("Value"), PRINCIPLE: _("Principle"),
    FOCUS_AREA: _("Focus area"), GOAL: _("Goal"), INDICATOR: _("Indicators"),
    RESPONSIBILITY: _("Responsibility"), DUTY: _("Duty of the responsibility above"),
    STAKEHOLDER: _("Stakeholder"), MUNICIPALITY_ROLE: _("Municipality role"),
    PLATFORM: _("Platform"), CHANNEL: _("Channel of the platform above"),
    SPOKESPERSON_RULE: _("Spokesperson rule"), ACTION: _("Action"),
    ANNUAL_WHEEL: _("Annual wheel event"), RELATED_DOCUMENT: _("Related document"),
    LEGAL_BASIS: _("Legal basis"), DEFINITION: _("Definition"),
    EVALUATION: _("Measurement and evaluation"),
}

# What a chapter's parts become: (sub-heading, list item, plain paragraph, table).
CHAPTER_RULES = {
    "values": (VALUE, VALUE, TEXT, TEXT),
    "principles": (SECTION, PRINCIPLE, TEXT, TEXT),
    "focus_areas": (FOCUS_AREA, FOCUS_AREA, TEXT, TEXT),
    "goals": (SECTION, GOAL, TEXT, INDICATOR),
    "responsibilities": (RESPONSIBILITY, TEXT, TEXT, TEXT),
    "stakeholders": (SECTION, STAKEHOLDER, TEXT, TEXT),
    "municipality_roles": (MUNICIPALITY_ROLE, TEXT, TEXT, TEXT),
    "platforms": (PLATFORM, PLATFORM, TEXT, TEXT),
    "spokesperson_rules": (SECTION, SPOKESPERSON_RULE, SPOKESPERSON_RULE, SPOKESPERSON_RULE),
    "actions": (ACTION, ACTION, TEXT, TEXT),
    "annual_wheel": (SECTION, ANNUAL_WHEEL, TEXT, ANNUAL_WHEEL),
    "related_documents": (SECTION, RELATED_DOCUMENT, TEXT, TEXT),
    "legal_bases": (LEGAL_BASIS, LEGAL_BASIS, TEXT, TEXT),
    "definitions": (DEFINITION, DEFINITION, TEXT, TEXT),
    "evaluations": (EVALUATION, EVALUATION, TEXT, TEXT),
}
# Inside an item (under its sub-heading): (list item, paragraph).
ITEM_RULES = {
    VALUE: (DETAIL, DETAIL),
    FOCUS_AREA: (DETAIL, DETAIL),
    RESPONSIBILITY: (DUTY, DETAIL),
    MUNICIPALITY_ROLE: (DETAIL, DETAIL),
    PLATFORM: (CHANNEL, DETAIL),
    ACTION: (DETAIL, DETAIL),
    LEGAL_BASIS: (DETAIL, DETAIL),
    DEFINITION: (DETAIL, DETAIL),
    EVALUATION: (DETAIL, DETAIL),
}


@dataclass
class Proposal:
    label: str
    role_level: str = ""
    priority: int | None = None
    kind: str = ""  # section kind, goal kind or municipality role kind
    title: str = ""  # a principle's title: the sub-heading it stands under

    def to_dict(self):
        return {"label": self.label, "role_level": self.role_level, "priority": self.priority,
                "kind": self.kind, "title": self.title}


def chapter_of(text: str) -> str:
    key = first_match(CHAPTERS, text, "")
    return "" if key == "spokesperson_rules_hint" else key


def propose(blocks: list[Block]) -> list[Proposal]:
    proposals: list[Proposal] = []
    chapter, chapter_level = "", 0
    item, item_level = "", 0
    subheading = ""
    seen_heading = False
    for index, block in enumerate(blocks):
        proposal = Proposal(TEXT)
        starts = not seen_heading and (
            (block.kind == HEADING and block.level == 0)
            or (block.kind == PARAGRAPH and index == 0)
        )
        if starts:
            proposal.label = TITLE
            seen_heading = True
        elif block.kind == PARAGRAPH and find_adoption(block.text):
            proposal.label = ADOPTION
        elif (
            block.kind == PARAGRAPH and proposals and proposals[-1].label == TITLE
            and len(block.text) <= 200
        ):
            proposal.label = SUBTITLE
        elif block.kind == HEADING:
            seen_heading = True
            level = max(block.level, 1)
            if item and level <= item_level:
                item = ""
            if chapter and level <= chapter_level:
                chapter = ""
            who = RESPONSIBILITY_HEADING.match(block.text)
            if not chapter and who and role_level_of(who.group("who")):
                # "Ledernes ansvar": one responsibility, not a chapter of them.
                proposal.label, item, item_level = RESPONSIBILITY, RESPONSIBILITY, level
                proposal.role_level = role_level_of(who.group("who"))
                proposals.append(proposal)
                continue
            sub = CHAPTER_RULES[chapter][0] if chapter else None
            # Inside a chapter, a sub-heading is a part of it, whatever its words.
            opens = "" if chapter else chapter_of(block.text)
            if chapter and sub != SECTION:
                proposal.label, item, item_level = sub, sub, level
            elif opens:
                proposal.label = SECTION
                chapter, chapter_level, item = opens, level, ""
            else:
                proposal.label = SECTION
            if proposal.label == SECTION:
                subheading = block.text
                proposal.kind = first_match(SECTION_KINDS, block.text, "text")
        elif item:
            in_list, in_paragraph = ITEM_RULES[item]
            proposal.label = in_list if block.kind == LIST_ITEM else in_paragraph
            if block.kind == TABLE:
                proposal.label = DETAIL
        elif chapter:
            _, in_list, in_paragraph, in_table = CHAPTER_RULES[chapter]
            proposal.label = {LIST_ITEM: in_list, TABLE: in_table}.get(block.kind, in_paragraph)
            if block.kind == PARAGRAPH and LEAD_IN.search(block.text):
                proposal.label = TEXT
        if proposal.label == TEXT and block.kind == PARAGRAPH:
            proposal = _loose_paragraph(block, proposal)
        _fill(proposal, block, subheading)
        proposals.append(proposal)
    return proposals


def _loose_paragraph(block: Block, proposal: Proposal) -> Proposal:
    """Parts recognised by their own words wherever they stand."""
    if SPEAKS.match(block.text) and len(block.text) < 600:
        return Proposal(SPOKESPERSON_RULE)
    who = RESPONSIBILITY_LINE.match(block.text)
    if who and role_level_of(who.group("who")):
        return Proposal(RESPONSIBILITY)
    return proposal


def _fill(proposal: Proposal, block: Block, subheading: str) -> None:
    label = proposal.label
    if label in (RESPONSIBILITY, SPOKESPERSON_RULE, DUTY):
        proposal.role_level = role_level_of(block.text.split(":")[0]) if label != DUTY else ""
        if label == RESPONSIBILITY and not proposal.role_level:
            proposal.role_level = role_level_of(block.text) or "employee"
    if label == STAKEHOLDER and block.kind == LIST_ITEM and block.number:
        proposal.priority = block.number
    if label == GOAL:
        proposal.kind = first_match(GOAL_KINDS, subheading, "goal")
    if label == MUNICIPALITY_ROLE:
        proposal.kind = first_match(MUNICIPALITY_ROLE_KINDS, block.text, "service")
    if label == PRINCIPLE:
        proposal.title = subheading if subheading and chapter_of(subheading) != "principles" \
            else ""


def fidelity(proposals: list[Proposal]) -> dict[str, int]:
    """How many blocks were proposed as each type, most first."""
    counts: dict[str, int] = {}
    for proposal in proposals:
        counts[proposal.label] = counts.get(proposal.label, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
