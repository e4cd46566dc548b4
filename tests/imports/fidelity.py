"""Comparing a draft made by an import with the seed fixture the document was written from."""

import re
import unicodedata

from apps.strategies import models as sm

# Fixture list -> (model, the fields whose text names the item).
ITEM_KEYS = {
    "sections": ("Section", ("heading", "body")),
    "values": ("Value", ("name",)),
    "principles": ("Principle", ("text",)),
    "focus_areas": ("FocusArea", ("title", "description")),
    "goals": ("Goal", ("description", "title")),
    "responsibilities": ("Responsibility", ("label",)),
    "stakeholders": ("Stakeholder", ("name",)),
    "municipality_roles": ("MunicipalityRole", ("name",)),
    "platforms": ("Platform", ("name",)),
    "spokesperson_rules": ("SpokespersonRule", ("speaker",)),
    "actions": ("Action", ("title",)),
    "annual_wheel": ("AnnualWheelEvent", ("title",)),
    "related_documents": ("RelatedDocument", ("title",)),
    "legal_bases": ("LegalBasis", ("title",)),
    "evaluations": ("Evaluation", ("title",)),
    "definitions": ("Definition", ("term",)),
}
NOT_TEXT = {"kind", "audience", "role_level", "relation", "status", "value", "stakeholder",
            "roles", "url", "level", "applies_down_tree", "priority", "month", "owner_unit",
            "due_date", "number", "holder", "context", "target_groups", "strategy"}


def norm(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"(?m)^\s*(?:[-*•]|\d+\.)\s+", " ", text)
    text = text.replace("**", "").replace("*", "")
    return " ".join(text.split()).casefold()


def first_paragraph(text) -> str:
    return next((p for p in re.split(r"\n\s*\n", text or "") if p.strip()), "")


def fixture_items(version: dict) -> list[tuple[str, str]]:
    items = []
    for key, (model, fields) in ITEM_KEYS.items():
        for item in version.get(key) or []:
            name = next((item.get(f) for f in fields if item.get(f)), "")
            if model == "Section" and not item.get("heading"):
                name = first_paragraph(item.get("body"))
            items.append((model, norm(name)))
    return items


def draft_items(version) -> dict[str, list[str]]:
    result = {}
    for model_name, fields in ITEM_KEYS.values():
        model = getattr(sm, model_name)
        rows = model.objects.filter(version=version).values_list(*fields)
        result[model_name] = [" ␞ ".join(norm(v) for v in row) for row in rows]
    return result


def type_score(version_dict, version) -> tuple[float, list]:
    """Share of the fixture's items found in the draft as an item of the same type."""
    found = draft_items(version)
    items = fixture_items(version_dict)
    missing = [(m, k) for m, k in items if not any(k and k in text for text in found[m])]
    return 1 - len(missing) / len(items), missing


def _strings(value, key=""):
    if key in NOT_TEXT:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def fixture_paragraphs(strategy: dict, version: dict) -> list[str]:
    strings = [strategy["title"], strategy.get("subtitle") or ""]
    for key in ITEM_KEYS:
        strings.extend(_strings(version.get(key) or []))
    paragraphs = []
    for string in strings:
        paragraphs.extend(norm(p) for p in re.split(r"\n", string) if p.strip())
    return [p for p in paragraphs if p]


def draft_text(version) -> str:
    parts = [version.strategy.title, version.strategy.subtitle, version.dated]
    for model in sm.CONTENT_MODELS:
        for row in model.objects.filter(version=version).values():
            parts.extend(str(v) for k, v in row.items() if isinstance(v, str))
    return norm("\n".join(parts))


def text_score(strategy_dict, version_dict, version) -> tuple[float, list]:
    text = draft_text(version)
    paragraphs = fixture_paragraphs(strategy_dict, version_dict)
    missing = [p for p in paragraphs if p not in text]
    return 1 - len(missing) / len(paragraphs), missing
