"""Compare two versions of a strategy item by item.

A new draft is a copy of its source with new ids, so items are matched by what
they say, not by id: first by a stable key (a section's heading, a value's name,
a responsibility's role level and label), then, for the rest, by their order and
text similarity. Children (a responsibility's duties, a goal's indicators) are
matched within their matched parent. Every text is escaped before it is marked
up: the HTML built here is safe by construction, never by trust.

Loading costs one query per content model whatever the size of the versions.
"""

import difflib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import chain

from django.db import models
from django.template.defaultfilters import linebreaksbr
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from .models import CONTENT_MODELS, GoalTargetGroup, PlatformRoleUse, StrategyVersion
from .services import content_fields

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"

# Fields that name an item for as long as it lives: matched first, when unique in both
# versions and the first of them is filled in. Models without a key (a duty is only its
# text) are matched by order and similarity alone.
IDENTITY_FIELDS: dict[str, tuple[str, ...]] = {
    "Section": ("heading",),
    "Value": ("name",),
    "Principle": ("title",),
    "FocusArea": ("title",),
    "Goal": ("title",),
    "Indicator": ("name",),
    "Responsibility": ("role_level", "label"),
    "ResponsibilityItem": (),
    "Stakeholder": ("name",),
    "MunicipalityRole": ("name",),
    "RoleSender": ("label",),
    "RoleAudience": ("label",),
    "Platform": ("name",),
    "Channel": ("name",),
    "PlatformRoleUse": ("municipality_role",),
    "SpokespersonRule": ("speaker", "scope"),
    "Action": ("title",),
    "AnnualWheelEvent": ("title",),
    "RelatedDocument": ("title",),
    "LegalBasis": ("title",),
    "Definition": ("term",),
    "Evaluation": ("title",),
    "GoalTargetGroup": ("stakeholder",),
}

# Below this similarity two unkeyed items are a removal and an addition, not a change.
SIMILARITY_THRESHOLD = 0.5
# Pairing by similarity compares every item of a changed run with every other; beyond
# this many pairs the run is paired in order instead, to keep huge rewrites cheap.
MAX_SIMILARITY_PAIRS = 2500


# --- Loading and describing content rows --------------------------------------


def parent_field(model) -> models.ForeignKey | None:
    """The link that makes a row a child (a duty of its responsibility), if any."""
    for model_field in model._meta.concrete_fields:
        if (
            model_field.is_relation
            and model_field.related_model in CONTENT_MODELS
            and not model_field.null
        ):
            return model_field
    return None


def compared_fields(model) -> list[models.Field]:
    """The fields whose text makes up an item, in the model's order (without its parent)."""
    parent = parent_field(model)
    return [
        model._meta.get_field(name)
        for name in content_fields(model)
        if parent is None or name != parent.name
    ]


def _related_names(model) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields
        if f.is_relation and f.name != "version"
    ]


def content_rows(versions) -> dict[tuple[type, int], list]:
    """Every content row of the given versions, keyed by (model, version id), in document
    order. One query per content model, linked rows fetched along."""
    ids = [version.pk for version in versions]
    rows: dict[tuple[type, int], list] = {
        (model, pk): [] for model in CONTENT_MODELS for pk in ids
    }
    for model in CONTENT_MODELS:
        queryset = model.objects.filter(version_id__in=ids)
        if related := _related_names(model):
            queryset = queryset.select_related(*related)
        for row in queryset:
            rows[(model, row.version_id)].append(row)
    return rows


# Items named by their running text when they have no title: cut at a word, not mid-word.
_LABEL_FROM_TEXT = {
    "Principle": ("title", "text"),
    "FocusArea": ("title", "description"),
    "Goal": ("title", "description"),
    "ResponsibilityItem": ("text",),
}


def item_label(row) -> str:
    """A short name of an item that needs no further query."""
    if isinstance(row, PlatformRoleUse):
        return f"{row.platform.name} – {row.municipality_role.name}"
    if isinstance(row, GoalTargetGroup):
        return row.stakeholder.name
    names = _LABEL_FROM_TEXT.get(type(row).__name__)
    if names:
        text = next((getattr(row, name) for name in names if getattr(row, name)), "")
        return Truncator(" ".join(text.split())).words(12)
    return str(row)


def field_text(row, model_field) -> str:
    """What a field says, as text a person would read."""
    value = getattr(row, model_field.name)
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        return item_label(value) if type(value) in CONTENT_MODELS else str(value)
    if model_field.choices:
        return str(getattr(row, f"get_{model_field.name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int):
        return str(value)
    return str(formats.localize(value))


# --- Word-level differences ---------------------------------------------------

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _text(text):
    return linebreaksbr(text, autoescape=True)


def _del(text):
    return format_html(
        '<del class="kompas-diff-removed"><span class="sr-only">{} </span>{}</del>',
        _("Removed:"), _text(text),
    )


def _ins(text):
    return format_html(
        '<ins class="kompas-diff-added"><span class="sr-only">{} </span>{}</ins>',
        _("Added:"), _text(text),
    )


def _segments(old: str, new: str) -> list[list]:
    """[op, old text, new text] runs; a lone space between two changes joins them, so
    a rewritten phrase reads as one removal and one addition, not a word salad."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[list] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        segments.append(["equal" if op == "equal" else "change",
                         "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged: list[list] = []
    for index, segment in enumerate(segments):
        between_changes = (
            segment[0] == "equal" and not segment[1].strip()
            and 0 < index < len(segments) - 1 and merged and merged[-1][0] == "change"
            and segments[index + 1][0] == "change"
        )
        if between_changes or (segment[0] == "change" and merged and merged[-1][0] == "change"):
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append(list(segment))
    return merged


def word_diff(old: str, new: str):
    """`new` compared with `old`, removed words in <del>, added words in <ins>, all escaped."""
    parts = []
    for op, old_text, new_text in _segments(old, new):
        if op == "equal":
            parts.append(_text(old_text))
            continue
        if old_text:
            parts.append(_del(old_text))
        if new_text:
            parts.append(_ins(new_text))
    return format_html_join("", "{}", ((part,) for part in parts))


# --- Results ------------------------------------------------------------------


@dataclass
class FieldDiff:
    label: str
    html: str
    changed: bool


@dataclass
class ItemDiff:
    status: str
    label: str
    context: str = ""
    fields: list[FieldDiff] = field(default_factory=list)
    moved: bool = False
    old: object = None
    new: object = None

    @property
    def status_label(self) -> str:
        return status_labels()[self.status]


@dataclass
class ContentTypeDiff:
    model: type
    label: str
    items: list[ItemDiff]

    def count(self, status) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def changed(self) -> int:
        return self.count(CHANGED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def moved(self) -> int:
        return sum(1 for item in self.items if item.moved)

    @property
    def changes(self) -> list[ItemDiff]:
        return [item for item in self.items if item.status != UNCHANGED or item.moved]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def anchor(self) -> str:
        return f"changes-{self.model._meta.model_name}"


def status_labels() -> dict[str, str]:
    return {
        ADDED: _("Added"),
        REMOVED: _("Removed"),
        CHANGED: _("Changed"),
        UNCHANGED: _("Unchanged"),
    }


# --- Matching -----------------------------------------------------------------


_WORD = re.compile(r"\w+")


def _is_free_text(model_field) -> bool:
    return isinstance(model_field, (models.CharField, models.TextField)) and not (
        model_field.choices
    )


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Described:
    """A row with its field texts computed once."""

    __slots__ = ("row", "texts", "whole", "words", "key", "label")

    def __init__(self, row, fields, key_fields):
        self.row = row
        self.texts = [field_text(row, f) for f in fields]
        self.whole = "\n".join(self.texts)
        # Similarity looks at the words of free text only: kinds, levels and flags are
        # shared by too many items to say that two of them are the same one.
        self.words = _WORD.findall(" ".join(
            text for f, text in zip(fields, self.texts, strict=True) if _is_free_text(f)
        ).casefold())
        names = [f.name for f in fields]
        key = tuple(_normalise(self.texts[names.index(name)]) for name in key_fields)
        self.key = key if key and key[0] else None
        self.label = item_label(row)


def _unique_keys(items) -> dict:
    seen: dict = {}
    for item in items:
        if item.key is not None:
            seen.setdefault(item.key, []).append(item)
    return {key: found[0] for key, found in seen.items() if len(found) == 1}


def _pair_similar(old_block, new_block) -> list[tuple]:
    if len(old_block) * len(new_block) > MAX_SIMILARITY_PAIRS:
        return list(zip(old_block, new_block, strict=False))
    scored = []
    for i, old in enumerate(old_block):
        for j, new in enumerate(new_block):
            if not old.words or not new.words:
                continue
            matcher = difflib.SequenceMatcher(None, old.words, new.words, autojunk=False)
            if (
                matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
                and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
                and (ratio := matcher.ratio()) >= SIMILARITY_THRESHOLD
            ):
                scored.append((-ratio, i, j))
    scored.sort()
    used_old, used_new, pairs = set(), set(), []
    for _score, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old_block[i], new_block[j]))
    return pairs


def _match(old_items, new_items) -> dict[int, object]:
    """Map id(new item) -> matched old item."""
    matched: dict[int, object] = {}
    old_keys, new_keys = _unique_keys(old_items), _unique_keys(new_items)
    for key, new in new_keys.items():
        if key in old_keys:
            matched[id(new)] = old_keys[key]
    taken = {id(old) for old in matched.values()}
    old_rest = [item for item in old_items if id(item) not in taken]
    new_rest = [item for item in new_items if id(item) not in matched]
    matcher = difflib.SequenceMatcher(
        None, [item.whole for item in old_rest], [item.whole for item in new_rest],
        autojunk=False,
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs = zip(old_rest[i1:i2], new_rest[j1:j2], strict=True)
        elif op == "replace":
            pairs = _pair_similar(old_rest[i1:i2], new_rest[j1:j2])
        else:
            continue
        for old, new in pairs:
            matched[id(new)] = old
    return matched


def _moved(order: list[int]) -> set[int]:
    """Positions in `order` (old indexes in new order) outside a longest increasing run."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(order)
    for position, value in enumerate(order):
        slot = bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[slot] = value
            tail_at[slot] = position
        previous[position] = tail_at[slot - 1] if slot else -1
    keep = set()
    position = tail_at[-1] if tail_at else -1
    while position != -1:
        keep.add(position)
        position = previous[position]
    return set(range(len(order))) - keep


def _merge(old_items, new_items, matched) -> list[tuple]:
    """(old, new) pairs in the new version's order, removals where they stood."""
    old_index = {id(item): index for index, item in enumerate(old_items)}
    matched_old = {id(old) for old in matched.values()}
    pairs, cursor = [], 0
    for new in new_items:
        old = matched.get(id(new))
        if old is None:
            pairs.append((None, new))
            continue
        index = old_index[id(old)]
        for skipped in old_items[cursor:index]:
            if id(skipped) not in matched_old:
                pairs.append((skipped, None))
        cursor = max(cursor, index + 1)
        pairs.append((old, new))
    pairs.extend((old, None) for old in old_items[cursor:] if id(old) not in matched_old)
    return pairs


def _item_diff(old, new, field_labels, context) -> ItemDiff:
    if old is None:
        return ItemDiff(
            ADDED, new.label, context, new=new.row,
            fields=[FieldDiff(label, _ins(text), True)
                    for label, text in zip(field_labels, new.texts, strict=True) if text],
        )
    if new is None:
        return ItemDiff(
            REMOVED, old.label, context, old=old.row,
            fields=[FieldDiff(label, _del(text), True)
                    for label, text in zip(field_labels, old.texts, strict=True) if text],
        )
    fields = []
    for label, before, after in zip(field_labels, old.texts, new.texts, strict=True):
        if before != after:
            fields.append(FieldDiff(label, word_diff(before, after), True))
        elif after:
            fields.append(FieldDiff(label, _text(after), False))
    changed = any(f.changed for f in fields)
    return ItemDiff(CHANGED if changed else UNCHANGED, new.label, context, fields=fields,
                    old=old.row, new=new.row)


def _diff_group(old_items, new_items, field_labels, context) -> list[ItemDiff]:
    matched = _match(old_items, new_items)
    pairs = _merge(old_items, new_items, matched)
    old_index = {id(item): index for index, item in enumerate(old_items)}
    both = [index for index, (old, new) in enumerate(pairs) if old and new]
    moved = {both[i] for i in _moved([old_index[id(pairs[k][0])] for k in both])}
    diffs = []
    for index, (old, new) in enumerate(pairs):
        diff = _item_diff(old, new, field_labels, context)
        diff.moved = index in moved
        diffs.append(diff)
    return diffs


def compare_versions(a: StrategyVersion, b: StrategyVersion) -> list["ContentTypeDiff"]:
    """What changed from version `a` to version `b`, per content model that either holds."""
    rows = content_rows([a, b])
    result: list[ContentTypeDiff] = []
    # For each parent model: old and new parent row id -> the diff of that pair, so
    # children are compared within the parents they were matched to.
    pair_of: dict[type, dict[tuple[str, int], ItemDiff]] = {}
    order_of: dict[type, list[ItemDiff]] = {}
    for model in CONTENT_MODELS:
        fields = compared_fields(model)
        labels = [capfirst(str(f.verbose_name)) for f in fields]
        keys = IDENTITY_FIELDS.get(model.__name__, ())
        old = [_Described(row, fields, keys) for row in rows[(model, a.pk)]]
        new = [_Described(row, fields, keys) for row in rows[(model, b.pk)]]
        if not old and not new:
            continue
        parent = parent_field(model)
        if parent is None:
            items = _diff_group(old, new, labels, "")
        else:
            items = _diff_children(old, new, labels, parent, pair_of, order_of)
        pair_of[model] = {
            **{("old", item.old.pk): item for item in items if item.old is not None},
            **{("new", item.new.pk): item for item in items if item.new is not None},
        }
        order_of[model] = items
        result.append(ContentTypeDiff(model, capfirst(str(model._meta.verbose_name_plural)),
                                      items))
    return result


def _diff_children(old, new, labels, parent, pair_of, order_of) -> list[ItemDiff]:
    parents = pair_of.get(parent.related_model, {})
    groups: dict[int, tuple[list, list]] = {}
    for side, items in (("old", old), ("new", new)):
        for item in items:
            owner = parents.get((side, getattr(item.row, parent.attname)))
            groups.setdefault(id(owner), ([], []))[0 if side == "old" else 1].append(item)
    result = []
    for owner in chain(order_of.get(parent.related_model, []), [None]):
        old_items, new_items = groups.get(id(owner), ([], []))
        if old_items or new_items:
            context = owner.label if owner is not None else ""
            result.extend(_diff_group(old_items, new_items, labels, context))
    return result
