"""The leader's table of obligations is built from plain values
(apps/dashboards/obligation_rows.py) but shows what the shared includes show: the same
acknowledgement form or confirmation, the same check-in badge, the same text."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from apps.obligations import selectors, services
from apps.obligations.models import CheckInStatus, quarter_start
from apps.organisations.models import RoleLevel
from tests.obligations.factories import adopted_strategy

pytestmark = pytest.mark.django_db

LONG_DUTY = " ".join(f"ord{n}" for n in range(70)) + " <b>&</b> \"slut\""
_ROW = re.compile(
    r'<th scope="row" class="kompas-plain" lang="(?P<lang>[^"]*)">'
    r'<span class="kompas-item-meta">(?P<meta>.*?)</span><br>'
    r'<span id="obligation-(?P<token>[^"]+)">(?P<text>.*?)</span></th>\s*'
    r"<td>(?P<acknowledgement>.*?)</td>\s*<td>(?P<check_in>.*?)</td>\s*</tr>",
    re.S,
)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", _CSRF.sub("CSRF", html)).strip()


@pytest.fixture
def leader_world(world):
    """The workplace's leader, with a long duty, one obligation acknowledged and two
    checked in this quarter (one with a note that needs escaping)."""
    adopted_strategy(world.organisation, title="Lang pligt", principles=0, rules=0,
                     duties={RoleLevel.LEADER: [LONG_DUTY]})
    leader = world[RoleLevel.LEADER]
    index = selectors.obligation_index(world.organisation)
    owed = index.for_assignments([(RoleLevel.LEADER, world.workplace.pk)])
    services.acknowledgement_create(
        user=leader, organisation=world.organisation, strategy_id=owed[0].strategy_id,
        text_hash=owed[0].text_hash,
    )
    for obligation, status, note in (
        (owed[0], CheckInStatus.NEEDS_ATTENTION, 'Vi mangler <b>"tid"</b> & folk'),
        (owed[1], CheckInStatus.ON_TRACK, ""),
    ):
        services.checkin_record(
            leader=leader, unit=world.workplace, strategy_id=obligation.strategy_id,
            text_hash=obligation.text_hash, status=status, note=note,
        )
    return world


def _expected(world, leader, language):
    """Each obligation's cells as the shared includes render them, by token."""
    request = RequestFactory().get(reverse("dashboards:leader"))
    request.user = leader
    with translation.override(language):
        statuses = selectors.obligations_for_leader(
            leader, world.workplace, index=selectors.obligation_index(world.organisation),
            assignments=selectors.assignments_of(leader, world.organisation),
            period=quarter_start(timezone.localdate()),
        )
        cells = {}
        for status in statuses:
            context = {"status": status, "next_url": reverse("dashboards:leader"),
                       "unit": world.workplace}
            check_in = render_to_string(
                "obligations/includes/check_in_status.html",
                {"check_in": status.check_in}, request=request,
            ).strip()  # the file's last newline
            if status.check_in and status.check_in.note:
                check_in += Template(
                    '<br><span class="kompas-item-meta">{{ note }}</span>'
                ).render(Context({"note": status.check_in.note}))
            obligation = status.obligation
            cells[obligation.token] = {
                "lang": obligation.language,
                "meta": Template(
                    "{{ o.label }}{% if o.heading %}: {{ o.heading }}{% endif %}"
                ).render(Context({"o": obligation})),
                "text": Template("{{ t|truncatewords:60 }}").render(
                    Context({"t": obligation.text})
                ),
                "acknowledgement": render_to_string(
                    "obligations/includes/acknowledge.html", context, request=request
                ),
                "check_in": check_in,
            }
    return cells


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_leaders_table_shows_what_the_shared_includes_show(
    client, leader_world, language
):
    leader = leader_world[RoleLevel.LEADER]
    leader.preferred_language = language
    leader.save(update_fields=["preferred_language"])
    client.force_login(leader)

    response = client.get(reverse("dashboards:leader"))

    shown = {m["token"]: m.groupdict() for m in _ROW.finditer(response.text)}
    expected = _expected(leader_world, leader, language)
    assert len(expected) == 7
    assert set(shown) == set(expected)
    for token, cells in expected.items():
        for name, html in cells.items():
            assert _plain(shown[token][name]) == _plain(html), (token, name)


def test_the_leaders_table_cuts_a_long_text_and_escapes_the_note(client, leader_world):
    client.force_login(leader_world[RoleLevel.LEADER])

    response = client.get(reverse("dashboards:leader"))

    assert "ord59 …" in response.text
    assert "ord60" not in response.text
    assert "Vi mangler &lt;b&gt;&quot;tid&quot;&lt;/b&gt; &amp; folk" in response.text
    assert response.text.count("kompas-acknowledged") == 1


def test_the_leaders_dashboard_reads_neither_acknowledged_texts_nor_check_in_recorders(
    client, leader_world
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(leader_world[RoleLevel.LEADER])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:leader"))

    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    acknowledgements = [q for q in sql if q.startswith('SELECT "obligations_acknowledgement"."id"')]
    check_ins = [q for q in sql if q.startswith('SELECT "obligations_checkin"."id"')]
    assert acknowledgements and check_ins
    # The table shows the obligations' own texts, and no one's name by a check-in.
    assert not [q for q in acknowledgements if '"obligations_acknowledgement"."text",' in q]
    assert not [q for q in check_ins if '"accounts_user"' in q]
