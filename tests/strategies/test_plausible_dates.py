"""Implausible dates are refused with a clear message wherever dates are entered: the
adoption, the draft's details (and corrections of the record: tests/records)."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import StrategyVersion, VersionStatus
from tests.factories import StrategyFactory, VersionFactory

pytestmark = pytest.mark.django_db
S = VersionStatus


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def _proposed(organisation, **fields):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), **fields)
    StrategyVersion.objects.filter(pk=version.pk).update(status=S.PROPOSED)
    version.refresh_from_db()
    return version


def _adopt(version, actor, decided_on):
    return services.version_transition(
        version=version, actor=actor, to_status=S.ADOPTED, decided_on=decided_on,
        decided_by="Byrådet", case_reference="25/1",
    )


@pytest.mark.parametrize(
    "decided_on, message",
    [
        (datetime.date(1949, 12, 31), "cannot be before"),
        (timezone.localdate() + datetime.timedelta(days=1), "cannot be in the future"),
    ],
)
def test_an_adoption_before_1950_or_in_the_future_is_refused(organisation, comms, decided_on,
                                                             message):
    version = _proposed(organisation)
    with pytest.raises(ValidationError) as refusal:
        _adopt(version, comms, decided_on)
    assert message in str(refusal.value.message_dict["decided_on"])
    assert StrategyVersion.objects.get(pk=version.pk).status == S.PROPOSED


def test_an_adoption_on_1_january_1950_is_accepted(organisation, comms):
    version = _adopt(_proposed(organisation), comms, datetime.date(1950, 1, 1))
    assert version.status == S.ADOPTED


def test_an_adoption_after_the_review_date_is_refused_with_what_to_do(organisation, comms):
    version = _proposed(organisation, review_due=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError) as refusal:
        _adopt(version, comms, datetime.date(2025, 3, 1))
    message = str(refusal.value.message_dict["decided_on"])
    assert "review date" in message
    assert "back to draft" in message


def test_the_adoption_form_shows_the_refusal_on_the_date(client, organisation, comms):
    version = _proposed(organisation)
    client.force_login(comms)
    response = client.post(
        reverse("strategies:version_transition", args=[version.pk, "adopted"]),
        {"decided_on": "0202-03-27", "decided_by": "Byrådet", "case_reference": "25/1",
         "note": ""},
    )
    assert response.status_code == 200
    assert "Check the year." in response.content.decode()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"valid_from": datetime.date(2026, 1, 1), "valid_until": datetime.date(2025, 1, 1)},
         "valid_until"),
        ({"review_due": datetime.date(1900, 1, 1)}, "review_due"),
        ({"valid_from": datetime.date(1012, 1, 1)}, "valid_from"),
    ],
)
def test_implausible_dates_of_a_draft_are_refused(organisation, comms, data, field):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    with pytest.raises(ValidationError) as refusal:
        services.version_update(version=draft, actor=comms, data=data)
    assert field in refusal.value.message_dict
    assert StrategyVersion.objects.get(pk=draft.pk).revision == draft.revision


def test_the_details_form_says_the_year_is_implausible(client, organisation, comms):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    client.force_login(comms)
    response = client.get(reverse("strategies:version_edit", args=[draft.pk]))
    base = response.context["version_form"].initial["base"]
    response = client.post(
        reverse("strategies:version_edit", args=[draft.pk]),
        {"dated": "", "period_label": "", "valid_from": "1012-01-01", "valid_until": "",
         "review_due": "", "change_summary": "", "base": json.dumps(base)},
    )
    assert "The date cannot be before" in response.content.decode()
    assert StrategyVersion.objects.get(pk=draft.pk).valid_from is None
