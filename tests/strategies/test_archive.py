"""A strategy started by mistake: archived out of the lists and back, or deleted; never
one that has had an adopted version (a public record, guarded in the database too)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.organisations.models import RoleLevel
from apps.strategies import archive
from apps.strategies.models import Strategy, StrategyVersion, VersionStatus, VersionTransition
from tests.factories import (
    OrganisationFactory,
    SectionFactory,
    StrategyFactory,
    VersionFactory,
    mark_adopted,
)

pytestmark = pytest.mark.django_db
S = VersionStatus


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def _strategy(organisation, *statuses):
    strategy = StrategyFactory(organisation=organisation)
    for number, status in enumerate(statuses, start=1):
        version = VersionFactory(strategy=strategy, number=number)
        if status == S.ADOPTED:
            mark_adopted(version)
        elif status != S.DRAFT:
            StrategyVersion.objects.filter(pk=version.pk).update(status=status)
    return strategy


def test_a_draft_strategy_is_deleted_with_its_content_and_history(organisation, comms):
    strategy = _strategy(organisation, S.DRAFT)
    version = strategy.versions.get()
    SectionFactory(version=version)
    VersionTransition.objects.create(version=version, from_status=S.DRAFT, to_status=S.DRAFT)

    archive.strategy_delete(strategy=strategy, actor=comms, reason="Oprettet ved en fejl.")

    assert not Strategy.objects.filter(pk=strategy.pk).exists()
    assert not StrategyVersion.objects.filter(pk=version.pk).exists()
    event = AuditEvent.objects.get(verb="strategy.delete")
    assert event.data["reason"] == "Oprettet ved en fejl."
    assert event.object_id == strategy.pk


def test_a_withdrawn_strategy_can_be_deleted(organisation, comms):
    strategy = _strategy(organisation, S.WITHDRAWN, S.DRAFT)
    archive.strategy_delete(strategy=strategy, actor=comms)
    assert not Strategy.objects.filter(pk=strategy.pk).exists()


@pytest.mark.parametrize("statuses", [(S.ADOPTED,), (S.ADOPTED, S.DRAFT)])
def test_a_strategy_that_had_an_adopted_version_is_never_deleted(organisation, comms, statuses):
    strategy = _strategy(organisation, *statuses)
    with pytest.raises(ValidationError) as refusal:
        archive.strategy_delete(strategy=strategy, actor=comms)
    assert "public record" in refusal.value.messages[0]
    assert Strategy.objects.filter(pk=strategy.pk).exists()


@pytest.mark.parametrize("status", [S.CONSULTATION, S.PROPOSED])
def test_a_strategy_in_consultation_or_proposed_is_not_deleted(organisation, comms, status):
    strategy = _strategy(organisation, status)
    with pytest.raises(ValidationError):
        archive.strategy_delete(strategy=strategy, actor=comms)
    assert Strategy.objects.filter(pk=strategy.pk).exists()


def test_the_database_refuses_to_delete_a_strategy_with_a_decided_version(organisation):
    strategy = _strategy(organisation, S.ADOPTED)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM strategies_strategy WHERE id = %s", [strategy.pk])
    assert Strategy.objects.filter(pk=strategy.pk).exists()


def test_archiving_takes_a_strategy_out_of_the_list_and_unarchiving_brings_it_back(
    client, organisation, comms
):
    strategy = _strategy(organisation, S.DRAFT)
    client.force_login(comms)
    list_url = reverse("strategies:list")

    link = f'href="{reverse("strategies:detail", args=[strategy.pk])}"'

    client.post(reverse("strategies:archive", args=[strategy.pk]))
    assert link not in client.get(list_url).content.decode()
    assert link in client.get(list_url, {"archived": "1"}).content.decode()

    client.post(reverse("strategies:unarchive", args=[strategy.pk]))
    assert link in client.get(list_url).content.decode()
    assert [e.verb for e in AuditEvent.objects.order_by("pk")][-2:] == [
        "strategy.archive", "strategy.unarchive"
    ]


def test_an_adopted_strategy_is_not_archived(client, organisation, comms):
    strategy = _strategy(organisation, S.ADOPTED)
    client.force_login(comms)
    response = client.post(reverse("strategies:archive", args=[strategy.pk]), follow=True)
    assert "public record" in response.content.decode()
    assert Strategy.objects.get(pk=strategy.pk).archived_at is None


def test_the_delete_page_asks_first_and_deletes_on_confirmation(client, organisation, comms):
    strategy = _strategy(organisation, S.DRAFT)
    client.force_login(comms)
    url = reverse("strategies:delete", args=[strategy.pk])
    assert client.get(url).status_code == 200
    assert Strategy.objects.filter(pk=strategy.pk).exists()
    assert client.post(url, {"reason": "Fejl."}).status_code == 302
    assert not Strategy.objects.filter(pk=strategy.pk).exists()


def test_the_delete_page_of_an_adopted_strategy_says_why_not(client, organisation, comms):
    strategy = _strategy(organisation, S.ADOPTED)
    client.force_login(comms)
    response = client.post(reverse("strategies:delete", args=[strategy.pk]))
    assert response.status_code == 409
    assert "cannot be deleted" in response.content.decode()


# --- Who may: only the communications department of the strategy's organisation --------

STRATEGY_ACTIONS = {
    "archive": ("post", "strategies:archive", 302),
    "unarchive": ("post", "strategies:unarchive", 302),
    "delete page": ("get", "strategies:delete", 200),
    "delete": ("post", "strategies:delete", 302),
}
# Per role level: the status code of every action on a draft strategy of their own
# organisation. Those who may not see drafts do not know the strategy exists (404).
WHO = {
    RoleLevel.COMMUNICATIONS: "ok",
    RoleLevel.EXECUTIVE_BOARD: 403,
    RoleLevel.POLITICIAN: 404,
    RoleLevel.CENTRE: 404,
    RoleLevel.WORKPLACE: 404,
    RoleLevel.LEADER: 404,
    RoleLevel.EMPLOYEE: 404,
}


def test_the_table_covers_every_role_level():
    assert set(WHO) == set(RoleLevel.values)


@pytest.mark.parametrize("action", STRATEGY_ACTIONS)
@pytest.mark.parametrize("role_level", RoleLevel.values)
def test_archive_and_delete_permission_matrix(client, organisation, member_of, role_level,
                                              action):
    strategy = _strategy(organisation, S.DRAFT)
    client.force_login(member_of(organisation, role_level))
    method, name, ok = STRATEGY_ACTIONS[action]
    response = getattr(client, method)(reverse(name, args=[strategy.pk]))
    expected = ok if WHO[role_level] == "ok" else WHO[role_level]
    assert response.status_code == expected


@pytest.mark.parametrize("action", STRATEGY_ACTIONS)
def test_another_organisations_communications_department_finds_nothing(
    client, organisation, member_of, action
):
    strategy = _strategy(organisation, S.DRAFT)
    client.force_login(member_of(OrganisationFactory(), RoleLevel.COMMUNICATIONS))
    method, name, _ok = STRATEGY_ACTIONS[action]
    assert getattr(client, method)(reverse(name, args=[strategy.pk])).status_code == 404
    assert Strategy.objects.get(pk=strategy.pk).archived_at is None
