"""What an obligation is, whom it binds, and when it is still the same obligation.

These are pure functions over data already read; `selectors.py` does the reading.
The rules in words are in this app's README.md.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from apps.organisations.models import RoleLevel, UnitKind

# Role levels that manage a unit: they record check-ins for it and see its follow-up.
LEADERSHIP_LEVELS = (RoleLevel.CENTRE, RoleLevel.WORKPLACE, RoleLevel.LEADER)


@dataclass(frozen=True)
class Inheritance:
    """Who else carries a responsibility that "applies to sub-units too"."""

    levels: frozenset[str]
    from_kinds: frozenset[str]


# A centre's responsibility flows down its line: the managers of workplaces and the
# leaders in or below a centre (or administration) unit carry it too. A workplace's
# flows to the leaders in or below a workplace. The other levels either span the
# whole organisation already (politicians, executive board, communications) or have
# nobody below them (leaders, employees), so for them the flag changes nothing.
INHERITED_BY: dict[str, Inheritance] = {
    RoleLevel.CENTRE: Inheritance(
        levels=frozenset({RoleLevel.WORKPLACE, RoleLevel.LEADER}),
        from_kinds=frozenset({UnitKind.CENTRE, UnitKind.ADMINISTRATION}),
    ),
    RoleLevel.WORKPLACE: Inheritance(
        levels=frozenset({RoleLevel.LEADER}),
        from_kinds=frozenset({UnitKind.WORKPLACE}),
    ),
}

_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text as it reads: Unicode-composed, whitespace runs collapsed, no outer spaces."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fingerprint(role_level: str, text: str) -> str:
    """Equal for the same duty of the same role level, in any version of a strategy."""
    return hashlib.sha256(f"{role_level}\n{normalise(text)}".encode()).hexdigest()


@dataclass(frozen=True)
class Obligation:
    """One duty of a responsibility of a currently adopted version.

    A responsibility with numbered duties is one obligation per duty; one without
    duties is itself a single obligation (its heading and description).
    """

    strategy_id: int
    strategy_title: str
    version_id: int
    version_number: int
    language: str
    role_level: str
    label: str
    heading: str
    description: str
    text: str
    text_hash: str
    applies_down_tree: bool
    responsibility_id: int
    item_id: int | None
    # policy, strategy or action plan: what the reader is told to "read the whole" of.
    strategy_kind: str = "strategy"

    @property
    def key(self) -> tuple[int, str]:
        return (self.strategy_id, self.text_hash)

    @property
    def token(self) -> str:
        """The obligation's identity in a form field or an element id."""
        return f"{self.strategy_id}-{self.text_hash}"

    def get_role_level_display(self) -> str:
        return RoleLevel(self.role_level).label


def obligations_of(responsibility) -> list[Obligation]:
    """The obligations one responsibility gives (its items must be prefetched, in order)."""
    role_level = responsibility.binding_role_level
    if not role_level:
        # Held by a committee, a company or an office the organisation defines that no
        # role level carries: the document names it, nobody in Kompas is bound.
        return []
    version = responsibility.version
    strategy = version.strategy
    common = {
        "strategy_id": strategy.pk,
        "strategy_title": strategy.title,
        "strategy_kind": strategy.kind,
        "version_id": version.pk,
        "version_number": version.number,
        "language": version.language,
        "role_level": role_level,
        "label": responsibility.label,
        "heading": responsibility.heading,
        "description": responsibility.description,
        "applies_down_tree": responsibility.applies_down_tree,
        "responsibility_id": responsibility.pk,
    }
    items = list(responsibility.items.all())
    if not items:
        # Who (the label) is already in the role level; the heading and the description
        # are what is asked.
        text = "\n\n".join(part for part in (responsibility.heading, responsibility.description)
                           if part.strip())
        return [
            Obligation(
                text=text or responsibility.label,
                text_hash=fingerprint(role_level, text or responsibility.label),
                item_id=None,
                **common,
            )
        ]
    return [
        Obligation(
            text=item.text,
            text_hash=fingerprint(role_level, item.text),
            item_id=item.pk,
            **common,
        )
        for item in items
    ]


def applies(obligation: Obligation, role_level: str, unit_kinds_up: frozenset[str]) -> bool:
    """Whether a holder of `role_level`, in a unit with these kinds at or above it, carries it."""
    if obligation.role_level == role_level:
        return True
    if not obligation.applies_down_tree:
        return False
    rule = INHERITED_BY.get(obligation.role_level)
    return rule is not None and role_level in rule.levels and bool(unit_kinds_up & rule.from_kinds)


class UnitTree:
    """Units of one organisation held in memory, for walking up and down their paths."""

    def __init__(self, units):
        self.units = {unit.pk: unit for unit in units}

    def __contains__(self, unit_id) -> bool:
        return unit_id in self.units

    def get(self, unit_id):
        return self.units.get(unit_id)

    def up(self, unit_id) -> list[int]:
        """The unit and its ancestors that are loaded, nearest first."""
        unit = self.units.get(unit_id)
        if unit is None:
            return []
        ids = [int(part) for part in unit.path.strip("/").split("/") if part]
        return [pk for pk in reversed(ids) if pk in self.units]

    def kinds_up(self, unit_id) -> frozenset[str]:
        return frozenset(self.units[pk].kind for pk in self.up(unit_id))

    def depth(self, unit_id) -> int:
        return self.units[unit_id].path.strip("/").count("/")

    def in_order(self) -> list:
        """Depth first, siblings by name: the order a tree is read in."""
        children: dict[int | None, list] = {}
        for unit in self.units.values():
            parent = unit.parent_id if unit.parent_id in self.units else None
            children.setdefault(parent, []).append(unit)
        ordered = []

        def walk(parent):
            for unit in sorted(children.get(parent, []), key=lambda u: (u.name, u.pk)):
                ordered.append(unit)
                walk(unit.pk)

        walk(None)
        return ordered

    def roots(self) -> list:
        return [u for u in self.in_order() if u.parent_id not in self.units]


class ObligationIndex:
    """The current obligations of one organisation, and whom each one binds."""

    def __init__(self, obligations: list[Obligation], tree: UnitTree):
        self.obligations = obligations
        self.tree = tree
        self._cache: dict[tuple[str, int | None], tuple[Obligation, ...]] = {}

    @property
    def hashes(self) -> set[str]:
        return {o.text_hash for o in self.obligations}

    @property
    def strategy_ids(self) -> set[int]:
        return {o.strategy_id for o in self.obligations}

    def for_assignment(self, role_level: str, unit_id: int | None) -> tuple[Obligation, ...]:
        key = (role_level, unit_id)
        if key not in self._cache:
            kinds = self.tree.kinds_up(unit_id) if unit_id is not None else frozenset()
            self._cache[key] = tuple(o for o in self.obligations if applies(o, role_level, kinds))
        return self._cache[key]

    def for_assignments(self, assignments) -> list[Obligation]:
        """Obligations of a person with these (role_level, unit_id) pairs, each once."""
        keys = set()
        for role_level, unit_id in assignments:
            keys.update(o.key for o in self.for_assignment(role_level, unit_id))
        return [o for o in self.obligations if o.key in keys]


@dataclass(frozen=True)
class Reason:
    """Why one obligation binds one role assignment.

    `via` is the unit at or above the assignment's unit whose kind passes the duty
    down (INHERITED_BY), or None when the duty names the assignment's own role level.
    """

    role_level: str
    unit: object | None
    via: object | None = None
    inherited_from: str | None = None

    @property
    def inherited(self) -> bool:
        return self.inherited_from is not None


def reasons(obligation: Obligation, assignments, tree: UnitTree) -> list[Reason]:
    """Why the obligation binds a person with these (role_level, unit_id) pairs: one
    reason per pair that carries it, the pair's own duties first."""
    found: list[Reason] = []
    for role_level, unit_id in assignments:
        kinds = tree.kinds_up(unit_id) if unit_id is not None else frozenset()
        if not applies(obligation, role_level, kinds):
            continue
        unit = tree.get(unit_id) if unit_id is not None else None
        if obligation.role_level == role_level:
            reason = Reason(role_level=role_level, unit=unit)
        else:
            rule = INHERITED_BY[obligation.role_level]
            via = next(
                (tree.get(pk) for pk in tree.up(unit_id) if tree.get(pk).kind in rule.from_kinds),
                None,
            )
            reason = Reason(
                role_level=role_level, unit=unit, via=via, inherited_from=obligation.role_level
            )
        if reason not in found:
            found.append(reason)
    return sorted(found, key=lambda r: r.inherited)
