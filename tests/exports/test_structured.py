"""version_as_data(): a version's content as plain data, for the archived PDF and the API."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.exports import structured
from apps.strategies import models as sm
from tests.factories import ResponsibilityItemFactory, SectionFactory, VersionFactory, mark_adopted

from .factories import build_complete_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(organisation):
    return build_complete_version(organisation=organisation)


def test_data_is_plain_json_that_reads_back_equal(version):
    data = structured.version_as_data(version)

    assert json.loads(structured.version_as_json(version)) == data
    assert data["format"] == "kompas.strategy-version"
    assert data["format_version"] == 1


def test_every_content_row_of_the_version_is_in_the_data_once_by_id(version):
    data = structured.version_as_data(version)["content"]

    listed = {
        "Section": [s["id"] for s in data["sections"]],
        "Goal": [g["id"] for g in data["goals"]],
        "Indicator": [i["id"] for g in data["goals"] for i in g["indicators"]],
        "ResponsibilityItem": [i["id"] for r in data["responsibilities"] for i in r["items"]],
        "RoleSender": [s["id"] for r in data["municipality_roles"] for s in r["senders"]],
        "RoleAudience": [a["id"] for r in data["municipality_roles"] for a in r["audiences"]],
        "Channel": [c["id"] for p in data["platforms"] for c in p["channels"]],
        "Action": [a["id"] for a in data["actions"]],
        "RelatedDocument": [d["id"] for d in data["related_documents"]],
    }
    for name, ids in listed.items():
        model = getattr(sm, name)
        expected = model.objects.filter(version=version).order_by("position", "pk")
        assert sorted(ids) == sorted(expected.values_list("pk", flat=True)), name
    assert [s["id"] for s in data["sections"]] == list(
        version.sections.order_by("position", "pk").values_list("pk", flat=True)
    )


def test_rows_refer_to_each_other_by_id_and_choices_are_codes(version):
    data = structured.version_as_data(version)["content"]

    value_ids = {v["id"] for v in data["values"]}
    assert {p["value_id"] for p in data["principles"] if p["value_id"]} <= value_ids
    role_ids = {r["id"] for r in data["municipality_roles"]}
    assert {i for p in data["platforms"] for i in p["municipality_role_ids"]} <= role_ids
    assert {g["kind"] for g in data["goals"]} <= set(sm.GoalKind.values)


def test_data_holds_no_people_and_no_bookkeeping(version):
    data = structured.version_as_data(version)

    for key in ("created_by_id", "based_on_id", "revision", "created_at", "updated_at"):
        assert key not in data["version"]
    assert "version_id" not in data["content"]["sections"][0]
    assert "position" not in data["content"]["sections"][0]


def test_building_the_data_takes_the_same_queries_however_much_content(organisation):
    small = VersionFactory(strategy__organisation=organisation)
    large = VersionFactory(strategy__organisation=organisation)
    for version, n in ((small, 1), (large, 12)):
        SectionFactory.create_batch(n, version=version)
        for _ in range(n):
            ResponsibilityItemFactory.create_batch(3, responsibility__version=version)
    small, large = mark_adopted(small), mark_adopted(large)

    with CaptureQueriesContext(connection) as small_queries:
        structured.version_as_data(small)
    with CaptureQueriesContext(connection) as large_queries:
        structured.version_as_data(large)

    assert len(large_queries) == len(small_queries)
