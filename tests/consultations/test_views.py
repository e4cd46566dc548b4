import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.consultations import services
from apps.consultations.models import Comment, Outcome
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus
from tests.factories import (
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    VersionFactory,
    consultation_deadline,
)


def _url(name, pk):
    return reverse(f"consultations:{name}", args=[pk])


@pytest.fixture
def comment(consultation, section, invited):
    return services.comment_create(version=consultation, actor=invited, target_model="section",
                                   target_id=section.pk, text="Skriv mere om <b>pressen</b>.")


def test_invited_user_comments_on_a_section_through_the_page(client, consultation, section,
                                                             invited):
    client.force_login(invited)

    response = client.post(_url("version", consultation.pk),
                           {"target": f"section:{section.pk}", "text": "Nævn Facebook."})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert (comment.target_id, comment.text, comment.author) == (section.pk, "Nævn Facebook.",
                                                                 invited)


def test_comment_link_preselects_its_item(client, consultation, section, invited):
    client.force_login(invited)

    response = client.get(_url("version", consultation.pk), {"target": f"section:{section.pk}"})

    assert f'<option value="section:{section.pk}" selected>' in response.text
    assert f'href="?target=section%3A{section.pk}#comment-form"' in response.text


def test_uninvited_employee_cannot_find_the_consultation(client, consultation, organisation,
                                                        member_of):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    response = client.get(_url("version", consultation.pk))

    assert response.status_code == 404


def test_comment_outside_consultation_shows_a_clear_message(client, consultation, comms, section):
    strategy_services.version_transition(version=consultation, actor=comms,
                                         to_status=VersionStatus.PROPOSED)
    client.force_login(comms)

    response = client.post(_url("version", consultation.pk),
                           {"target": f"section:{section.pk}", "text": "For sent."})

    assert response.status_code == 200
    assert "only be made while the version is in consultation" in response.text
    assert not Comment.objects.exists()


def test_missing_comment_text_is_tied_to_its_field(client, consultation, invited):
    client.force_login(invited)

    response = client.post(_url("version", consultation.pk), {"target": "document", "text": ""})

    assert 'id="id_text_error"' in response.text
    assert 'aria-describedby="id_text_helptext id_text_error"' in response.text
    assert 'aria-invalid="true"' in response.text


def test_comment_text_is_escaped_on_the_page(client, consultation, comment, comms):
    client.force_login(comms)

    response = client.get(_url("version", consultation.pk))

    assert "Skriv mere om &lt;b&gt;pressen&lt;/b&gt;." in response.text


def test_invited_employee_sees_only_own_comments(client, consultation, comment, organisation,
                                                  comms, member_of):
    colleague = member_of(organisation, RoleLevel.EMPLOYEE)
    services.consultation_invite(version=consultation, actor=comms, users=[colleague])
    client.force_login(colleague)

    response = client.get(_url("version", consultation.pk))

    assert response.status_code == 200
    assert "pressen" not in response.text


def test_communications_answers_a_comment_with_outcome(client, comment, comms):
    client.force_login(comms)

    response = client.post(_url("answer", comment.pk), {
        "response": "Vi tilføjer et afsnit.", "outcome": Outcome.PARTLY,
        "resulting_change": "Nyt afsnit om pressen.",
    })

    comment.refresh_from_db()
    assert response.status_code == 302
    assert (comment.outcome, comment.resulting_change) == (Outcome.PARTLY,
                                                           "Nyt afsnit om pressen.")


def test_answer_without_resulting_change_is_refused_on_the_field(client, comment, comms):
    client.force_login(comms)

    response = client.post(_url("answer", comment.pk),
                           {"response": "Ja.", "outcome": Outcome.ACCEPTED, "resulting_change": ""})

    assert response.status_code == 200
    assert 'id="id_resulting_change_error"' in response.text


def test_commenter_cannot_answer(client, comment, invited):
    client.force_login(invited)

    response = client.get(_url("answer", comment.pk))

    assert response.status_code == 403


def test_communications_invites_a_unit_through_the_page(client, consultation, comms, unit_tree,
                                                        organisation, member_of):
    administration, _centre, workplace = unit_tree
    teacher = member_of(organisation, RoleLevel.EMPLOYEE, unit=workplace)
    client.force_login(comms)

    response = client.post(_url("invite", consultation.pk), {"units": [administration.pk]})

    assert response.status_code == 302
    client.force_login(teacher)
    assert client.get(_url("version", consultation.pk)).status_code == 200


def test_invite_without_choice_says_what_is_missing(client, consultation, comms):
    client.force_login(comms)

    response = client.post(_url("invite", consultation.pk), {})

    assert "Choose at least one person or unit to invite." in response.text


def test_leader_may_not_open_the_invitation_page_of_an_adopted_version(
    client, consultation, comms, organisation, member_of
):
    strategy_services.version_transition(version=consultation, actor=comms,
                                         to_status=VersionStatus.PROPOSED)
    strategy_services.version_transition(
        version=consultation, actor=comms, to_status=VersionStatus.ADOPTED,
        decided_on=consultation.created_at.date(), decided_by="Byrådet", case_reference="1",
    )
    client.force_login(member_of(organisation, RoleLevel.LEADER))

    response = client.get(_url("invite", consultation.pk))

    assert response.status_code == 403


def test_summary_page_lists_comments_answers_and_outcomes(client, consultation, comment, comms):
    services.comment_answer(comment=comment, actor=comms, response="Vi skriver om pressen.",
                            outcome=Outcome.ACCEPTED, resulting_change="Nyt afsnit.")
    client.force_login(comms)

    response = client.get(_url("summary", consultation.pk))

    assert response.status_code == 200
    assert "Vi skriver om pressen." in response.text
    assert "Nyt afsnit." in response.text
    assert '<th scope="row">Accepted</th><td>1</td>' in response.text


def test_invited_employee_may_not_read_the_summary_before_adoption(client, consultation,
                                                                    invited):
    client.force_login(invited)

    response = client.get(_url("summary", consultation.pk))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["version", "invite", "summary"])
def test_another_organisations_user_gets_404_on_every_version_url(
    client, consultation, other_organisation, member_of, name
):
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    response = client.get(_url(name, consultation.pk))

    assert response.status_code == 404


def test_another_organisations_user_gets_404_on_the_answer_url(client, comment,
                                                               other_organisation, member_of):
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    assert client.get(_url("answer", comment.pk)).status_code == 404
    assert client.post(_url("answer", comment.pk), {"response": "x"}).status_code == 404


def test_another_organisations_user_cannot_post_a_comment(client, consultation,
                                                          other_organisation, member_of):
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    response = client.post(_url("version", consultation.pk), {"target": "document", "text": "x"})

    assert response.status_code == 404
    assert not Comment.objects.exists()


def _grow(version, n):
    SectionFactory.create_batch(n, version=version)
    ResponsibilityItemFactory.create_batch(n, responsibility__version=version)


def test_consultation_page_query_count_does_not_grow_with_content(
    client, organisation, comms
):
    small = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    large = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    _grow(small, 2)
    _grow(large, 20)
    for version in (small, large):
        strategy_services.version_transition(version=version, actor=comms,
                                             to_status=VersionStatus.CONSULTATION,
                                             consultation_deadline=consultation_deadline())
        for section in version.sections.all():
            services.comment_create(version=version, actor=comms, target_model="section",
                                    target_id=section.pk, text="Tak.")
    client.force_login(comms)
    client.get(_url("version", small.pk))

    with CaptureQueriesContext(connection) as few:
        client.get(_url("version", small.pk))
    with CaptureQueriesContext(connection) as many:
        client.get(_url("version", large.pk))

    assert len(many) == len(few)


# Who gets what on each consultation page, while in consultation and once adopted.
# "invited" is an employee invited in person; "employee" is not invited.
PAGES = ("version", "invite", "summary")
MATRIX = {
    ("communications", VersionStatus.CONSULTATION): (200, 200, 200),
    ("executive_board", VersionStatus.CONSULTATION): (200, 403, 200),
    ("politician", VersionStatus.CONSULTATION): (200, 403, 403),
    ("invited", VersionStatus.CONSULTATION): (200, 403, 403),
    ("employee", VersionStatus.CONSULTATION): (404, 404, 404),
    ("communications", VersionStatus.ADOPTED): (200, 200, 200),
    ("executive_board", VersionStatus.ADOPTED): (200, 403, 200),
    ("politician", VersionStatus.ADOPTED): (200, 403, 200),
    ("invited", VersionStatus.ADOPTED): (200, 403, 200),
    ("employee", VersionStatus.ADOPTED): (200, 403, 200),
}


VERSION_IN = {
    VersionStatus.CONSULTATION: "consultation",
    VersionStatus.ADOPTED: "adopted_consultation",
}


@pytest.fixture
def adopted_consultation(consultation, comms):
    strategy_services.version_transition(version=consultation, actor=comms,
                                         to_status=VersionStatus.PROPOSED)
    return strategy_services.version_transition(
        version=consultation, actor=comms, to_status=VersionStatus.ADOPTED,
        decided_on=consultation.created_at.date(), decided_by="Byrådet", case_reference="1",
    )


@pytest.mark.parametrize(("role", "status"), list(MATRIX))
def test_permission_matrix_of_consultation_pages(
    client, request, consultation, comms, invited, organisation, member_of, role, status
):
    users = {
        "communications": comms,
        "invited": invited,
        "employee": member_of(organisation, RoleLevel.EMPLOYEE),
        "executive_board": member_of(organisation, RoleLevel.EXECUTIVE_BOARD),
        "politician": member_of(organisation, RoleLevel.POLITICIAN),
    }
    version = request.getfixturevalue(VERSION_IN[status])
    client.force_login(users[role])

    codes = tuple(client.get(_url(name, version.pk)).status_code for name in PAGES)

    assert codes == MATRIX[role, status]
