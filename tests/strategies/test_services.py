import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent
from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import (
    Principle,
    ResponsibilityItem,
    Section,
    StrategyVersion,
    VersionStatus,
    VersionTransition,
)
from tests.factories import (
    OrganisationFactory,
    PrincipleFactory,
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    ValueFactory,
    VersionFactory,
    consultation_deadline,
    mark_adopted,
)

DECISION = {
    "decided_on": datetime.date(2025, 3, 27),
    "decided_by": "Byrådet",
    "case_reference": "25/4711",
}


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def draft(organisation):
    return VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)


def _to_proposed(version, actor):
    return services.version_transition(
        version=version, actor=actor, to_status=VersionStatus.PROPOSED
    )


def test_communications_creates_a_strategy_with_a_first_draft(organisation, comms):
    strategy = services.strategy_create(
        organisation=organisation, actor=comms, title="Kommunikationspolitik", kind="policy"
    )

    version = strategy.versions.get()
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert AuditEvent.objects.filter(verb="strategy.create", object_id=strategy.pk).exists()


def test_a_strategy_of_a_nynorsk_municipality_is_written_in_nynorsk(db, member_of):
    nynorsk = OrganisationFactory(country="NO", language="nn", council_name="Kommunestyret")
    communications = member_of(nynorsk, RoleLevel.COMMUNICATIONS)

    strategy = services.strategy_create(
        organisation=nynorsk, actor=communications, title="Kommunikasjonsstrategi", kind="strategy"
    )

    assert strategy.versions.get().language == "nn"


def test_employee_cannot_create_a_strategy(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)

    with pytest.raises(PermissionDenied):
        services.strategy_create(
            organisation=organisation, actor=employee, title="X", kind="policy"
        )


def test_adoption_records_date_body_and_case_reference(draft, comms):
    _to_proposed(draft, comms)

    adopted = services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.ADOPTED, **DECISION
    )

    assert (adopted.adopted_on, adopted.adopted_by, adopted.case_reference) == (
        datetime.date(2025, 3, 27), "Byrådet", "25/4711",
    )
    assert list(
        VersionTransition.objects.filter(version=draft).values_list("from_status", "to_status")
    ) == [("draft", "proposed"), ("proposed", "adopted")]


def test_adoption_without_case_reference_is_refused_with_a_message(draft, comms):
    _to_proposed(draft, comms)

    with pytest.raises(ValidationError) as error:
        services.version_transition(
            version=draft, actor=comms, to_status=VersionStatus.ADOPTED,
            decided_on=datetime.date(2025, 3, 27), decided_by="Byrådet", case_reference=" ",
        )

    assert "case_reference" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PROPOSED


def test_adopting_a_new_version_supersedes_the_previous_one(draft, comms):
    _to_proposed(draft, comms)
    services.version_transition(version=draft, actor=comms, to_status="adopted", **DECISION)
    second = services.version_new_draft(source=draft, actor=comms)
    _to_proposed(second, comms)

    services.version_transition(version=second, actor=comms, to_status="adopted", **DECISION)

    draft.refresh_from_db()
    second.refresh_from_db()
    assert (draft.status, second.status) == (VersionStatus.SUPERSEDED, VersionStatus.ADOPTED)
    assert VersionTransition.objects.filter(version=draft, to_status="superseded").exists()


def test_a_draft_cannot_be_adopted_without_being_proposed(draft, comms):
    with pytest.raises(services.TransitionError):
        services.version_transition(version=draft, actor=comms, to_status="adopted", **DECISION)


def test_withdrawn_is_final(draft, comms):
    services.version_transition(version=draft, actor=comms, to_status="withdrawn")

    with pytest.raises(services.TransitionError):
        services.version_transition(version=draft, actor=comms, to_status="draft")


def test_executive_board_may_propose_but_not_adopt(draft, organisation, member_of):
    executive = member_of(organisation, RoleLevel.EXECUTIVE_BOARD)
    _to_proposed(draft, executive)

    with pytest.raises(PermissionDenied):
        services.version_transition(
            version=draft, actor=executive, to_status="adopted", **DECISION
        )


def test_new_draft_copies_all_content_and_leaves_the_adopted_version_untouched(draft, comms):
    value = ValueFactory(version=draft, name="Dialog")
    PrincipleFactory(version=draft, value=value, text="Vi inddrager borgerne tidligt")
    SectionFactory(version=draft, heading="Formål")
    ResponsibilityItemFactory(responsibility__version=draft, text="Sikre overblik")
    mark_adopted(draft)
    before = services.version_content_hash(draft)

    copy = services.version_new_draft(source=draft, actor=comms)

    assert services.version_content_hash(copy) == before
    assert services.version_content_hash(draft) == before
    copied_principle = Principle.objects.get(version=copy)
    assert copied_principle.value.version_id == copy.pk
    assert ResponsibilityItem.objects.get(version=copy).responsibility.version_id == copy.pk
    assert (copy.number, copy.status, copy.based_on_id) == (2, VersionStatus.DRAFT, draft.pk)


def test_second_stale_edit_is_refused_with_both_texts(draft, comms, organisation, member_of):
    other_comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    section = SectionFactory(version=draft, body="Oprindelig")
    base = services.snapshot(section, ["body"])
    services.content_item_save(
        version=draft, actor=comms, model=Section, instance=section,
        data={"body": "Første redaktørs tekst"}, base=base,
    )

    with pytest.raises(services.EditConflict) as conflict:
        services.content_item_save(
            version=draft, actor=other_comms, model=Section, instance=section,
            data={"body": "Anden redaktørs tekst"}, base=base,
        )

    assert conflict.value.current == {"body": "Første redaktørs tekst"}
    assert conflict.value.submitted == {"body": "Anden redaktørs tekst"}
    assert Section.objects.get(pk=section.pk).body == "Første redaktørs tekst"


def test_edit_of_a_different_field_by_a_second_editor_is_not_a_conflict(draft, comms):
    section = SectionFactory(version=draft, heading="Formål", body="Tekst")
    base = services.snapshot(section, ["heading", "body"])
    services.content_item_save(
        version=draft, actor=comms, model=Section, instance=section,
        data={"heading": "Formålet"}, base=base,
    )

    services.content_item_save(
        version=draft, actor=comms, model=Section, instance=section,
        data={"heading": "Formål", "body": "Ny tekst"}, base=base,
    )

    section.refresh_from_db()
    assert (section.heading, section.body) == ("Formålet", "Ny tekst")


def test_every_content_edit_bumps_the_version_revision(draft, comms):
    start = draft.revision

    services.content_item_save(
        version=draft, actor=comms, model=Section, data={"kind": "text", "heading": "Ny"}
    )

    draft.refresh_from_db()
    assert draft.revision == start + 1


def test_content_of_a_proposed_version_cannot_be_edited(draft, comms):
    _to_proposed(draft, comms)

    with pytest.raises(ValidationError):
        services.content_item_save(
            version=draft, actor=comms, model=Section, data={"kind": "text", "heading": "Ny"}
        )


def test_content_may_not_link_to_another_versions_items(draft, comms):
    foreign_value = ValueFactory(version=VersionFactory(strategy=draft.strategy))

    with pytest.raises(ValidationError):
        services.content_item_save(
            version=draft, actor=comms, model=Principle,
            data={"text": "Princip", "value": foreign_value},
        )


def test_moving_an_item_reorders_only_its_siblings(draft, comms):
    first = ResponsibilityItemFactory(responsibility__version=draft, text="a", position=0)
    second = ResponsibilityItemFactory(responsibility=first.responsibility, text="b", position=1)
    ResponsibilityItemFactory(responsibility__version=draft, text="other", position=0)

    services.content_item_move(version=draft, actor=comms, instance=second, direction=-1)

    assert list(first.responsibility.items.order_by("position").values_list("text", flat=True)) == [
        "b", "a",
    ]


def test_deleting_a_draft_item_is_audited(draft, comms):
    section = SectionFactory(version=draft)

    services.content_item_delete(version=draft, actor=comms, instance=section)

    assert not Section.objects.filter(pk=section.pk).exists()
    assert AuditEvent.objects.filter(verb="content.delete", version=draft).exists()


def test_version_numbers_are_unique_per_strategy(draft, comms):
    mark_adopted(draft)
    second = services.version_new_draft(source=draft, actor=comms)
    # A draft from the same version while one is open is that one (#15.10): withdrawn,
    # the next request starts another.
    services.version_transition(version=second, actor=comms, to_status=VersionStatus.WITHDRAWN)
    services.version_new_draft(source=draft, actor=comms)

    assert list(
        StrategyVersion.objects.filter(strategy=draft.strategy).order_by("number")
        .values_list("number", flat=True)
    ) == [1, 2, 3]


def test_invited_person_loses_sight_of_drafts_when_the_consultation_ends(
    draft, comms, organisation, member_of
):
    from apps.strategies import permissions

    invited = member_of(organisation, RoleLevel.EMPLOYEE)
    services.version_transition(version=draft, actor=comms, to_status="consultation",
                                consultation_deadline=consultation_deadline())
    permissions.grant_comment(invited, draft.strategy)
    draft.refresh_from_db()
    assert permissions.can(invited, "view", draft)

    services.version_transition(version=draft, actor=comms, to_status="proposed")

    draft.refresh_from_db()
    assert not permissions.can(invited, "view", draft)
