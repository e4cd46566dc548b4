"""The annual wheel is drawn as a wheel of twelve named months, its table names the
months too (#15.6, #20), on the version's page as on the public page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.strategies import annual_wheel
from apps.strategies import models as sm
from tests.factories import SectionFactory, StrategyFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(organisation):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    SectionFactory(version=draft)
    for title, month in (("Budgetseminar", 3), ("Årsberetning", 3), ("Borgermøde", 11)):
        sm.AnnualWheelEvent.objects.create(version=draft, title=title, month=month)
    return mark_adopted(draft)


def _page(client, organisation, member_of, version, language="en"):
    person = member_of(organisation)
    person.preferred_language = language
    person.save()
    client.force_login(person)
    return client.get(reverse("strategies:version_detail", args=[version.pk])).content.decode()


def _table_months(html):
    table = html.split('id="annual-wheel-caption"')[1].split("</table>")[0]
    return re.findall(r'<tr id="event-\d+"><td>([^<]*)</td>', table)


def test_the_table_names_the_months_instead_of_numbering_them(
    client, organisation, member_of, version
):
    html = _page(client, organisation, member_of, version)
    assert _table_months(html) == ["March", "March", "November"]


def test_the_month_names_are_in_the_readers_language(client, organisation, member_of, version):
    html = _page(client, organisation, member_of, version, language="da")
    assert _table_months(html) == ["Marts", "Marts", "November"]


def test_the_wheel_is_an_svg_of_twelve_named_months_with_the_number_of_events(
    client, organisation, member_of, version
):
    html = _page(client, organisation, member_of, version)
    svg = html.split('<svg class="kompas-wheel-svg"')[1].split("</svg>")[0]
    labels = re.findall(r'class="kompas-wheel-label"[^>]*>([^<]+)</text>', svg)
    assert labels == [annual_wheel.month_name(m) for m in range(1, 13)]
    assert labels[0] == "January"
    counts = re.findall(r'class="kompas-wheel-count"[^>]*>(\d+)</text>', svg)
    assert counts == ["2", "1"]
    assert svg.count('class="kompas-wheel-sector"') == 12


def test_the_wheel_is_an_image_whose_text_alternative_points_to_the_table(
    client, organisation, member_of, version
):
    html = _page(client, organisation, member_of, version)
    svg_open = html.split('<svg class="kompas-wheel-svg"')[1].split(">")[0]
    assert 'role="img"' in svg_open
    assert 'aria-labelledby="annual-wheel-svg-title annual-wheel-svg-desc"' in svg_open
    assert 'id="annual-wheel-svg-desc"' in html


def test_january_starts_at_the_top_and_the_year_runs_clockwise():
    months = annual_wheel.wheel([])
    january, april = months[0], months[3]
    assert january.label_y < annual_wheel.CENTRE
    assert january.label_x > annual_wheel.CENTRE  # the first half hour of the clock
    assert april.label_x > annual_wheel.CENTRE and april.label_y > annual_wheel.CENTRE - 1


def test_month_names_follow_the_active_language():
    with translation.override("sv"):
        assert annual_wheel.month_name(5) == "Maj"
    with translation.override("nb"):
        assert annual_wheel.month_name(10) == "Oktober"


def test_the_wheels_coordinates_use_a_decimal_point_in_every_language(
    client, organisation, member_of, version
):
    html = _page(client, organisation, member_of, version, language="da")
    svg = html.split('<svg class="kompas-wheel-svg"')[1].split("</svg>")[0]
    coordinates = re.findall(r'(?:cx|cy|x|y)="([^"]*)"', svg)
    assert coordinates
    assert [c for c in coordinates if "," in c] == []
