"""Each dashboard and the strategy pages run as many queries at a larger scale as at a
small one, on data shaped like the benchmark's (tests/dashboards/test_query_budget.py
pins the exact numbers on hand-made data; this checks the generator's shape, with
hundreds of acknowledgements, superseded versions and a deeper unit tree)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.demo.large import large_municipality_load
from apps.organisations.models import RoleLevel
from apps.strategies.models import StrategyVersion, VersionStatus

from .conftest import LARGER, SMALL

pytestmark = pytest.mark.django_db

# (page, who looks at it)
PAGES = [
    ("dashboards:leader", RoleLevel.LEADER),
    ("dashboards:leader", RoleLevel.CENTRE),
    ("dashboards:employee", RoleLevel.EMPLOYEE),
    ("dashboards:politician", RoleLevel.POLITICIAN),
    ("dashboards:executive", RoleLevel.EXECUTIVE_BOARD),
    ("dashboards:communications", RoleLevel.COMMUNICATIONS),
    ("strategies:version_detail", RoleLevel.EMPLOYEE),
    ("strategies:version_detail", RoleLevel.COMMUNICATIONS),
    ("strategies:detail", RoleLevel.EMPLOYEE),
]


@pytest.fixture
def municipalities(quiet):
    log, _lines = quiet
    return (
        large_municipality_load(size=SMALL, slug="lilleby", name="Lilleby Kommune", log=log),
        large_municipality_load(size=LARGER, slug="storby", name="Storby Kommune", log=log),
    )


def _url(name, organisation) -> str:
    # The first strategy is the big document; its adopted version is the page the
    # benchmark loads.
    version = StrategyVersion.objects.get(
        strategy__organisation=organisation, strategy__slug="strategi-01",
        status=VersionStatus.ADOPTED,
    )
    args = {
        "strategies:version_detail": [version.pk],
        "strategies:detail": [version.strategy_id],
    }.get(name, [])
    return reverse(name, args=args)


def _queries(client, organisation, name, role_level) -> int:
    client.force_login(get_user_model().objects.get(username=f"{organisation.slug}-{role_level}"))
    url = _url(name, organisation)
    client.get(url)  # the first visit stores the chosen dashboard in the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "role_level"), PAGES)
def test_queries_per_page_do_not_grow_with_the_municipality(
    client, municipalities, name, role_level
):
    small, larger = municipalities

    assert _queries(client, larger, name, role_level) == _queries(
        client, small, name, role_level
    )
