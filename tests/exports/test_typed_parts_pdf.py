"""The print version names the typed parts in the document's own language: the theme of
a chapter, the review rule, the document owner, sub-goals under their goal."""

import pytest

from apps.exports.pdf import strategy_html
from apps.strategies import models as sm
from tests.factories import GoalFactory, SectionFactory, StrategyFactory, VersionFactory

pytestmark = pytest.mark.django_db


def test_a_swedish_policy_prints_its_theme_review_rule_and_owner_in_swedish(organisation):
    version = VersionFactory(
        strategy=StrategyFactory(organisation=organisation), language="sv",
        review_cadence=sm.ReviewCadence.ELECTION_PERIOD, document_owner="Kommunikationsenheten",
    )
    SectionFactory(version=version, kind=sm.SectionKind.CRISIS, heading="Vid kris",
                   body="Vi samordnar.")
    goal = GoalFactory(version=version, description="Invånarna förstår oss")
    GoalFactory(version=version, kind=sm.GoalKind.MEASURE, parent=goal,
                description="Alla brev skrivs om")

    html = strategy_html(version)

    assert "Kriskommunikation" in html
    assert "<th scope=\"row\">Revideras</th><td>Varje mandatperiod</td>" in html
    assert "<th scope=\"row\">Dokumentägare</th><td>Kommunikationsenheten</td>" in html
    outer = html.index("Invånarna förstår oss")
    inner = html.index("Alla brev skrivs om")
    assert outer < html.index("Åtgärder", outer) < inner
    assert html.count("Alla brev skrivs om") == 1
