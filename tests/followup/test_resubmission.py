"""Progress and measurements sent twice are recorded once (#15.10)."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.followup.models import ProgressUpdate
from apps.organisations.models import RoleLevel
from tests.submissions import token_of

pytestmark = pytest.mark.django_db


def test_a_progress_update_sent_twice_with_two_quick_clicks_is_recorded_once(
        client, world, overdue_action):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("followup:action_progress", args=[overdue_action.pk])
    data = {"status": "at_risk", "percent": "30", "text": "Leverandøren er forsinket."}

    client.post(url, data, headers={"HX-Request": "true"})
    again = client.post(url, data, headers={"HX-Request": "true"})

    assert again.status_code == 200
    assert "The progress of the action has been recorded." in again.content.decode()
    assert ProgressUpdate.objects.count() == 1


def test_the_same_progress_form_sent_again_after_back_is_recorded_once(
        client, world, overdue_action):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("followup:action_progress", args=[overdue_action.pk])
    token = token_of(client.get(reverse("followup:action", args=[overdue_action.pk])), url)
    data = {"status": "in_progress", "percent": "40", "text": "", "submission": token}

    first = client.post(url, data)
    again = client.post(url, data)

    assert again["Location"] == first["Location"]
    assert ProgressUpdate.objects.count() == 1


def test_a_new_status_after_the_first_is_a_second_update(client, world, overdue_action):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("followup:action_progress", args=[overdue_action.pk])

    client.post(url, {"status": "in_progress", "percent": "40", "text": ""})
    client.post(url, {"status": "done", "percent": "", "text": ""})

    assert ProgressUpdate.objects.count() == 2


def test_a_measurement_form_sent_twice_records_and_audits_once(client, world, measured):
    client.force_login(world[RoleLevel.COMMUNICATIONS])
    url = reverse("followup:measurement_add", args=[measured.version_id])
    page = client.get(reverse("followup:version", args=[measured.version_id]))
    data = {"indicator": measured.pk, "period": "2025-Q1", "value": "81", "note": "",
            "source": "", "submission": token_of(page, url)}

    client.post(url, data)
    client.post(url, data)

    assert AuditEvent.objects.filter(verb="indicator.measurement").count() == 1
