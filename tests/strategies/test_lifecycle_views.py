"""A version's way from draft to adoption through the pages, its history and the audit log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import StrategyVersion, VersionStatus, VersionTransition
from tests.factories import (
    OrganisationFactory,
    SectionFactory,
    StrategyFactory,
    VersionFactory,
    consultation_deadline,
    mark_adopted,
)

S = VersionStatus

DECISION = {
    "decided_on": "2025-03-27",
    "decided_by": "Byrådet",
    "case_reference": "25/4711",
    "note": "Vedtaget uden ændringer.",
}


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


@pytest.fixture
def draft(organisation):
    return VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)


IN_A_MONTH = consultation_deadline().isoformat()
HEARING = {"note": "Høring i fire uger.", "deadline": IN_A_MONTH}


def _move(client, version, to_status, data=None):
    return client.post(
        reverse("strategies:version_transition", args=[version.pk, to_status]), data or {}
    )


def _to_proposed(client, version):
    _move(client, version, S.PROPOSED)


def test_a_draft_goes_through_consultation_and_proposal_to_adoption(comms_client, draft):
    _move(comms_client, draft, S.CONSULTATION, HEARING)
    _move(comms_client, draft, S.PROPOSED)

    response = _move(comms_client, draft, S.ADOPTED, DECISION)

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("strategies:version_detail", args=[draft.pk])
    assert draft.status == S.ADOPTED
    assert (draft.adopted_on, draft.adopted_by, draft.case_reference) == (
        datetime.date(2025, 3, 27), "Byrådet", "25/4711",
    )
    assert list(
        VersionTransition.objects.filter(version=draft).values_list("from_status", "to_status")
    ) == [(S.DRAFT, S.CONSULTATION), (S.CONSULTATION, S.PROPOSED), (S.PROPOSED, S.ADOPTED)]


def test_every_move_is_shown_in_the_strategys_status_history(comms_client, comms, draft):
    _move(comms_client, draft, S.CONSULTATION, HEARING)
    _move(comms_client, draft, S.PROPOSED)
    _move(comms_client, draft, S.ADOPTED, DECISION)

    response = comms_client.get(reverse("strategies:detail", args=[draft.strategy_id]))

    history = list(response.context["history"])
    assert [(t.from_status, t.to_status) for t in history] == [
        (S.PROPOSED, S.ADOPTED), (S.CONSULTATION, S.PROPOSED), (S.DRAFT, S.CONSULTATION),
    ]
    assert {t.actor for t in history} == {comms}
    assert "Høring i fire uger." in response.text
    assert "25/4711" in response.text


def test_the_version_page_shows_the_versions_own_history(comms_client, draft):
    _move(comms_client, draft, S.CONSULTATION, {"note": "Til høring hos MED-udvalget.",
                                                "deadline": IN_A_MONTH})

    response = comms_client.get(reverse("strategies:version_detail", args=[draft.pk]))

    assert "Til høring hos MED-udvalget." in response.text
    assert [t.to_status for t in response.context["history"]] == [S.CONSULTATION]


def test_adopting_a_new_version_supersedes_the_previous_one(comms_client, draft):
    previous = VersionFactory(strategy=draft.strategy, number=0, adopted=True)
    _to_proposed(comms_client, draft)

    _move(comms_client, draft, S.ADOPTED, DECISION)

    previous.refresh_from_db()
    assert previous.status == S.SUPERSEDED
    assert VersionTransition.objects.filter(
        version=previous, from_status=S.ADOPTED, to_status=S.SUPERSEDED
    ).exists()


def test_adoption_without_case_reference_is_shown_on_the_form_and_changes_nothing(
    comms_client, draft
):
    _to_proposed(comms_client, draft)

    response = _move(comms_client, draft, S.ADOPTED, {**DECISION, "case_reference": ""})

    draft.refresh_from_db()
    move = next(m for m in response.context["moves"] if m["to_status"] == S.ADOPTED)
    assert response.status_code == 200
    assert move["form"].errors["case_reference"]
    assert 'id="id_adopted_case_reference_error"' in response.text
    assert 'value="Byrådet"' in response.text
    assert draft.status == S.PROPOSED


def test_a_decision_date_in_the_future_is_refused_on_its_field(comms_client, draft):
    _to_proposed(comms_client, draft)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = _move(
        comms_client, draft, S.ADOPTED, {**DECISION, "decided_on": tomorrow.isoformat()}
    )

    draft.refresh_from_db()
    move = next(m for m in response.context["moves"] if m["to_status"] == S.ADOPTED)
    assert move["form"].errors["decided_on"]
    assert draft.status == S.PROPOSED


def test_a_move_the_lifecycle_does_not_allow_is_a_form_error(comms_client, draft):
    _to_proposed(comms_client, draft)

    response = _move(comms_client, draft, S.PROPOSED)

    draft.refresh_from_db()
    assert response.status_code == 200
    assert len(response.context["move_errors"]) == 1
    assert str(response.context["move_errors"][0]) in response.text
    assert draft.status == S.PROPOSED
    assert VersionTransition.objects.filter(version=draft).count() == 1


def test_the_adoption_form_is_prefilled_with_the_council(comms_client, draft, organisation):
    _to_proposed(comms_client, draft)

    response = comms_client.get(reverse("strategies:version_detail", args=[draft.pk]))

    move = next(m for m in response.context["moves"] if m["to_status"] == S.ADOPTED)
    assert move["form"]["decided_by"].value() == organisation.council_name


def test_a_draft_offers_consultation_proposal_and_withdrawal(comms_client, draft):
    response = comms_client.get(reverse("strategies:version_detail", args=[draft.pk]))

    assert [m["to_status"] for m in response.context["moves"]] == [
        S.CONSULTATION, S.PROPOSED, S.WITHDRAWN,
    ]


def test_the_executive_board_is_offered_proposal_but_not_adoption(
    client, organisation, member_of, draft
):
    client.force_login(member_of(organisation, RoleLevel.EXECUTIVE_BOARD))
    services.version_transition(
        version=draft, actor=member_of(organisation, RoleLevel.COMMUNICATIONS),
        to_status=S.PROPOSED,
    )

    response = client.get(reverse("strategies:version_detail", args=[draft.pk]))

    assert [m["to_status"] for m in response.context["moves"]] == [S.DRAFT, S.WITHDRAWN]
    assert response.context["may_edit"] is False


def test_a_withdrawn_version_offers_no_moves(comms_client, draft):
    _move(comms_client, draft, S.WITHDRAWN, {"note": "Erstattes af en ny strategi."})

    response = comms_client.get(reverse("strategies:version_detail", args=[draft.pk]))

    assert response.context["moves"] == []


def test_moves_need_a_post(comms_client, draft):
    response = comms_client.get(
        reverse("strategies:version_transition", args=[draft.pk, S.CONSULTATION])
    )

    assert response["Location"] == reverse("strategies:version_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_an_unknown_state_is_not_found(comms_client, draft):
    response = _move(comms_client, draft, "archived")

    assert response.status_code == 404


def test_an_adopted_version_offers_a_new_draft_and_no_editing(comms_client, draft):
    adopted = mark_adopted(draft)

    response = comms_client.get(reverse("strategies:version_detail", args=[adopted.pk]))

    assert response.context["may_new_draft"] is True
    assert response.context["may_edit"] is False
    assert reverse("strategies:version_new_draft", args=[adopted.pk]) in response.text


def test_a_draft_next_to_an_adopted_version_links_to_the_comparison(comms_client, draft):
    VersionFactory(strategy=draft.strategy, number=0, adopted=True)

    response = comms_client.get(reverse("strategies:version_detail", args=[draft.pk]))

    assert f"/compare/versions/{draft.pk}/adopted/" in response.context["compare_url"]


# --- Audit log ---------------------------------------------------------------


def test_the_audit_log_lists_edits_and_moves_newest_first(comms_client, comms, draft):
    SectionFactory(version=draft)
    services.content_item_save(
        version=draft, actor=comms, model=SectionFactory._meta.model,
        data={"kind": "purpose", "heading": "Formål", "level": 1, "body": "Tekst."},
    )
    _move(comms_client, draft, S.CONSULTATION, {"note": "Høring.", "deadline": IN_A_MONTH})

    response = comms_client.get(reverse("strategies:audit", args=[draft.strategy_id]))

    verbs = [row.event.verb for row in response.context["rows"]]
    assert response.status_code == 200
    assert verbs == ["version.consultation", "content.create"]
    assert "Høring." in response.text


def test_the_audit_log_holds_only_this_strategys_events(comms_client, comms, draft, organisation):
    other = services.strategy_create(
        organisation=organisation, actor=comms, title="En anden strategi", kind="policy"
    )
    services.version_update(
        version=other.versions.get(), actor=comms, data={"period_label": "2027"}
    )

    response = comms_client.get(reverse("strategies:audit", args=[draft.strategy_id]))

    assert list(response.context["rows"]) == []


def test_the_audit_log_includes_the_creation_of_the_strategy(comms_client, comms, organisation):
    strategy = services.strategy_create(
        organisation=organisation, actor=comms, title="Ny strategi", kind="policy"
    )

    response = comms_client.get(reverse("strategies:audit", args=[strategy.pk]))

    assert [row.event.verb for row in response.context["rows"]] == ["strategy.create"]


def test_the_audit_log_is_paginated(comms_client, comms, draft):
    AuditEvent.objects.bulk_create(
        AuditEvent(organisation=draft.strategy.organisation, actor=comms, verb="content.update",
                   object_type="Section", object_repr="Formål", version=draft)
        for _ in range(51)
    )

    first = comms_client.get(reverse("strategies:audit", args=[draft.strategy_id]))
    second = comms_client.get(reverse("strategies:audit", args=[draft.strategy_id]), {"page": 2})

    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 1)


def test_the_executive_board_may_not_read_the_audit_log(client, organisation, member_of, draft):
    client.force_login(member_of(organisation, RoleLevel.EXECUTIVE_BOARD))

    response = client.get(reverse("strategies:audit", args=[draft.strategy_id]))

    assert response.status_code == 403


def test_an_employee_does_not_learn_that_a_draft_only_strategy_exists(
    client, organisation, member_of, draft
):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    audit = client.get(reverse("strategies:audit", args=[draft.strategy_id]))
    detail = client.get(reverse("strategies:detail", args=[draft.strategy_id]))

    assert (audit.status_code, detail.status_code) == (404, 404)


def test_communications_of_another_municipality_cannot_read_the_audit_log(client, member_of, draft):
    client.force_login(member_of(OrganisationFactory(), RoleLevel.COMMUNICATIONS))

    response = client.get(reverse("strategies:audit", args=[draft.strategy_id]))

    assert response.status_code == 404


def test_the_strategy_page_shows_versions_the_reader_may_see(
    client, organisation, member_of, draft
):
    adopted = VersionFactory(strategy=draft.strategy, number=0, adopted=True)
    client.force_login(member_of(organisation, RoleLevel.LEADER))

    response = client.get(reverse("strategies:detail", args=[draft.strategy_id]))

    assert [row["version"] for row in response.context["versions"]] == [adopted]
    assert response.context["may_audit"] is False
    assert StrategyVersion.objects.filter(strategy=draft.strategy).count() == 2
