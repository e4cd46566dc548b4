"""A create form sent twice makes one thing (#15.10): Back and send again, two quick
clicks, a resent reload. The PostgreSQL races are in test_create_races.py."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.core.models import Submission
from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import Principle, Strategy, StrategyVersion, VersionStatus
from tests.factories import StrategyFactory, VersionFactory, mark_adopted
from tests.submissions import token_of

pytestmark = pytest.mark.django_db

NEW = {"title": "Kommunikationspolitik 2027-2030", "subtitle": "", "kind": "policy"}


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_back_and_send_again_takes_the_person_to_the_strategy_the_first_made(
        comms_client, organisation):
    token = token_of(comms_client.get(reverse("strategies:create")))
    data = {**NEW, "organisation": organisation.pk, "submission": token}

    first = comms_client.post(reverse("strategies:create"), data)
    again = comms_client.post(reverse("strategies:create"), data)

    assert Strategy.objects.count() == 1
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert "This form had already been sent" in " ".join(_messages(again))


def test_the_same_title_sent_from_a_new_form_a_moment_later_is_the_same_strategy(
        comms_client, organisation):
    for _ in range(2):  # each time the form is fetched anew: two tokens
        token = token_of(comms_client.get(reverse("strategies:create")))
        response = comms_client.post(
            reverse("strategies:create"),
            {**NEW, "organisation": organisation.pk, "submission": token},
        )

    strategy = Strategy.objects.get()
    assert response["Location"] == reverse("strategies:detail", args=[strategy.pk])
    assert StrategyVersion.objects.count() == 1


def test_a_rejected_form_comes_back_with_a_new_token_and_is_then_created(
        comms_client, organisation):
    token = token_of(comms_client.get(reverse("strategies:create")))
    rejected = comms_client.post(
        reverse("strategies:create"),
        {**NEW, "title": "", "organisation": organisation.pk, "submission": token},
    )
    second = token_of(rejected)

    created = comms_client.post(
        reverse("strategies:create"),
        {**NEW, "organisation": organisation.pk, "submission": second},
    )

    assert second != token
    assert created.status_code == 302
    assert Strategy.objects.count() == 1
    assert not Submission.objects.filter(key=token).exists()


def test_another_persons_strategy_of_the_same_title_is_not_taken_for_a_repeat(
        comms_client, organisation, member_of):
    colleague = member_of(organisation, RoleLevel.COMMUNICATIONS)
    services.strategy_create(organisation=organisation, actor=colleague, kind="policy",
                             title=NEW["title"])

    comms_client.post(reverse("strategies:create"), {**NEW, "organisation": organisation.pk})

    assert Strategy.objects.filter(title=NEW["title"]).count() == 2
    assert Strategy.objects.values("slug").distinct().count() == 2


def test_two_new_draft_requests_in_a_row_start_one_draft(comms_client, organisation):
    adopted = mark_adopted(VersionFactory(strategy=StrategyFactory(organisation=organisation)))
    url = reverse("strategies:version_new_draft", args=[adopted.pk])

    first = comms_client.post(url)
    again = comms_client.post(url)  # no token: the service's natural key

    draft = StrategyVersion.objects.get(status=VersionStatus.DRAFT)
    assert first["Location"] == again["Location"] == reverse(
        "strategies:version_edit", args=[draft.pk]
    )
    assert "was already started from version" in " ".join(_messages(again))


def test_the_new_draft_button_sent_twice_with_its_token_starts_one_draft(
        comms_client, organisation):
    adopted = mark_adopted(VersionFactory(strategy=StrategyFactory(organisation=organisation)))
    url = reverse("strategies:version_new_draft", args=[adopted.pk])
    page = comms_client.get(reverse("strategies:version_detail", args=[adopted.pk]))
    token = token_of(page, url)

    comms_client.post(url, {"submission": token})
    comms_client.post(url, {"submission": token})

    assert StrategyVersion.objects.filter(status=VersionStatus.DRAFT).count() == 1


def test_an_item_added_twice_with_the_same_form_is_added_once(comms_client, organisation):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    url = reverse("strategies:item_add", args=[draft.pk, "principle"])
    token = token_of(comms_client.get(url))
    data = {"text": "Vi er åbne.", "submission": token}

    comms_client.post(url, data)
    again = comms_client.post(url, data)

    assert Principle.objects.filter(version=draft).count() == 1
    assert again.status_code == 302
