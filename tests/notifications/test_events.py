"""The services that cause events tell the right people, once."""

import pytest
from django.db import IntegrityError

from apps.consultations import services as consultation_services
from apps.notifications.models import Category, Kind, Notification
from apps.strategies import services as strategy_services
from apps.strategies.models import ResponsibilityItem, VersionStatus
from tests.factories import consultation_deadline

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_inviting_a_unit_tells_its_members_and_an_invited_person_once(draft, people):
    comms = people["communications"]
    consultation_services.consultation_invite(
        version=draft, actor=comms, users=[people["leader"]], units=[people["workplace"]]
    )
    consultation_services.consultation_invite(
        version=draft, actor=comms, users=[people["politician"]], units=[people["workplace"]]
    )

    told = Notification.objects.filter(kind=Kind.CONSULTATION_INVITED)
    assert sorted(told.values_list("user__email", flat=True)) == [
        "employee@kommune.example.dk",
        "leader@kommune.example.dk",
        "politician@kommune.example.dk",
    ]
    assert set(told.values_list("category", flat=True)) == {Category.CONSULTATIONS}
    assert told.first().target == draft


def test_the_same_person_and_event_cannot_be_stored_twice(draft, people):
    consultation_services.consultation_invite(
        version=draft, actor=people["communications"], users=[people["leader"]]
    )
    first = Notification.objects.get()

    with pytest.raises(IntegrityError):
        Notification.objects.create(
            user=first.user,
            organisation=first.organisation,
            kind=first.kind,
            category=first.category,
            event_key=first.event_key,
            content_type=first.content_type,
            object_id=first.object_id,
        )


def test_the_first_answer_to_a_comment_tells_the_commenter_and_a_correction_does_not(draft, people):
    comms, leader = people["communications"], people["leader"]
    strategy_services.version_transition(version=draft, actor=comms, to_status="consultation",
                                         consultation_deadline=consultation_deadline())
    consultation_services.consultation_invite(version=draft, actor=comms, users=[leader])
    comment = consultation_services.comment_create(version=draft, actor=leader, text="Godt.")
    for response in ("Tak.", "Tak for kommentaren."):
        consultation_services.comment_answer(
            comment=comment, actor=comms, response=response, outcome="noted"
        )

    assert kinds_of(leader) == [Kind.COMMENT_ANSWERED, Kind.CONSULTATION_INVITED]


def test_a_proposal_tells_the_politicians_and_the_executive_board(draft, people):
    strategy_services.version_transition(
        version=draft, actor=people["communications"], to_status=VersionStatus.PROPOSED
    )

    told = Notification.objects.filter(kind=Kind.PROPOSAL_AWAITING)
    assert sorted(told.values_list("user__email", flat=True)) == [
        "executive@kommune.example.dk",
        "politician@kommune.example.dk",
    ]


def test_an_adoption_tells_each_bound_person_their_new_duties(draft, people, adopt):
    adopt(draft, people["communications"])

    leader_note = Notification.objects.get(user=people["leader"], kind=Kind.OBLIGATIONS_CHANGED)
    employee_note = Notification.objects.get(user=people["employee"], kind=Kind.OBLIGATIONS_CHANGED)
    assert leader_note.data["new"] == ["Lederen informerer medarbejderne."]
    assert employee_note.data["new"] == ["Medarbejderen deler viden."]
    assert not Notification.objects.filter(
        user=people["politician"], kind=Kind.OBLIGATIONS_CHANGED
    ).exists()


def test_the_next_adoption_lists_changed_duties_with_old_and_new_wording_and_skips_the_rest(
    draft, people, adopt
):
    comms = people["communications"]
    adopt(draft, comms)
    second = strategy_services.version_new_draft(source=draft, actor=comms)
    item = ResponsibilityItem.objects.get(version=second, text="Lederen informerer medarbejderne.")
    strategy_services.content_item_save(
        version=second,
        actor=comms,
        model=ResponsibilityItem,
        instance=item,
        data={"text": "Lederen informerer medarbejderne hver måned."},
    )
    strategy_services.content_item_save(
        version=second,
        actor=comms,
        model=ResponsibilityItem,
        data={"responsibility": item.responsibility, "text": "Lederen holder dialogmøder."},
    )
    adopt(second, comms)

    leader_note = Notification.objects.get(
        user=people["leader"], event_key=f"obligations:version:{second.pk}"
    )
    assert leader_note.data["changed"] == [
        ["Lederen informerer medarbejderne.", "Lederen informerer medarbejderne hver måned."]
    ]
    assert leader_note.data["new"] == ["Lederen holder dialogmøder."]
    # The employee's duty did not change: nothing to tell them of the second adoption.
    assert not Notification.objects.filter(
        user=people["employee"], event_key=f"obligations:version:{second.pk}"
    ).exists()


def test_running_the_adoption_again_tells_nobody_twice(draft, people, adopt):
    from apps.notifications.adoption import adoption_notify
    from apps.notifications.models import EventRun

    adopt(draft, people["communications"])
    before = Notification.objects.count()
    EventRun.objects.all().delete()  # as if the task had died before recording its run

    adoption_notify(version_id=draft.pk)

    assert Notification.objects.count() == before


def test_an_adoption_whose_notifications_fail_is_still_adopted_and_made_up_for_later(
    draft, people, adopt, monkeypatch
):
    from apps.notifications import adoption, schedule

    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    real = adoption.adoption_notify
    monkeypatch.setattr(adoption, "adoption_notify", broken)
    adopted = adopt(draft, people["communications"])
    monkeypatch.setattr(adoption, "adoption_notify", real)
    monkeypatch.setattr(schedule, "adoption_notify", real)

    schedule.lost_adoptions(adopted.adopted_on)

    assert adopted.status == VersionStatus.ADOPTED
    assert Notification.objects.filter(kind=Kind.OBLIGATIONS_CHANGED).count() == 2
