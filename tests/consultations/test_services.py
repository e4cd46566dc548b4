import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent
from apps.consultations import permissions, services
from apps.consultations.models import Comment, ConsultationInvitation, Outcome
from apps.consultations.selectors import open_comment_count
from apps.organisations.models import RoleLevel
from apps.strategies import permissions as strategy_permissions
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus
from tests.factories import SectionFactory, UnitFactory, VersionFactory


def _comment(version, actor, target=None, text="Skriv mere om sociale medier."):
    return services.comment_create(
        version=version, actor=actor,
        target_model=type(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        text=text,
    )


def _propose(version, comms):
    return strategy_services.version_transition(
        version=version, actor=comms, to_status=VersionStatus.PROPOSED
    )


def _adopt(version, comms):
    return strategy_services.version_transition(
        version=_propose(version, comms), actor=comms, to_status=VersionStatus.ADOPTED,
        decided_on=datetime.date(2025, 3, 27), decided_by="Byrådet", case_reference="25/1",
    )


def test_invited_employee_comments_on_a_section(consultation, section, invited):
    comment = _comment(consultation, invited, section)

    assert (comment.target_type, comment.target_id) == ("section", section.pk)
    assert comment.target_label.endswith(": Formål")
    assert comment.author_name == str(invited)
    assert AuditEvent.objects.filter(verb="consultation.comment", object_id=comment.pk).exists()


def test_invitation_lets_the_employee_see_the_version_in_consultation(consultation, invited):
    assert strategy_permissions.can(invited, "view", consultation)
    assert strategy_permissions.visible_versions(invited).filter(pk=consultation.pk).exists()


def test_comment_on_the_whole_document_has_no_target(consultation, invited):
    comment = _comment(consultation, invited)

    assert (comment.target_type, comment.target_id, comment.target_label) == ("", None, "")


def test_uninvited_employee_cannot_comment(consultation, section, organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)

    with pytest.raises(PermissionDenied):
        _comment(consultation, employee, section)


def test_comment_outside_consultation_is_refused_with_a_clear_message(draft, comms):
    with pytest.raises(ValidationError) as error:
        _comment(draft, comms, draft.sections.get())

    assert "only be made while the version is in consultation" in error.value.messages[0]
    assert not Comment.objects.exists()


def test_comment_on_an_item_of_another_version_is_refused(consultation, invited, organisation):
    elsewhere = SectionFactory(version=VersionFactory(strategy__organisation=organisation))

    with pytest.raises(ValidationError) as error:
        _comment(consultation, invited, elsewhere)

    assert "target" in error.value.message_dict


def test_empty_comment_is_refused(consultation, invited):
    with pytest.raises(ValidationError) as error:
        _comment(consultation, invited, text="   ")

    assert "text" in error.value.message_dict


def test_unit_invitation_reaches_members_of_sub_units(
    consultation, section, comms, unit_tree, organisation, member_of
):
    administration, _centre, workplace = unit_tree
    teacher = member_of(organisation, RoleLevel.EMPLOYEE, unit=workplace)

    services.consultation_invite(version=consultation, actor=comms, units=[administration])
    comment = _comment(consultation, teacher, section)

    assert strategy_permissions.can(teacher, "comment", consultation)
    assert comment.author_unit == workplace


def test_person_who_joins_an_invited_unit_later_may_comment(
    consultation, comms, unit_tree, organisation, member_of
):
    administration, centre, _workplace = unit_tree
    services.consultation_invite(version=consultation, actor=comms, units=[administration])
    newcomer = member_of(organisation, RoleLevel.EMPLOYEE, unit=centre)

    assert permissions.can_comment(newcomer, consultation)
    assert permissions.can_view(newcomer, consultation)


def test_members_of_other_units_are_not_reached(
    consultation, comms, unit_tree, organisation, member_of
):
    _administration, centre, _workplace = unit_tree
    elsewhere = UnitFactory(organisation=organisation)
    outsider = member_of(organisation, RoleLevel.EMPLOYEE, unit=elsewhere)

    services.consultation_invite(version=consultation, actor=comms, units=[centre])

    assert not permissions.can_comment(outsider, consultation)


def test_inviting_twice_records_one_invitation(consultation, comms, invited):
    created = services.consultation_invite(version=consultation, actor=comms, users=[invited])

    assert created == []
    assert ConsultationInvitation.objects.filter(version=consultation).count() == 1


def test_leader_cannot_invite(consultation, organisation, member_of):
    leader = member_of(organisation, RoleLevel.LEADER)

    with pytest.raises(PermissionDenied):
        services.consultation_invite(
            version=consultation, actor=leader, users=[member_of(organisation)]
        )


def test_people_and_units_of_another_organisation_cannot_be_invited(
    consultation, comms, other_organisation, member_of
):
    stranger = member_of(other_organisation)
    foreign_unit = UnitFactory(organisation=other_organisation)

    with pytest.raises(ValidationError) as error:
        services.consultation_invite(
            version=consultation, actor=comms, users=[stranger], units=[foreign_unit]
        )

    assert set(error.value.message_dict) == {"users", "units"}
    assert not strategy_permissions.can(stranger, "view", consultation)


def test_invitations_are_refused_once_the_version_is_proposed(consultation, comms, member_of,
                                                              organisation):
    _propose(consultation, comms)

    with pytest.raises(ValidationError):
        services.consultation_invite(
            version=consultation, actor=comms, users=[member_of(organisation)]
        )


def test_communications_answers_with_outcome(consultation, section, invited, comms):
    comment = _comment(consultation, invited, section)

    answered = services.comment_answer(
        comment=comment, actor=comms, response="Godt forslag.", outcome=Outcome.ACCEPTED,
        resulting_change="Afsnittet nævner nu sociale medier.",
    )

    assert (answered.outcome, answered.answered_by, answered.is_answered) == (
        Outcome.ACCEPTED, comms, True,
    )
    assert AuditEvent.objects.filter(verb="consultation.answer", object_id=comment.pk).exists()


def test_accepted_answer_must_say_what_changed(consultation, invited, comms):
    comment = _comment(consultation, invited)

    with pytest.raises(ValidationError) as error:
        services.comment_answer(comment=comment, actor=comms, response="Ja.",
                                outcome=Outcome.PARTLY, resulting_change="")

    assert "resulting_change" in error.value.message_dict


def test_employee_cannot_answer(consultation, invited):
    comment = _comment(consultation, invited)

    with pytest.raises(PermissionDenied):
        services.comment_answer(comment=comment, actor=invited, response="Selv tak.",
                                outcome=Outcome.NOTED)


def test_answers_may_be_recorded_after_the_consultation_closes(consultation, invited, comms):
    comment = _comment(consultation, invited)
    _propose(consultation, comms)

    answered = services.comment_answer(comment=comment, actor=comms, response="Noteret.",
                                       outcome=Outcome.NOTED)

    assert answered.outcome == Outcome.NOTED


def test_answers_are_final_once_the_version_is_adopted(consultation, invited, comms):
    comment = _comment(consultation, invited)
    _adopt(consultation, comms)

    with pytest.raises(ValidationError) as error:
        services.comment_answer(comment=comment, actor=comms, response="For sent.",
                                outcome=Outcome.NOTED)

    assert "adopted" in error.value.messages[0]


def test_open_comment_count_counts_unanswered_comments_of_the_organisation(
    consultation, invited, comms, other_organisation
):
    first = _comment(consultation, invited)
    _comment(consultation, invited, text="Og en til.")
    services.comment_answer(comment=first, actor=comms, response="Tak.", outcome=Outcome.NOTED)

    assert open_comment_count(consultation.strategy.organisation) == 1
    assert open_comment_count(other_organisation) == 0
    organisation = consultation.strategy.organisation
    assert Comment.objects.for_organisation(organisation).unanswered().count() == 1
