"""The demo's follow-up (apps/demo/followup.py): progress on the action plans and two
years of measurements, through the real services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.demo.followup import QUARTERS, demo_followup_load
from apps.followup import selectors
from apps.followup.indicators import version_indicators
from apps.followup.models import ProgressUpdate
from apps.organisations.models import RoleLevel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_named(world):
    """The world's communications officer under the demo's user name."""
    comms = world[RoleLevel.COMMUNICATIONS]
    comms.username = f"{world.organisation.slug}-{RoleLevel.COMMUNICATIONS}"
    comms.save()
    return world


def test_the_demo_gives_every_action_progress_and_keeps_one_overdue(demo_named, measured):
    demo_followup_load(demo_named.organisation)

    actions = selectors.version_actions(measured.version, timezone.localdate())
    assert all(a.progress_at is not None for a in actions)
    overdue = [a.progress_status for a in actions if a.is_overdue]
    assert overdue == ["at_risk"]
    assert ProgressUpdate.objects.exclude(text="").count() == ProgressUpdate.objects.count()


def test_the_demo_measures_each_indicator_for_two_years_towards_its_target(
    client, demo_named, measured
):
    demo_followup_load(demo_named.organisation)

    (series,) = version_indicators(measured.version)
    values = [m.value for m in series.measurements]
    assert len(values) == QUARTERS == 8
    assert values[0] == measured.baseline_value and values[-1] < measured.target_value
    assert series.status == "at_risk"
    client.force_login(demo_named[RoleLevel.EXECUTIVE_BOARD])
    assert "At risk" in client.get(reverse("dashboards:executive")).content.decode()


def test_without_a_demo_communications_officer_nothing_is_written(world, measured):
    UserFactory()
    demo_followup_load(world.organisation)

    assert ProgressUpdate.objects.count() == 0
