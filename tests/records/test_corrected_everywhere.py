"""A correction of a decided version's record shows wherever the decision's facts do:
the politician's dashboard, the reviews list, the public pages (with a new ETag), the
open API, the consultation summary and the follow-up report's covers, and the data
an archived PDF carries; the facts as first recorded stay on the version."""

import datetime

import pytest
from django.urls import reverse

from apps.exports import pdf, structured
from apps.organisations.models import RoleLevel
from apps.records.services import record_correct
from apps.strategies.models import StrategyVersion
from tests.public.world import build_public_world

pytestmark = pytest.mark.django_db

CORRECTED_ON = datetime.date(2024, 2, 1)


@pytest.fixture
def world(organisation, member_of, media_root, eager_celery):
    return build_public_world(organisation, member_of)


def _correct(world):
    record_correct(
        version=world.in_force, actor=world.comms,
        changes={"adopted_on": CORRECTED_ON, "adopted_by": "Økonomiudvalget",
                 "case_reference": "24/9999", "adoption_note": ""},
        reason="Referatet viste en anden dato, et andet organ og et andet sagsnummer.",
    )


def test_the_politicians_dashboard_shows_the_corrected_record(client, world, member_of):
    politician = member_of(world.organisation, RoleLevel.POLITICIAN)
    client.force_login(politician)
    before = client.get(reverse("dashboards:politician")).text
    _correct(world)

    after = client.get(reverse("dashboards:politician")).text

    assert "24/9999" not in before and "24/9999" in after
    assert "Økonomiudvalget" in after
    assert "1 February 2024" in after or "01.02.2024" in after or "1 Feb" in after


def test_the_public_page_shows_the_corrected_record_under_a_new_etag(client, world):
    url = reverse("public:strategy", args=[world.organisation.slug, world.published.slug])
    before = client.get(url)
    _correct(world)

    after = client.get(url)
    listing = client.get(reverse("public:organisation", args=[world.organisation.slug])).text

    assert after["ETag"] != before["ETag"]
    assert "24/9999" in after.text and "Økonomiudvalget" in after.text
    assert "24/1234" not in after.text
    assert "Økonomiudvalget" in listing


def test_the_open_api_gives_the_corrected_record(client, world):
    _correct(world)

    items = client.get("/api/strategies").json()["items"]
    [strategy] = [s for s in items if s["id"] == world.published.pk]
    [version] = [v for v in strategy["versions"] if v["id"] == world.in_force.pk]

    assert (version["adopted_on"], version["adopted_by"], version["case_reference"]) == (
        "2024-02-01", "Økonomiudvalget", "24/9999"
    )


def test_the_archived_data_has_the_record_as_it_stands_and_its_corrections(world):
    _correct(world)

    data = structured.version_as_data(world.in_force)

    assert data["version"]["case_reference"] == "24/1234"  # as first recorded
    assert data["record"]["case_reference"] == "24/9999"
    assert data["record"]["adopted_on"] == "2024-02-01"
    assert {c["field"] for c in data["record_corrections"]} == {
        "adopted_on", "adopted_by", "case_reference"
    }


def test_every_printed_document_has_the_corrected_record(world):
    _correct(world)

    frame = pdf.document_context(world.in_force)

    assert frame["record"].case_reference == "24/9999"
    assert frame["record"].adopted_on == CORRECTED_ON


def test_the_version_itself_keeps_the_facts_as_first_recorded(world):
    _correct(world)

    version = StrategyVersion.objects.get(pk=world.in_force.pk)

    assert (version.adopted_by, version.case_reference) == ("Byrådet", "24/1234")
