"""The quarter's check-ins of a unit: one form, one save, who registers, who reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.obligations import selectors
from apps.obligations.models import CheckIn, CheckInStatus, quarter_start
from apps.organisations.models import RoleLevel
from tests.factories import UserFactory
from tests.obligations.factories import CheckInFactory, grow, person, today


def _url(unit):
    return reverse("obligations:check_ins", args=[unit.pk])


def _row_url(unit, obligation):
    return reverse("obligations:check_in_row", args=[unit.pk, obligation.token])


def _owed(world):
    """What Borgerservice owes a check-in for, in the page's order."""
    return selectors.owed_by(
        selectors.obligation_index(world.organisation), selectors.unit_leaders(world.workplace)
    )


def _filled(obligations, **by_text):
    """The POST of the whole page: every obligation's hidden token, and a status and a
    note for those named in `by_text` (text -> (status, note))."""
    data = {"obligation": [o.token for o in obligations]}
    for o in obligations:
        status, note = by_text.get(o.text, ("", ""))
        data[f"{o.token}-status"] = status
        data[f"{o.token}-note"] = note
    return data


def _all(obligations, status=CheckInStatus.ON_TRACK):
    return {o.text: (status, f"Noten til {o.text}") for o in obligations}


def test_the_check_in_page_is_one_form_with_one_save_all_and_a_save_for_each_row(
    client, world
):
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(_url(world.workplace))

    owed = _owed(world)
    assert response.status_code == 200
    assert len(owed) == 6  # leader, workplace and (inherited) centre duties
    assert response.text.count('class="kompas-check-in-form"') == 1
    form = response.text.split('class="kompas-check-in-form"')[1].split("</form>")[0]
    assert form.count(">Save the check-ins</button>") == 1
    # Each row's own button (htmx) sends that row's fields only.
    assert form.count('type="submit"') == 1 + len(owed)
    for o in owed:
        assert f'hx-post="{_row_url(world.workplace, o)}"' in form
        assert f'hx-params="csrfmiddlewaretoken,{o.token}-status,{o.token}-note,' in form
    assert form.count('name="obligation"') == len(owed)
    assert "</form>" not in response.text.split('class="kompas-check-in-form"')[1].split(
        owed[-1].token + '-note"'
    )[0]


def test_leader_fills_in_every_check_in_and_one_save_records_them_all(client, world):
    leader = world[RoleLevel.LEADER]
    owed = _owed(world)
    client.force_login(leader)

    response = client.post(_url(world.workplace), _filled(owed, **_all(owed)))

    assert response.status_code == 302
    saved = CheckIn.objects.filter(unit=world.workplace, period=quarter_start(today()))
    assert sorted(c.text for c in saved) == sorted(o.text for o in owed)
    assert {c.recorded_by for c in saved} == {leader}
    assert {c.note for c in saved} == {f"Noten til {o.text}" for o in owed}
    page = client.get(response.url)
    assert "6 check-ins have been saved." in page.text
    assert "6 of 6 check-ins registered this quarter." in page.text


def test_obligations_left_empty_are_skipped_and_the_rest_saved(client, world):
    owed = _owed(world)
    client.force_login(world[RoleLevel.LEADER])

    client.post(_url(world.workplace), _filled(owed, **{
        owed[0].text: (CheckInStatus.NEEDS_ATTENTION, ""),
        owed[3].text: (CheckInStatus.NOT_STARTED, "Efter sommer."),
    }))

    assert sorted(CheckIn.objects.values_list("text", "status")) == sorted([
        (owed[0].text, CheckInStatus.NEEDS_ATTENTION), (owed[3].text, CheckInStatus.NOT_STARTED),
    ])


def test_one_bad_check_in_saves_none_and_keeps_everything_typed(client, world):
    owed = _owed(world)
    client.force_login(world[RoleLevel.LEADER])
    typed = _all(owed)
    typed[owed[2].text] = (CheckInStatus.ON_TRACK, "x" * 501)  # past the textarea's maxlength
    typed[owed[4].text] = ("", "En note uden status")

    response = client.post(_url(world.workplace), _filled(owed, **typed))

    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    assert "Nothing was saved." in response.text
    for o in owed:
        assert typed[o.text][1] in response.text
    assert response.text.count('checked>') == 5
    assert f'href="#id_{owed[2].token}-note"' in response.text
    assert f'href="#id_{owed[4].token}-status_0"' in response.text
    assert "a note is saved with a status" in response.text
    assert f'id="id_{owed[4].token}-status-error"' in response.text


def test_saving_the_page_again_leaves_unchanged_check_ins_and_who_registered_them(client, world):
    manager = world[RoleLevel.WORKPLACE]
    owed = _owed(world)
    first = CheckInFactory(
        organisation=world.organisation, unit=world.workplace, strategy_id=owed[0].strategy_id,
        text_hash=owed[0].text_hash, text=owed[0].text, role_level=owed[0].role_level,
        version=world.adopted, status=CheckInStatus.ON_TRACK, note="Fint.", recorded_by=manager,
    )
    leader = world[RoleLevel.LEADER]
    client.force_login(leader)

    client.post(_url(world.workplace), _filled(owed, **{
        owed[0].text: (CheckInStatus.ON_TRACK, "Fint."),
        owed[1].text: (CheckInStatus.NOT_STARTED, ""),
    }))

    first.refresh_from_db()
    assert first.recorded_by == manager
    assert CheckIn.objects.get(text=owed[1].text).recorded_by == leader
    assert AuditEvent.objects.filter(verb__startswith="obligation.check_in").count() == 1


def test_pressing_save_with_nothing_filled_in_saves_nothing_and_says_so(client, world):
    owed = _owed(world)
    client.force_login(world[RoleLevel.LEADER])

    response = client.post(_url(world.workplace), _filled(owed), follow=True)

    assert not CheckIn.objects.exists()
    assert "Nothing was saved: no check-in was filled in or changed." in response.text


def test_an_obligation_changed_since_the_page_was_opened_saves_nothing_and_shows_the_note(
    client, world
):
    owed = _owed(world)
    client.force_login(world[RoleLevel.LEADER])
    data = _filled(owed, **_all(owed))
    gone = f"{owed[0].strategy_id}-{'0' * 64}"
    data["obligation"].append(gone)
    data[f"{gone}-status"] = CheckInStatus.ON_TRACK
    data[f"{gone}-note"] = "Teksten fra den gamle version"

    response = client.post(_url(world.workplace), data)

    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    assert "no longer in force" in response.text
    assert "Teksten fra den gamle version" in response.text


def test_each_check_in_shows_who_registered_it(client, world):
    manager = world[RoleLevel.WORKPLACE]
    manager.full_name = "Mette Virksomhedsleder"
    manager.save()
    owed = _owed(world)
    client.force_login(manager)
    client.post(
        _url(world.workplace), _filled(owed, **{owed[0].text: (CheckInStatus.ON_TRACK, "")})
    )
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(_url(world.workplace))

    assert "Registered by Mette Virksomhedsleder on" in response.text


def test_the_page_names_the_leaders_and_managers_who_register_for_the_unit(client, world):
    world[RoleLevel.LEADER].full_name = "Lars Leder"
    world[RoleLevel.LEADER].save()
    world[RoleLevel.WORKPLACE].full_name = "Mette Virksomhedsleder"
    world[RoleLevel.WORKPLACE].save()
    world[RoleLevel.EMPLOYEE].full_name = "Emil Medarbejder"
    world[RoleLevel.EMPLOYEE].save()
    client.force_login(world[RoleLevel.CENTRE])

    response = client.get(_url(world.workplace))

    assert "Lars Leder (leader)" in response.text
    assert "Mette Virksomhedsleder (workplace manager)" in response.text
    assert "Emil Medarbejder" not in response.text
    assert "Only its own leaders and managers can register them." in response.text


def test_a_centre_manager_reads_the_check_ins_of_a_workplace_below_without_a_form(client, world):
    owed = _owed(world)
    client.force_login(world[RoleLevel.LEADER])
    client.post(_url(world.workplace), _filled(owed, **{
        owed[0].text: (CheckInStatus.NEEDS_ATTENTION, "Mangler tid til kurset."),
    }))
    client.force_login(world[RoleLevel.CENTRE])

    response = client.get(_url(world.workplace))

    assert response.status_code == 200
    assert "Mangler tid til kurset." in response.text
    assert "Needs attention" in response.text
    assert "kompas-check-in-form" not in response.text
    assert 'type="radio"' not in response.text


def test_a_leader_reads_why_an_inherited_duty_applies_on_the_check_in_page(client, world):
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(_url(world.workplace))

    assert (
        "This applies to you as leader in Borgerservice, because the duties of the centre "
        "Center for Kultur also apply to its workplaces and leaders."
    ) in response.text
    assert "This applies to you as leader in Borgerservice." in response.text


# --- Who may do what: role x action x unit, the exact status code --------------------

OUTSIDER = "leader of another organisation"
ANONYMOUS = "not signed in"


def _who(world, other_organisation, who):
    if who == OUTSIDER:
        return person(other_organisation, RoleLevel.LEADER)
    if who == ANONYMOUS:
        return None
    return world[who]


MATRIX = [
    # who, unit, GET, POST
    (RoleLevel.LEADER, "workplace", 200, 302),
    (RoleLevel.WORKPLACE, "workplace", 200, 302),
    (RoleLevel.CENTRE, "workplace", 200, 403),
    (RoleLevel.EXECUTIVE_BOARD, "workplace", 200, 403),
    (RoleLevel.COMMUNICATIONS, "workplace", 200, 403),
    (RoleLevel.EMPLOYEE, "workplace", 404, 404),
    (RoleLevel.POLITICIAN, "workplace", 404, 404),
    (OUTSIDER, "workplace", 404, 404),
    (ANONYMOUS, "workplace", 302, 302),
    (RoleLevel.CENTRE, "centre", 200, 302),
    (RoleLevel.LEADER, "centre", 404, 404),
    (RoleLevel.WORKPLACE, "centre", 404, 404),
    (RoleLevel.CENTRE, "comms_unit", 404, 404),
]


@pytest.mark.parametrize(("who", "unit", "get_status", "post_status"), MATRIX)
def test_check_in_permission_matrix(
    client, world, other_organisation, who, unit, get_status, post_status
):
    user = _who(world, other_organisation, who)
    if user is not None:
        client.force_login(user)
    target = getattr(world, unit)
    leaders = selectors.unit_leaders(target)
    index = selectors.obligation_index(world.organisation)
    owed = index.for_assignments({(a.role_level, a.unit_id) for a in leaders})
    data = _filled(owed, **{o.text: (CheckInStatus.ON_TRACK, "") for o in owed[:1]})

    assert client.get(_url(target)).status_code == get_status
    assert client.post(_url(target), data).status_code == post_status
    assert CheckIn.objects.exists() == (post_status == 302 and user is not None)


# --- Query counts ----------------------------------------------------------------


def _count(client, url, method="get", data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    return response, len(queries)


@pytest.mark.parametrize("role_level", [RoleLevel.LEADER, RoleLevel.CENTRE])
def test_check_in_page_query_count_does_not_grow_with_more_obligations_and_leaders(
    client, world, role_level
):
    client.force_login(world[role_level])
    url = _url(world.workplace)
    client.get(url)
    _, small = _count(client, url)
    grow(world, 3)  # more strategies with obligations, check-ins, people
    for _n in range(3):
        person(world.organisation, RoleLevel.LEADER, world.workplace, user=UserFactory())
    client.get(url)

    response, large = _count(client, url)

    assert response.status_code == 200
    assert large == small


def test_saving_more_check_ins_at_once_costs_the_same_queries_for_each(client, world):
    owed = _owed(world)
    client.force_login(world[RoleLevel.LEADER])
    url = _url(world.workplace)
    counts = []
    for n in (1, 2, 4):
        CheckIn.objects.all().delete()
        _, queries = _count(client, url, "post", _filled(owed, **{
            o.text: (CheckInStatus.ON_TRACK, "") for o in owed[:n]
        }))
        counts.append(queries)

    one, two, four = counts
    assert CheckIn.objects.count() == 4
    assert four - two == 2 * (two - one)


# --- Two people on the same unit's form ------------------------------------------


def _page_values(html, token):
    """The hidden values the page sent along for one obligation."""
    import re

    def value(name):
        match = re.search(rf'name="{re.escape(token)}-{name}" value="([^"]*)"', html)
        return match.group(1) if match else ""

    return {f"{token}-{name}": value(name) for name in ("seen", "was-status", "was-note")}


def _form_as_shown(html, owed, **typed):
    data = _filled(owed, **typed)
    for o in owed:
        data.update(_page_values(html, o.token))
    return data


def test_a_row_left_as_it_was_does_not_undo_what_someone_else_registered_meanwhile(
    client, world
):
    owed = _owed(world)
    client.force_login(world[RoleLevel.LEADER])
    opened = client.get(_url(world.workplace)).text
    other = type(client)()
    other.force_login(world[RoleLevel.WORKPLACE])
    other.post(_url(world.workplace), _filled(owed, **{
        owed[0].text: (CheckInStatus.NEEDS_ATTENTION, "Vi mangler folk."),
    }))

    # The leader's page still shows the first obligation empty; they fill in the second.
    client.post(_url(world.workplace), _form_as_shown(opened, owed, **{
        owed[1].text: (CheckInStatus.ON_TRACK, ""),
    }))

    first = CheckIn.objects.get(text=owed[0].text)
    assert (first.status, first.note, first.recorded_by) == (
        CheckInStatus.NEEDS_ATTENTION, "Vi mangler folk.", world[RoleLevel.WORKPLACE]
    )
    assert CheckIn.objects.get(text=owed[1].text).recorded_by == world[RoleLevel.LEADER]


def test_changing_a_row_someone_else_registered_meanwhile_asks_first_and_keeps_the_text(
    client, world
):
    owed = _owed(world)
    manager = world[RoleLevel.WORKPLACE]
    manager.full_name = "Mette Virksomhedsleder"
    manager.save()
    first = _filled(owed, **{owed[0].text: (CheckInStatus.ON_TRACK, "Første udgave.")})
    client.force_login(manager)
    client.post(_url(world.workplace), first)
    client.force_login(world[RoleLevel.LEADER])
    opened = client.get(_url(world.workplace)).text
    client.force_login(manager)
    client.post(_url(world.workplace), _form_as_shown(opened, owed, **{
        owed[0].text: (CheckInStatus.NEEDS_ATTENTION, "Mettes nye udgave."),
    }))
    client.force_login(world[RoleLevel.LEADER])

    response = client.post(_url(world.workplace), _form_as_shown(opened, owed, **{
        owed[0].text: (CheckInStatus.NOT_STARTED, "Lederens udgave."),
        owed[1].text: (CheckInStatus.ON_TRACK, ""),
    }))

    assert response.status_code == 200
    assert "Meanwhile Mette Virksomhedsleder registered this check-in" in response.text
    assert "Lederens udgave." in response.text
    assert CheckIn.objects.get(text=owed[0].text).note == "Mettes nye udgave."
    assert not CheckIn.objects.filter(text=owed[1].text).exists()
    again = client.post(_url(world.workplace), _form_as_shown(response.text, owed, **{
        owed[0].text: (CheckInStatus.NOT_STARTED, "Lederens udgave."),
        owed[1].text: (CheckInStatus.ON_TRACK, ""),
    }))
    assert again.status_code == 302
    assert CheckIn.objects.get(text=owed[0].text).note == "Lederens udgave."


def _carriers(page: str) -> dict[str, str]:
    """Each obligation's text on the page, with its "In this unit, this is a duty of …"."""
    import re

    sections = re.findall(
        r'<p class="font-lead" id="[^"]+-text"[^>]*>([^<]+)</p>\s*'
        r'(?:<p class="kompas-item-meta kompas-reason">In this unit, this is a duty of '
        r'([^<]+)\.</p>)?',
        page,
    )
    return {text: people for text, people in sections}


def test_someone_following_up_reads_which_of_the_units_leaders_carries_each_obligation(
    client, world
):
    world[RoleLevel.LEADER].full_name = "Lars Leder"
    world[RoleLevel.LEADER].save()
    world[RoleLevel.WORKPLACE].full_name = "Mette Virksomhedsleder"
    world[RoleLevel.WORKPLACE].save()
    second = person(world.organisation, RoleLevel.LEADER, world.workplace)
    second.full_name = "Lone Leder"
    second.save()
    client.force_login(world[RoleLevel.CENTRE])

    carriers = _carriers(client.get(_url(world.workplace)).text)

    assert carriers["Sikre kompetencerne"] == "Lars Leder, Lone Leder"
    # The workplace's duties are also its leaders' (in the order the page names them).
    assert carriers["Sikre det faglige indhold"] == (
        "Lars Leder, Lone Leder, Mette Virksomhedsleder"
    )
    assert len(carriers) == len(_owed(world))


def test_the_form_shows_the_quarters_registration_checked_in_the_leaders_language(client, world):
    leader = world[RoleLevel.LEADER]
    leader.preferred_language = "da"
    leader.save()
    owed = _owed(world)
    client.force_login(leader)
    client.post(_url(world.workplace), _filled(owed, **{
        owed[1].text: (CheckInStatus.NEEDS_ATTENTION, ""),
    }))

    page = client.get(_url(world.workplace)).text

    token = owed[1].token
    assert (
        f'<input type="radio" class="form-radio" name="{token}-status" '
        f'id="id_{token}-status_1" value="needs_attention" checked>'
    ) in page
    assert page.count(" checked>") == 1
    assert page.count('<legend class="form-label">Hvordan går arbejdet?</legend>') == len(owed)
    assert page.count(f'<label for="id_{owed[0].token}-status_0">Går som planlagt</label>') == 1


def test_the_forms_of_one_page_share_their_fields_and_keep_their_own_values_and_errors():
    from apps.obligations.forms import CheckInForm

    wrong = CheckInForm({"a-status": "", "a-note": "x" * 501}, prefix="a")
    right = CheckInForm({"b-status": CheckInStatus.ON_TRACK, "b-note": "Fint"}, prefix="b")

    assert not wrong.is_valid() and right.is_valid()
    assert set(wrong.errors) == {"note"} and not right.errors
    assert right.cleaned_data == {"status": CheckInStatus.ON_TRACK, "note": "Fint"}
    assert right["status"].value() == CheckInStatus.ON_TRACK and wrong["status"].value() == ""
    # Not copied for each of the page's hundreds of forms.
    assert wrong.fields["note"] is right.fields["note"]
