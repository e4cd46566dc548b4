import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.followup import services
from apps.followup.indicators import version_indicators
from apps.followup.models import Measurement
from apps.followup.periods import period_label, period_parse
from apps.followup.targets import target_status
from apps.organisations.models import RoleLevel

from .conftest import adopt_next_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "kind", "start", "label"),
    [
        ("2025", "year", datetime.date(2025, 1, 1), "2025"),
        ("2025-Q3", "quarter", datetime.date(2025, 7, 1), "2025-Q3"),
        ("2025 K4", "quarter", datetime.date(2025, 10, 1), "2025-Q4"),
        ("2025-7", "month", datetime.date(2025, 7, 1), "2025-07"),
    ],
)
def test_periods_are_read_as_people_write_them(text, kind, start, label):
    assert period_parse(text) == (kind, start)
    assert period_label(kind, start) == label


@pytest.mark.parametrize("text", ["", "25", "2025-Q5", "2025-13", "juli 2025"])
def test_a_period_that_is_not_one_says_how_to_write_it(text):
    with pytest.raises(ValidationError) as error:
        period_parse(text)
    assert "2025-Q3" in error.value.messages[0]


@pytest.mark.parametrize(
    ("value", "target", "baseline", "higher", "status"),
    [
        (80, 80, 50, True, "on_track"),
        (70, 80, 50, True, "at_risk"),
        (60, 80, 50, True, "off_track"),
        (12, 10, 30, False, "at_risk"),  # waiting time: lower is better
        (25, 10, 30, False, "off_track"),
        (9, 10, None, False, "on_track"),
        (75, 80, None, True, "at_risk"),
        (60, 80, None, True, "off_track"),
        (60, None, 50, True, None),
        (None, 80, 50, True, None),
    ],
)
def test_status_against_target(value, target, baseline, higher, status):
    assert (
        target_status(value=value, target=target, baseline=baseline, higher_is_better=higher)
        == status
    )


def _record(indicator, actor, period="2025", value="65", **kwargs):
    return services.measurement_record(
        indicator=indicator, actor=actor, period=period, value=Decimal(value), **kwargs
    )


def test_the_communications_department_enters_a_measurement(world, measured):
    comms = world[RoleLevel.COMMUNICATIONS]

    m = _record(measured, comms, "2025-Q2", "65.5", note="Ny måling", source="Borgerpanelet")

    assert (m.period_kind, m.period_start, m.value, m.note, m.source, m.entered_by) == (
        "quarter",
        datetime.date(2025, 4, 1),
        Decimal("65.5"),
        "Ny måling",
        "Borgerpanelet",
        comms,
    )
    assert AuditEvent.objects.filter(verb="indicator.measurement").count() == 1


def test_a_second_value_for_the_same_period_replaces_the_first_and_the_audit_keeps_it(
    world, measured
):
    comms = world[RoleLevel.COMMUNICATIONS]
    _record(measured, comms, "2025", "60")

    _record(measured, comms, "2025", "62")

    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal("62")]
    events = AuditEvent.objects.filter(verb="indicator.measurement").order_by("pk")
    assert [e.data["replaced"] for e in events] == [None, "60.0000"]


@pytest.mark.parametrize("role_level", [RoleLevel.LEADER, RoleLevel.EXECUTIVE_BOARD])
def test_others_cannot_enter_measurements(world, measured, role_level):
    with pytest.raises(PermissionDenied):
        _record(measured, world[role_level])
    assert Measurement.objects.count() == 0


def test_a_bad_measurement_is_refused_with_every_reason_and_nothing_written(world, measured):
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            indicator=measured,
            actor=world[RoleLevel.COMMUNICATIONS],
            period="i år",
            value=None,
            note="x" * 501,
        )

    assert sorted(error.value.message_dict) == ["note", "period", "value"]
    assert Measurement.objects.count() == 0


def test_measurements_carry_over_to_the_next_adopted_version(world, measured):
    _record(measured, world[RoleLevel.COMMUNICATIONS], "2025", "70")
    world.adopted = measured.version

    newer = adopt_next_version(world)

    series = version_indicators(newer)
    assert [(s.indicator.name, [m.value for m in s.measurements], s.status) for s in series] == [
        ("Andel borgere, der forstår brevet", [Decimal("70")], "at_risk")
    ]


def test_the_follow_up_page_shows_chart_and_table_and_the_form_saves(client, world, measured):
    client.force_login(world[RoleLevel.COMMUNICATIONS])
    url = reverse("followup:measurement_add", args=[measured.version_id])

    response = client.post(
        url,
        {
            "indicator": measured.pk,
            "period": "2025-Q1",
            "value": "81",
            "note": "",
            "source": "",
        },
    )
    page = client.get(response.url.split("#")[0])

    assert response.status_code == 302
    html = page.content.decode()
    assert "<svg" in html and "Measured values of Andel borgere, der forstår brevet" in html
    assert "On track" in html  # in words, not colour alone
    assert '<th scope="row">2025-Q1</th>' in html


def test_a_bad_measurement_in_the_form_shows_why_and_keeps_what_was_typed(client, world, measured):
    client.force_login(world[RoleLevel.COMMUNICATIONS])

    response = client.post(
        reverse("followup:measurement_add", args=[measured.version_id]),
        {"indicator": measured.pk, "period": "sidste år", "value": "81", "source": "Måling"},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Write the period as a year (2025)" in html and 'value="sidste år"' in html


@pytest.mark.parametrize(
    ("role_level", "status"),
    [
        (RoleLevel.COMMUNICATIONS, 302),
        (RoleLevel.LEADER, 403),
        (RoleLevel.POLITICIAN, 403),
        (RoleLevel.EMPLOYEE, 403),
    ],
)
def test_who_may_enter_measurements(client, world, measured, role_level, status):
    client.force_login(world[role_level])

    response = client.post(
        reverse("followup:measurement_add", args=[measured.version_id]),
        {"indicator": measured.pk, "period": "2025", "value": "70"},
    )

    assert response.status_code == status


def test_the_executive_dashboard_and_the_version_page_show_the_indicator(client, world, measured):
    _record(measured, world[RoleLevel.COMMUNICATIONS], "2025", "55")
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    dashboard = client.get(reverse("dashboards:executive")).content.decode()
    version_page = client.get(
        reverse("strategies:version_detail", args=[measured.version_id])
    ).content.decode()

    for html in (dashboard, version_page):
        assert "Andel borgere, der forstår brevet" in html
        assert "Off track" in html
        assert f'id="indicator-{measured.pk}-caption"' in html


def _queries(client, url):
    cache.clear()  # rendered, not the kept page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_indicator_pages_read_a_fixed_number_of_queries(client, world, measured):
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])
    urls = [
        reverse("followup:version", args=[measured.version_id]),
        reverse("dashboards:executive"),
    ]
    comms = world[RoleLevel.COMMUNICATIONS]
    _record(measured, comms, "2020", "50")
    for url in urls:
        client.get(url)
    before = [_queries(client, url) for url in urls]

    for year in range(2021, 2026):
        _record(measured, comms, str(year), str(50 + year - 2020))
    after = [_queries(client, url) for url in urls]

    assert after == before
