"""One row of the check-in page saved on its own (htmx): the row comes back as it is
now, the page's count with it, and nothing typed elsewhere on the page is touched."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.obligations import selectors
from apps.obligations.models import CheckIn, CheckInStatus
from apps.organisations.models import RoleLevel
from tests.factories import UserFactory
from tests.obligations.factories import grow, person

HTMX = {"HX-Request": "true"}


def _page_url(unit):
    return reverse("obligations:check_ins", args=[unit.pk])


def _row_url(unit, obligation):
    return reverse("obligations:check_in_row", args=[unit.pk, obligation.token])


def _owed(unit):
    """What the unit owes a check-in for, in the page's order."""
    return selectors.owed_by(
        selectors.obligation_index(unit.organisation), selectors.unit_leaders(unit)
    )


def _row(html, obligation, status="", note=""):
    """What the row's button sends: the row's fields as `html` shows them, with the
    status and note typed in."""
    token = obligation.token

    def hidden(name):
        found = re.search(rf'name="{re.escape(token)}-{name}" value="([^"]*)"', html)
        assert found, f"{token}-{name} is not on the page"
        return found[1]

    return {
        f"{token}-status": status,
        f"{token}-note": note,
        **{f"{token}-{name}": hidden(name) for name in ("seen", "was-status", "was-note")},
    }


def _save(client, unit, obligation, page, **typed):
    return client.post(
        _row_url(unit, obligation), _row(page, obligation, **typed), headers=HTMX
    )


def test_saving_one_row_records_that_check_in_only_and_answers_with_the_row_and_count(
    client, world
):
    owed = _owed(world.workplace)
    client.force_login(world[RoleLevel.LEADER])
    page = client.get(_page_url(world.workplace)).text

    response = _save(client, world.workplace, owed[1], page,
                     status=CheckInStatus.NEEDS_ATTENTION, note="Vi mangler en ny skabelon.")

    assert response.status_code == 200
    (saved,) = CheckIn.objects.filter(unit=world.workplace)
    assert (saved.text, saved.status, saved.note, saved.recorded_by) == (
        owed[1].text, CheckInStatus.NEEDS_ATTENTION, "Vi mangler en ny skabelon.",
        world[RoleLevel.LEADER],
    )
    answer = response.text
    assert answer.count('class="kompas-check-in"') == 1
    assert f'id="{owed[1].token}"' in answer
    assert "This check-in has been saved." in answer
    assert "Registered by" in answer
    assert "Vi mangler en ny skabelon.</textarea>" in answer
    assert "data-unsaved" not in answer
    assert re.search(r'id="check-ins-recorded" hx-swap-oob="innerHTML">\s*1 of 6 check-ins', answer)
    assert "<html" not in answer


def test_a_saved_row_can_be_changed_again_from_its_answer_without_a_conflict(client, world):
    owed = _owed(world.workplace)
    client.force_login(world[RoleLevel.LEADER])
    page = client.get(_page_url(world.workplace)).text
    first = _save(client, world.workplace, owed[0], page, status=CheckInStatus.NOT_STARTED)

    again = _save(client, world.workplace, owed[0], first.text,
                  status=CheckInStatus.ON_TRACK, note="Nu er vi i gang.")

    assert "This check-in has been saved." in again.text
    check_in = CheckIn.objects.get(unit=world.workplace, text=owed[0].text)
    assert (check_in.status, check_in.note) == (CheckInStatus.ON_TRACK, "Nu er vi i gang.")
    assert AuditEvent.objects.filter(verb="obligation.check_in_update").count() == 1


def test_saving_a_row_again_as_it_is_saves_nothing_and_says_so(client, world):
    owed = _owed(world.workplace)
    client.force_login(world[RoleLevel.LEADER])
    page = client.get(_page_url(world.workplace)).text
    first = _save(client, world.workplace, owed[0], page, status=CheckInStatus.ON_TRACK)
    events = AuditEvent.objects.count()

    again = _save(client, world.workplace, owed[0], first.text, status=CheckInStatus.ON_TRACK)
    # A double click: the second press still carries what the page first showed.
    twice = _save(client, world.workplace, owed[0], page, status=CheckInStatus.ON_TRACK)

    for answer in (again, twice):
        assert answer.status_code == 200
        assert "Nothing was saved: choose how the work is going" in answer.text
        assert "Meanwhile" not in answer.text
    assert AuditEvent.objects.count() == events
    assert CheckIn.objects.count() == 1


def test_a_row_saved_untouched_after_someone_else_registered_it_shows_theirs(client, world):
    owed = _owed(world.workplace)
    client.force_login(world[RoleLevel.LEADER])
    page = client.get(_page_url(world.workplace)).text
    other = type(client)()
    other.force_login(world[RoleLevel.WORKPLACE])
    _save(other, world.workplace, owed[0], other.get(_page_url(world.workplace)).text,
          status=CheckInStatus.NEEDS_ATTENTION, note="Mettes udgave.")

    # The leader's row still shows it empty; they press its button without typing.
    response = _save(client, world.workplace, owed[0], page)

    assert "Nothing was saved" in response.text
    assert "Mettes udgave.</textarea>" in response.text
    assert 'value="needs_attention" checked' in response.text
    assert "data-unsaved" not in response.text
    assert CheckIn.objects.get(text=owed[0].text).note == "Mettes udgave."


def test_a_row_with_a_note_and_no_status_saves_nothing_and_keeps_the_note_unsaved(
    client, world
):
    owed = _owed(world.workplace)
    client.force_login(world[RoleLevel.LEADER])
    page = client.get(_page_url(world.workplace)).text

    response = _save(client, world.workplace, owed[0], page, note="En note uden status.")

    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    answer = response.text
    assert "This check-in was not saved. Correct it below" in answer
    assert 'role="alert"' in answer
    assert "a note is saved with a status" in answer
    # The note is back in its field, marked as not saved (the page warns before leaving).
    assert re.search(r"data-unsaved>En note uden status\.</textarea>", answer)
    assert re.search(r'id="check-ins-recorded" hx-swap-oob="innerHTML">\s*0 of 6 check-ins', answer)


def test_a_row_someone_else_registered_meanwhile_asks_first_and_keeps_the_text(
    client, world
):
    owed = _owed(world.workplace)
    manager = world[RoleLevel.WORKPLACE]
    manager.full_name = "Mette Virksomhedsleder"
    manager.save()
    client.force_login(world[RoleLevel.LEADER])
    page = client.get(_page_url(world.workplace)).text
    other = type(client)()
    other.force_login(manager)
    _save(other, world.workplace, owed[0], other.get(_page_url(world.workplace)).text,
          status=CheckInStatus.NEEDS_ATTENTION, note="Mettes udgave.")

    response = _save(client, world.workplace, owed[0], page,
                     status=CheckInStatus.ON_TRACK, note="Lederens udgave.")

    assert "Meanwhile Mette Virksomhedsleder registered this check-in" in response.text
    assert "Lederens udgave.</textarea>" in response.text
    assert CheckIn.objects.get(text=owed[0].text).note == "Mettes udgave."
    # Sent again from the answer, it replaces Mette's.
    again = _save(client, world.workplace, owed[0], response.text,
                  status=CheckInStatus.ON_TRACK, note="Lederens udgave.")
    assert "This check-in has been saved." in again.text
    assert CheckIn.objects.get(text=owed[0].text).note == "Lederens udgave."


def test_a_row_the_unit_no_longer_owes_saves_nothing_and_shows_the_note_typed(client, world):
    owed = _owed(world.workplace)
    client.force_login(world[RoleLevel.LEADER])
    page = client.get(_page_url(world.workplace)).text
    data = _row(page, owed[0], status=CheckInStatus.ON_TRACK, note="Teksten fra før.")
    gone = f"{owed[0].strategy_id}-{'0' * 64}"
    data = {key.replace(owed[0].token, gone): value for key, value in data.items()}

    response = client.post(
        reverse("obligations:check_in_row", args=[world.workplace.pk, gone]), data,
        headers=HTMX,
    )

    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    assert "the unit no longer owes this obligation" in response.text
    assert "Teksten fra før." in response.text
    assert "0 of 6 check-ins" in response.text


@pytest.mark.parametrize(("who", "status"), [
    (RoleLevel.WORKPLACE, 200),
    (RoleLevel.CENTRE, 403),  # follows the unit up: reads, does not register
    (RoleLevel.COMMUNICATIONS, 403),
    (RoleLevel.EMPLOYEE, 404),
    (RoleLevel.POLITICIAN, 404),
])
def test_only_the_units_own_leaders_save_a_row(client, world, who, status):
    (obligation, *_rest) = _owed(world.workplace)
    client.force_login(world[who])
    data = {f"{obligation.token}-status": CheckInStatus.ON_TRACK}

    response = client.post(_row_url(world.workplace, obligation), data, headers=HTMX)

    assert response.status_code == status
    assert CheckIn.objects.exists() == (status == 200)


def test_a_row_of_another_organisations_unit_is_not_found(client, world, other_organisation):
    (obligation, *_rest) = _owed(world.workplace)
    client.force_login(person(other_organisation, RoleLevel.LEADER))

    response = client.post(
        _row_url(world.workplace, obligation),
        {f"{obligation.token}-status": CheckInStatus.ON_TRACK}, headers=HTMX,
    )

    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_opening_a_rows_address_leads_to_the_page(client, world):
    (obligation, *_rest) = _owed(world.workplace)
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(_row_url(world.workplace, obligation))

    assert response.status_code == 302
    assert response.url == _page_url(world.workplace)


def _queries_of_a_row_save(client, world):
    CheckIn.objects.all().delete()
    (obligation, *_rest) = _owed(world.workplace)
    data = {f"{obligation.token}-status": CheckInStatus.ON_TRACK}
    client.post(_row_url(world.workplace, obligation), data, headers=HTMX)  # warm
    CheckIn.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_row_url(world.workplace, obligation), data, headers=HTMX)
    assert "This check-in has been saved." in response.text
    return len(queries)


def test_a_row_save_costs_the_same_queries_however_much_the_unit_owes(client, world):
    client.force_login(world[RoleLevel.LEADER])
    small = _queries_of_a_row_save(client, world)
    grow(world, 3)  # more strategies with obligations, check-ins, people
    for _n in range(3):
        person(world.organisation, RoleLevel.LEADER, world.workplace, user=UserFactory())

    large = _queries_of_a_row_save(client, world)

    assert large == small


@pytest.mark.parametrize(("registered", "queries"), [(False, 24), (True, 22)])
def test_a_row_save_reads_what_it_knows_once(client, world, registered, queries):
    """The session and person, the unit and the permissions, the organisation's stamp,
    the unit's leaders and the row's own check-in; the check-in written, the follow-up
    kept up to date and the audit row, with their savepoints; the page's count. The
    service does not read the index or the leaders again, nor the audit row the
    version or the unit (a registered row's update would read both)."""
    client.force_login(world[RoleLevel.LEADER])
    (obligation, *_rest) = _owed(world.workplace)
    url = _row_url(world.workplace, obligation)
    client.post(url, {f"{obligation.token}-status": CheckInStatus.ON_TRACK}, headers=HTMX)
    if not registered:
        CheckIn.objects.all().delete()
    page = client.get(_page_url(world.workplace)).text

    with CaptureQueriesContext(connection) as captured:
        response = _save(client, world.workplace, obligation, page,
                         status=CheckInStatus.NOT_STARTED)

    assert "This check-in has been saved." in response.text
    assert len(captured) == queries, "\n".join(q["sql"][:100] for q in captured)
