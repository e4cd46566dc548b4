from types import SimpleNamespace

from apps.obligations.rules import Obligation, UnitTree, applies, fingerprint, normalise
from apps.organisations.models import RoleLevel, UnitKind


def _obligation(role_level, applies_down_tree=True):
    return Obligation(
        strategy_id=1, strategy_title="S", version_id=1, version_number=1, language="da",
        role_level=role_level, label="L", heading="H", description="", text="Pligt",
        text_hash=fingerprint(role_level, "Pligt"), applies_down_tree=applies_down_tree,
        responsibility_id=1, item_id=1,
    )


def test_fingerprint_ignores_whitespace_and_unicode_composition():
    composed = "Sikre at principperne overholdes på tværs"
    decomposed = "Sikre  at principperne\noverholdes pa\u030a tværs "

    assert fingerprint("leader", composed) == fingerprint("leader", decomposed)


def test_fingerprint_changes_when_a_word_changes():
    before, after = "Sikre kompetencerne", "Sikre kompetencer"

    assert fingerprint("leader", before) != fingerprint("leader", after)


def test_fingerprint_differs_between_role_levels_for_the_same_text():
    assert fingerprint("leader", "Pligt") != fingerprint("workplace", "Pligt")


def test_normalise_collapses_runs_of_whitespace():
    assert normalise("  a \t b\n\nc ") == "a b c"


def test_obligation_binds_every_holder_of_its_role_level_wherever_they_are():
    assert applies(_obligation(RoleLevel.EMPLOYEE), RoleLevel.EMPLOYEE, frozenset())


def test_centre_obligation_flows_down_to_leaders_below_a_centre():
    kinds = frozenset({UnitKind.WORKPLACE, UnitKind.CENTRE})

    assert applies(_obligation(RoleLevel.CENTRE), RoleLevel.LEADER, kinds)


def test_centre_obligation_also_flows_down_from_an_administration():
    assert applies(
        _obligation(RoleLevel.CENTRE), RoleLevel.WORKPLACE, frozenset({UnitKind.ADMINISTRATION})
    )


def test_centre_obligation_that_stays_with_the_centre_does_not_flow_down():
    kinds = frozenset({UnitKind.WORKPLACE, UnitKind.CENTRE})

    stays = _obligation(RoleLevel.CENTRE, applies_down_tree=False)

    assert not applies(stays, RoleLevel.LEADER, kinds)


def test_leader_outside_any_workplace_does_not_carry_workplace_obligations():
    kinds = frozenset({UnitKind.SECRETARIAT, UnitKind.CENTRE})

    assert not applies(_obligation(RoleLevel.WORKPLACE), RoleLevel.LEADER, kinds)


def test_employees_never_inherit_their_leaders_obligations():
    kinds = frozenset({UnitKind.WORKPLACE, UnitKind.CENTRE})

    assert not applies(_obligation(RoleLevel.LEADER), RoleLevel.EMPLOYEE, kinds)
    assert not applies(_obligation(RoleLevel.CENTRE), RoleLevel.EMPLOYEE, kinds)


def test_unit_tree_walks_up_from_a_unit_to_the_root():
    units = [
        SimpleNamespace(pk=1, parent_id=None, path="/1/", kind="centre", name="C"),
        SimpleNamespace(pk=2, parent_id=1, path="/1/2/", kind="workplace", name="W"),
        SimpleNamespace(pk=3, parent_id=2, path="/1/2/3/", kind="team", name="T"),
    ]
    tree = UnitTree(units)

    assert tree.up(3) == [3, 2, 1]
    assert tree.kinds_up(3) == {"team", "workplace", "centre"}
    assert [u.pk for u in tree.in_order()] == [1, 2, 3]
    assert tree.depth(3) == 2
