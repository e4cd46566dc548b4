"""Personal data: everything about one person as JSON, and erasure by pseudonym that
keeps the records (comments, answers, check-ins, invitations, the audit log) whole."""

import json

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.consultations.models import Comment, ConsultationInvitation
from apps.obligations.models import CheckIn
from apps.organisations.models import Organisation, RoleLevel
from tests.security.hostile import build_hostile_world

pytestmark = pytest.mark.django_db

NAME = "Rigmor Særpræg-Hansen"


@pytest.fixture
def world(organisation, member_of):
    world = build_hostile_world(organisation, member_of, "Almindelig tekst")
    politician = world.users[RoleLevel.POLITICIAN]
    politician.full_name, politician.email = NAME, "rigmor@kommune.dk"
    politician.save()
    Comment.objects.filter(author=politician).update(author_name=NAME)
    ConsultationInvitation.objects.create(version=world.adopted, user=politician)
    AuditEvent.objects.create(
        organisation=organisation, actor=politician, verb="comment.created",
        object_type="Comment", object_repr=f"{NAME}: en kommentar",
        data={"by": NAME, "nested": [{"who": f"{NAME} (rigmor@kommune.dk)"}]},
    )
    return world


def test_the_export_holds_everything_about_the_person(client, world):
    politician = world.users[RoleLevel.POLITICIAN]
    client.force_login(world.users[RoleLevel.COMMUNICATIONS])

    response = client.get(reverse("identity:person_export", args=[politician.pk]))

    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/json")
    assert data["person"]["full_name"] == NAME
    assert [role["role_level"] for role in data["roles"]] == ["politician"]
    assert len(data["consultation_comments"]) == 2
    assert len(data["consultation_invitations"]) == 1
    assert any(event["by_this_person"] for event in data["audit_log"])
    assert AuditEvent.objects.filter(verb="person.exported", object_id=politician.pk).exists()


def test_the_leaders_export_holds_their_check_ins(client, world):
    leader = world.users[RoleLevel.LEADER]
    client.force_login(world.users[RoleLevel.COMMUNICATIONS])

    data = client.get(reverse("identity:person_export", args=[leader.pk])).json()

    assert [c["status"] for c in data["check_ins_recorded"]] == ["needs_attention"]


def test_erasing_pseudonymises_the_person_in_comments_and_the_audit_log(
    client, world, organisation
):
    politician = world.users[RoleLevel.POLITICIAN]
    comments = Comment.objects.filter(author=politician).count()
    client.force_login(world.users[RoleLevel.COMMUNICATIONS])

    response = client.post(reverse("identity:person_erase", args=[politician.pk]))

    politician.refresh_from_db()
    pseudonym = f"Tidligere medarbejder {politician.pk}"  # in the organisation's language
    assert response.status_code == 302
    assert (politician.full_name, politician.email, politician.is_active) == (
        pseudonym, "", False
    )
    assert not politician.has_usable_password()
    assert set(Comment.objects.filter(author=politician).values_list("author_name", flat=True)) == {
        pseudonym
    }
    assert Comment.objects.filter(author=politician).count() == comments
    assert ConsultationInvitation.objects.filter(user=politician).count() == 1
    every_row = json.dumps(
        list(AuditEvent.objects.values("object_repr", "data")), ensure_ascii=False
    )
    assert NAME not in every_row
    assert "rigmor@kommune.dk" not in every_row
    assert f"{pseudonym}: en kommentar" in every_row


def test_after_erasure_no_page_shows_the_old_name(client, world, organisation):
    politician = world.users[RoleLevel.POLITICIAN]
    client.force_login(world.users[RoleLevel.COMMUNICATIONS])
    summary = reverse("consultations:summary", args=[world.adopted.pk])
    assert NAME in client.get(summary).text
    before = Organisation.objects.filter(pk=organisation.pk).values_list(
        "structure_generation", "activity_generation", "content_generation"
    ).get()

    client.post(reverse("identity:person_erase", args=[politician.pk]))

    after = Organisation.objects.filter(pk=organisation.pk).values_list(
        "structure_generation", "activity_generation", "content_generation"
    ).get()
    assert all(new > old for new, old in zip(after, before, strict=True))
    assert NAME not in client.get(summary).text
    assert NAME not in client.get(reverse("dashboards:communications")).text


def test_erasing_a_leader_keeps_their_check_ins(client, world):
    leader = world.users[RoleLevel.LEADER]
    check_ins = CheckIn.objects.filter(recorded_by=leader).count()
    client.force_login(world.users[RoleLevel.COMMUNICATIONS])

    client.post(reverse("identity:person_erase", args=[leader.pk]))

    assert check_ins == 1
    assert CheckIn.objects.filter(recorded_by=leader).count() == check_ins


def test_nobody_erases_themselves(client, world):
    comms = world.users[RoleLevel.COMMUNICATIONS]
    client.force_login(comms)

    response = client.post(reverse("identity:person_erase", args=[comms.pk]), follow=True)

    comms.refresh_from_db()
    assert comms.is_active
    assert "You cannot erase yourself." in response.text


def test_other_roles_cannot_export_or_erase(client, world):
    politician = world.users[RoleLevel.POLITICIAN]
    client.force_login(world.users[RoleLevel.LEADER])

    export = client.get(reverse("identity:person_export", args=[politician.pk]))
    erase = client.post(reverse("identity:person_erase", args=[politician.pk]))

    politician.refresh_from_db()
    assert (export.status_code, erase.status_code) == (403, 403)
    assert politician.full_name == NAME
