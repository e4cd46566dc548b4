"""Overdue actions on the leader, centre, executive and communications dashboards,
from the actions' current progress, shown at once through the kept pages."""

import pytest
from django.urls import reverse

from apps.followup import services
from apps.followup.models import ProgressStatus
from apps.organisations.models import RoleLevel

pytestmark = pytest.mark.django_db

DASHBOARD = {
    RoleLevel.EXECUTIVE_BOARD: "dashboards:executive",
    RoleLevel.COMMUNICATIONS: "dashboards:communications",
}


def _record_done(world, action):
    services.action_progress_record(
        action=action, actor=world[RoleLevel.LEADER], status=ProgressStatus.DONE
    )


@pytest.mark.parametrize("role_level", [RoleLevel.EXECUTIVE_BOARD, RoleLevel.COMMUNICATIONS])
def test_an_organisation_dashboard_lists_the_overdue_action_with_a_link_to_update(
    client, world, overdue_action, role_level
):
    client.force_login(world[role_level])
    page = reverse(DASHBOARD[role_level])

    response = client.get(page)

    overdue = response.context["overdue_actions"]
    assert ([a.title for a in overdue["rows"]], overdue["count"]) == (["Skilte i borgerservice"], 1)
    assert reverse("followup:action", args=[overdue_action.pk]) in response.content.decode()


def test_an_action_marked_done_leaves_the_kept_executive_dashboard_at_once(
    client, world, overdue_action, kept_pages
):
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])
    url = reverse("dashboards:executive")
    client.get(url)
    assert client.get(url).context is None  # served from the kept page
    assert len(kept_pages()) == 1

    _record_done(world, overdue_action)
    response = client.get(url)

    assert response.context["overdue_actions"]["count"] == 0
    assert response.context["overdue_total"] == 0
    assert "No action of the adopted action plans is overdue." in response.content.decode()


@pytest.mark.parametrize("role_level", [RoleLevel.LEADER, RoleLevel.CENTRE])
def test_the_leader_and_centre_dashboards_show_each_action_s_current_status(
    client, world, overdue_action, role_level
):
    client.force_login(world[role_level])
    url = reverse("dashboards:leader")
    before = client.get(url)
    assert before.context["unit_rows"][0]["overdue"] == 1

    _record_done(world, overdue_action)
    after = client.get(url)

    statuses = {a.title: (a.progress_status, a.is_overdue) for a in after.context["actions"]}
    assert statuses["Skilte i borgerservice"] == ("done", False)
    assert after.context["unit_rows"][0]["overdue"] == 0
    assert reverse("followup:action", args=[overdue_action.pk]) in after.content.decode()


def test_an_action_at_risk_past_its_due_date_is_still_overdue(client, world, overdue_action):
    services.action_progress_record(
        action=overdue_action, actor=world[RoleLevel.LEADER], status=ProgressStatus.AT_RISK
    )
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    response = client.get(reverse("dashboards:executive"))

    assert response.context["overdue_actions"]["count"] == 1
    assert "At risk" in response.content.decode()
