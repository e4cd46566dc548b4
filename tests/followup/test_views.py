import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.followup import services
from apps.followup.models import ProgressStatus, ProgressUpdate
from apps.organisations.models import RoleLevel

pytestmark = pytest.mark.django_db


def _progress_url(action):
    return reverse("followup:action_progress", args=[action.pk])


def test_without_javascript_the_form_saves_and_returns_to_where_the_leader_came_from(
    client, world, overdue_action
):
    client.force_login(world[RoleLevel.LEADER])
    back = reverse("dashboards:leader") + f"?unit={world.workplace.pk}"

    response = client.post(
        _progress_url(overdue_action),
        {
            "status": "done",
            "percent": "",
            "text": "Skiltene hænger.",
            "next": back,
        },
    )

    assert (response.status_code, response.url) == (302, back)
    assert ProgressUpdate.objects.get().text == "Skiltene hænger."


def test_a_next_address_off_the_site_is_not_followed(client, world, overdue_action):
    client.force_login(world[RoleLevel.LEADER])

    response = client.post(
        _progress_url(overdue_action),
        {
            "status": "done",
            "next": "https://evil.example/",
        },
    )

    assert response.url == reverse("followup:action", args=[overdue_action.pk])


def test_htmx_gets_the_progress_panel_with_the_new_status_and_history(
    client, world, overdue_action
):
    client.force_login(world[RoleLevel.LEADER])

    response = client.post(
        _progress_url(overdue_action),
        {"status": "at_risk", "percent": "30", "text": "Leverandøren er forsinket."},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="progress-panel"')
    assert "The progress of the action has been recorded." in html
    assert "At risk" in html and "Leverandøren er forsinket." in html


def test_a_bad_percentage_shows_the_error_and_keeps_what_was_typed(client, world, overdue_action):
    client.force_login(world[RoleLevel.LEADER])

    response = client.post(
        _progress_url(overdue_action),
        {"status": "in_progress", "percent": "150", "text": "Det meste er gjort."},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved." in html
    assert "Det meste er gjort." in html
    assert ProgressUpdate.objects.count() == 0


def test_the_action_page_shows_the_frozen_text_beside_the_history(client, world, overdue_action):
    services.action_progress_record(
        action=overdue_action,
        actor=world[RoleLevel.WORKPLACE],
        status=ProgressStatus.IN_PROGRESS,
        text="Første skilt er oppe.",
    )
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("followup:action", args=[overdue_action.pk]))

    html = response.content.decode()
    assert "Skilte i borgerservice" in html
    assert "Første skilt er oppe." in html
    assert "Record progress" not in html  # an employee reads, and does not write


def test_the_version_follow_up_lists_each_action_with_its_current_status(
    client, world, overdue_action
):
    services.action_progress_record(
        action=overdue_action, actor=world[RoleLevel.LEADER], status=ProgressStatus.DONE
    )
    client.force_login(world[RoleLevel.POLITICIAN])

    response = client.get(reverse("followup:version", args=[world.adopted.pk]))

    rows = {a.title: (a.progress_status, a.is_overdue) for a in response.context["actions"]}
    assert rows == {
        "Skilte i borgerservice": ("done", False),
        "Ny hjemmeside": ("planned", False),
        "Afsluttet kampagne": ("done", False),
    }


def test_the_version_page_links_to_its_follow_up(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("strategies:version_detail", args=[world.adopted.pk]))

    assert reverse("followup:version", args=[world.adopted.pk]) in response.content.decode()


def test_action_and_version_pages_read_a_fixed_number_of_queries(client, world, overdue_action):
    client.force_login(world[RoleLevel.LEADER])
    urls = [
        reverse("followup:action", args=[overdue_action.pk]),
        reverse("followup:version", args=[world.adopted.pk]),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for n in range(10):
        services.action_progress_record(
            action=overdue_action,
            actor=world[RoleLevel.LEADER],
            status=ProgressStatus.IN_PROGRESS,
            percent=n * 10,
            text=f"Skridt {n}",
        )
    assert counts() == before
