"""Every dashboard and list runs a fixed number of queries, whatever the amount of data.

Each page is measured, then the municipality grows tenfold (units, people,
strategies with obligations, versions, actions, acknowledgements, check-ins) and
the page is measured again: the count must not move.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organisations.models import RoleLevel
from tests.obligations.factories import grow

# (page, who looks at it, exact number of queries when rendered). Every page pays 4
# for the session, the user, the header's organisation and the header's unread count.
# The follow-up is read from its tallies (apps/obligations/tallies.py): the units'
# coverage, their check-ins and the overdue actions, and on a leader's page the people;
# before, a follow-up kept per process cost none of these when found, and 1-2 s at
# municipal scale after any write. The executive board's and a centre's pay 3 more for
# the trends (dashboards/trends.py) and 4 for the follow-up's trends (followup/trends.py:
# actions, their updates, indicators, their measurements). The follow-up of actions
# (apps/followup) adds the overdue actions counted per owner unit (leader, executive,
# communications) and the list of the longest overdue (executive, communications), and
# the adopted indicators (executive; their measurements are one more where there are
# any: tests/followup/test_indicators.py). A politician's menu pays 2 (their roles and
# the obligation index's stamp) to tell whether "My obligations" could hold anything
# for them. The adoption facts shown come with their corrections (apps/records): 1
# for the politician's lists, 1 for the reviews (executive, communications) and 1 for
# the strategies' overview (communications).
PAGES = [
    ("leader", RoleLevel.LEADER, 14),
    ("leader", RoleLevel.CENTRE, 21),
    ("employee", RoleLevel.EMPLOYEE, 9),
    ("politician", RoleLevel.POLITICIAN, 10),
    ("executive", RoleLevel.EXECUTIVE_BOARD, 21),
    ("communications", RoleLevel.COMMUNICATIONS, 16),
    ("obligations", RoleLevel.EMPLOYEE, 8),
    ("check_ins", RoleLevel.LEADER, 10),
    ("home", RoleLevel.LEADER, 3),
]
DASHBOARDS = {"leader", "employee", "politician", "executive", "communications"}
# A kept dashboard (apps/core/page_cache.py): the session, the user, the
# person's roles with the organisation's generations, and their inbox (part of the
# key). (People who have chosen no language pay 1 more for their organisation's.)
KEPT = 4


def _url(page, world):
    return {
        "obligations": reverse("obligations:list"),
        "check_ins": reverse("obligations:check_ins", args=[world.workplace.pk]),
        "home": reverse("dashboards:home"),
    }.get(page) or reverse(f"dashboards:{page}")


def _get(client, url, *, rendered=True):
    if rendered:
        cache.clear()  # the kept pages, not the obligation index kept per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 302)
    return response, len(queries)


@pytest.mark.parametrize(("page", "role_level", "expected"), PAGES)
def test_page_query_count_is_fixed_and_does_not_grow_with_tenfold_data(
    client, world, django_assert_num_queries, page, role_level, expected
):
    client.force_login(world[role_level])
    url = _url(page, world)
    client.get(url)  # the first visit stores the chosen dashboard in the session

    cache.clear()
    with django_assert_num_queries(expected):
        client.get(url)
    small_response, small = _get(client, url)
    _, small_kept = _get(client, url, rendered=False)
    grow(world, 9)
    # Kept between requests (apps/obligations/selectors.py): the first visit after a
    # change builds the obligation index and the follow-up again, the next reuse them.
    client.get(url)
    large_response, large = _get(client, url)
    _, large_kept = _get(client, url, rendered=False)

    assert large == small == expected
    assert large_kept == small_kept == (KEPT if page in DASHBOARDS else expected)
    assert len(large_response.content) >= len(small_response.content)
