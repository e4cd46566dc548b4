"""Creates at the same moment, on real PostgreSQL: two quick clicks never give an
IntegrityError (HTTP 500) and make one thing (#15.10)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.consultations import services as consultation_services
from apps.core.submissions import AlreadyMade
from apps.identity import services as identity_services
from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import Section, Strategy, StrategyVersion, VersionStatus
from tests.concurrency import run_together
from tests.factories import StrategyFactory, VersionFactory, consultation_deadline, mark_adopted

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def test_two_quick_clicks_on_create_make_one_strategy_and_no_error(organisation, comms):
    token = str(uuid.uuid4())
    data = {"title": "Kommunikationspolitik", "subtitle": "", "kind": "policy",
            "organisation": organisation.pk, "submission": token}

    def click():
        client = Client()
        client.force_login(comms)
        response = client.post(reverse("strategies:create"), data)
        return response.status_code, response["Location"]

    outcomes = run_together(click, click)

    strategy = Strategy.objects.get()
    assert outcomes == [(302, reverse("strategies:version_edit",
                                      args=[strategy.versions.get().pk]))] * 2


def test_the_same_title_twice_at_once_without_a_token_is_one_strategy(organisation, comms):
    def create():
        return services.strategy_create(organisation=organisation, actor=comms,
                                        title="Kommunikationspolitik", kind="policy")

    outcomes = run_together(create, create)

    strategy = Strategy.objects.get()
    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyMade", "Strategy"]
    assert [o.obj for o in outcomes if isinstance(o, AlreadyMade)] == [strategy]


def test_two_titles_with_the_same_slug_at_once_get_two_slugs(organisation, comms):
    def create(title):
        return lambda: services.strategy_create(organisation=organisation, actor=comms,
                                                title=title, kind="policy")

    outcomes = run_together(create("Plan!"), create("Plan?"))

    assert all(isinstance(o, Strategy) for o in outcomes)
    assert sorted(Strategy.objects.values_list("slug", flat=True)) == ["plan", "plan-2"]


def test_two_new_draft_requests_at_once_start_one_draft(organisation, comms):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    Section.objects.create(version=draft, heading="Formål", body="Åbenhed.")
    adopted = mark_adopted(draft)

    def new_draft():
        return services.version_new_draft(source=adopted, actor=comms)

    outcomes = run_together(new_draft, new_draft)

    new = StrategyVersion.objects.get(status=VersionStatus.DRAFT)
    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyMade", "StrategyVersion"]
    assert Section.objects.filter(version=new).count() == 1


def test_the_same_comment_twice_at_once_is_one_comment(organisation, comms, member_of):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    consultation = services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=consultation_deadline(),
    )
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    consultation_services.consultation_invite(version=consultation, actor=comms,
                                              users=[employee])

    def comment():
        return consultation_services.comment_create(version=consultation, actor=employee,
                                                    text="Nævn Facebook.")

    outcomes = run_together(comment, comment)

    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyMade", "Comment"]
    assert consultation.consultation_comments.count() == 1


def test_the_same_person_created_twice_at_once_is_refused_on_the_form_not_a_500(
        organisation, comms):
    def create():
        return identity_services.person_create(
            actor=comms, organisation=organisation, email="ny@kommune.dk",
            full_name="Ny Medarbejder", role_level=RoleLevel.EMPLOYEE,
        )

    outcomes = run_together(create, create)

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1
    assert list(refused[0].message_dict) == ["email"]  # (a thread has no language set)
