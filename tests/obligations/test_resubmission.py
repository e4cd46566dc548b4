"""The quarter's check-ins sent twice are recorded once (#15.10)."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.obligations.models import CheckIn
from apps.organisations.models import RoleLevel
from tests.obligations.test_check_ins import _all, _filled, _owed
from tests.submissions import token_of

pytestmark = pytest.mark.django_db


def test_the_check_in_form_sent_twice_records_and_audits_once(client, world):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("obligations:check_ins", args=[world.workplace.pk])
    owed = _owed(world)
    data = {**_filled(owed, **_all(owed)), "submission": token_of(client.get(url))}

    first = client.post(url, data)
    events = AuditEvent.objects.count()
    again = client.post(url, data)

    assert again["Location"] == first["Location"]
    assert CheckIn.objects.count() == len(owed)
    assert events > 0
    assert AuditEvent.objects.count() == events
