"""The invite page at a large municipality's scale, the consultation page's filters,
the dashboard's link to them, and who reads the consultation summary when."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.consultations import parties, services
from apps.consultations.models import ConsultationInvitation
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus
from tests.factories import UnitFactory, UserFactory

DECISION = {"decided_on": datetime.date(2025, 3, 27), "decided_by": "Byrådet",
            "case_reference": "25/4711"}


def _invite_page(client, version, **params):
    return client.get(reverse("consultations:invite", args=[version.pk]), params)


def test_the_invite_page_lists_nobody_until_a_search(client, consultation, comms, organisation,
                                                     member_of):
    for _n in range(5):
        member_of(organisation, RoleLevel.EMPLOYEE)
    client.force_login(comms)

    response = _invite_page(client, consultation)

    assert response.status_code == 200
    assert 'name="users"' not in response.text


def test_a_search_finds_people_by_name_and_marks_those_already_invited(
    client, consultation, comms, organisation, member_of
):
    # A surname no generated person has (the factories' Danish names include "Kjær").
    found = member_of(organisation, user=UserFactory(full_name="Birthe Kjærulf"))
    invited = member_of(organisation, user=UserFactory(full_name="Birte Kjærulff"))
    member_of(organisation, user=UserFactory(full_name="Ole Hansen"))
    services.consultation_invite(version=consultation, actor=comms, users=[invited])
    client.force_login(comms)

    response = client.get(reverse("consultations:invite_search", args=[consultation.pk]),
                          {"q": "kjærulf"})

    rows = {row["person"]: row["invited"] for row in response.context["found"]}
    assert rows == {found: False, invited: True}
    assert "already invited" in response.text


def test_a_search_finds_nobody_of_another_organisation(client, consultation, comms,
                                                       other_organisation, member_of):
    member_of(other_organisation, user=UserFactory(full_name="Fremmed Person"))
    client.force_login(comms)

    response = _invite_page(client, consultation, q="Fremmed")

    assert response.context["found"] == []


def test_the_invite_page_and_its_search_take_the_same_queries_with_more_people(
    client, consultation, comms, organisation, member_of
):
    unit = UnitFactory(organisation=organisation)
    client.force_login(comms)

    def count():
        with CaptureQueriesContext(connection) as page:
            _invite_page(client, consultation, q="Person")
        with CaptureQueriesContext(connection) as search:
            client.get(reverse("consultations:invite_search", args=[consultation.pk]),
                       {"q": "Person"})
        return len(page), len(search)

    member = member_of(organisation, unit=unit, user=UserFactory(full_name="Person 0"))
    services.consultation_invite(version=consultation, actor=comms, users=[member])
    parties.parties_invite(version=consultation, actor=comms, entries=[("a@example.dk", "")])
    before = count()
    for n in range(1, 30):
        person = member_of(organisation, unit=unit, user=UserFactory(full_name=f"Person {n}"))
        services.consultation_invite(version=consultation, actor=comms, users=[person])
    parties.parties_invite(version=consultation, actor=comms,
                           entries=[(f"p{n}@example.dk", "") for n in range(10)])
    after = count()

    assert before == after


def test_inviting_a_role_level_invites_each_of_its_people(client, consultation, comms,
                                                          organisation, member_of):
    leaders = [member_of(organisation, RoleLevel.LEADER) for _n in range(3)]
    member_of(organisation, RoleLevel.EMPLOYEE)
    client.force_login(comms)

    response = client.post(reverse("consultations:invite", args=[consultation.pk]),
                           {"role_levels": [RoleLevel.LEADER]})

    invited = set(ConsultationInvitation.objects.values_list("user_id", flat=True))
    assert response.status_code == 302
    assert invited == {leader.pk for leader in leaders}


def test_inviting_people_found_by_search_from_the_page(client, consultation, comms,
                                                       organisation, member_of):
    person = member_of(organisation, user=UserFactory(full_name="Søren Sø"))
    client.force_login(comms)

    client.post(reverse("consultations:invite", args=[consultation.pk]), {"users": [person.pk]})

    assert ConsultationInvitation.objects.get().user == person


def test_the_invited_are_listed_a_page_at_a_time(client, consultation, comms, organisation,
                                                 member_of):
    people = [member_of(organisation, RoleLevel.EMPLOYEE) for _n in range(55)]
    services.consultation_invite(version=consultation, actor=comms, users=people)
    client.force_login(comms)

    first = _invite_page(client, consultation)
    second = _invite_page(client, consultation, page=2)

    assert len(first.context["people_page"]) == 50
    assert len(second.context["people_page"]) == 5
    assert "55 people invited in person" in first.text


# --- Filters ----------------------------------------------------------------------


@pytest.fixture
def comments(consultation, comms, section, organisation, member_of):
    one, two = member_of(organisation), member_of(organisation)
    for person in (one, two):
        services.consultation_invite(version=consultation, actor=comms, users=[person])
    on_section = services.comment_create(version=consultation, actor=one, target_model="section",
                                         target_id=section.pk, text="Om formålet.")
    on_document = services.comment_create(version=consultation, actor=two, text="Om det hele.")
    answered = services.comment_create(version=consultation, actor=two, text="Besvaret.")
    services.comment_answer(comment=answered, actor=comms, response="Tak.", outcome="noted")
    return {"section": on_section, "document": on_document, "answered": answered,
            "one": one, "two": two}


def _filtered(client, version, **params):
    response = client.get(reverse("consultations:version", args=[version.pk]), params)
    return {comment.text for comment in response.context["filtered_comments"]}


def test_the_consultation_page_filters_unanswered_by_section_and_by_party(
    client, consultation, comms, section, comments
):
    client.force_login(comms)

    assert _filtered(client, consultation, show="unanswered") == {"Om formålet.", "Om det hele."}
    assert _filtered(client, consultation, about=f"section:{section.pk}") == {"Om formålet."}
    assert _filtered(client, consultation, about="document") == {"Om det hele.", "Besvaret."}
    assert _filtered(client, consultation, by=f"person:{comments['two'].pk}") == {
        "Om det hele.", "Besvaret."
    }
    assert _filtered(client, consultation, show="unanswered",
                     by=f"person:{comments['two'].pk}") == {"Om det hele."}


def test_the_dashboard_links_its_count_to_the_unanswered_comments(client, consultation, comms,
                                                                 comments):
    client.force_login(comms)

    response = client.get(reverse("dashboards:communications"))

    url = reverse("consultations:version", args=[consultation.pk]) + "?show=unanswered"
    assert url in response.text
    assert "2 comments on" in response.text


# --- The consultation summary -----------------------------------------------------


@pytest.fixture
def proposed(consultation, comms, comments):
    return strategy_services.version_transition(version=consultation, actor=comms,
                                                to_status=VersionStatus.PROPOSED)


@pytest.mark.parametrize("role_level, status", [
    (RoleLevel.POLITICIAN, 200),
    (RoleLevel.EXECUTIVE_BOARD, 200),
    (RoleLevel.LEADER, 404),
    (RoleLevel.EMPLOYEE, 404),
])
def test_those_who_decide_read_the_summary_of_a_proposal(client, proposed, organisation,
                                                         member_of, role_level, status):
    client.force_login(member_of(organisation, role_level))

    response = client.get(reverse("consultations:summary", args=[proposed.pk]))

    assert response.status_code == status


def test_a_politician_of_another_organisation_does_not(client, proposed, other_organisation,
                                                       member_of):
    client.force_login(member_of(other_organisation, RoleLevel.POLITICIAN))

    assert client.get(reverse("consultations:summary", args=[proposed.pk])).status_code == 404


def test_the_final_summary_stays_linked_from_the_adopted_version(client, proposed, comms,
                                                                 organisation, member_of):
    strategy_services.version_transition(version=proposed, actor=comms,
                                         to_status=VersionStatus.ADOPTED, **DECISION)
    politician = member_of(organisation, RoleLevel.POLITICIAN)
    client.force_login(politician)

    page = client.get(reverse("strategies:version_detail", args=[proposed.pk]))
    summary = client.get(page.context["summary_url"])

    assert page.context["summary_url"] == reverse("consultations:summary", args=[proposed.pk])
    assert "The final consultation summary" in page.text
    assert summary.status_code == 200


def test_the_summary_stays_linked_after_back_to_draft(client, proposed, comms):
    strategy_services.version_transition(version=proposed, actor=comms,
                                         to_status=VersionStatus.DRAFT)
    client.force_login(comms)

    page = client.get(reverse("strategies:version_detail", args=[proposed.pk]))

    assert page.context["summary_url"] == reverse("consultations:summary", args=[proposed.pk])


def test_a_version_never_in_consultation_links_no_summary(client, draft, comms):
    client.force_login(comms)

    page = client.get(reverse("strategies:version_detail", args=[draft.pk]))

    assert page.context["summary_url"] == ""
