"""The benchmark's data generator builds the shape the issue asks for, at a small scale."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from apps.demo.large import large_municipality_load, small_municipalities_load
from apps.obligations.models import Acknowledgement, CheckIn, quarter_start
from apps.obligations.rules import LEADERSHIP_LEVELS
from apps.obligations.selectors import obligation_index
from apps.organisations.models import Organisation, RoleAssignment, RoleLevel, Unit, UnitKind
from apps.strategies import models as sm
from apps.strategies.permissions import visible_versions

from .conftest import SMALL

pytestmark = pytest.mark.django_db

# Of the seven responsibilities (one per role level) of each adopted version, the
# first strategy (the big document) has six duties each, the others three.
DUTIES_BIG, DUTIES_ORDINARY = 6, 3


@pytest.fixture
def storby(quiet):
    log, _lines = quiet
    return large_municipality_load(size=SMALL, slug="storby", name="Storby Kommune", log=log)


def _role_counts(organisation) -> Counter:
    return Counter(
        RoleAssignment.objects.filter(organisation=organisation).values_list(
            "role_level", flat=True
        )
    )


def test_units_are_centres_with_their_workplaces_and_a_communications_department(storby):
    units = Unit.objects.filter(organisation=storby)
    workplaces = units.filter(kind=UnitKind.WORKPLACE)

    assert units.filter(kind=UnitKind.CENTRE).count() == SMALL.centres
    assert workplaces.count() == SMALL.workplaces
    assert list(units.filter(is_communications=True).values_list("name", flat=True)) == [
        "Kommunikationsafdelingen"
    ]
    assert all(w.path == f"{w.parent.path}{w.pk}/" for w in workplaces.select_related("parent"))
    assert workplaces.filter(parent__kind=UnitKind.CENTRE).count() == SMALL.workplaces


def test_people_hold_one_role_each_in_the_numbers_asked_for(storby):
    # Besides the numbers asked for, one person per role level signs in as <slug>-<level>,
    # and every centre and workplace but the first has a manager of its own.
    expected = Counter({
        RoleLevel.EMPLOYEE: SMALL.employees + 1,
        RoleLevel.LEADER: SMALL.centres * SMALL.leaders_per_centre + 1,
        RoleLevel.CENTRE: SMALL.centres,
        RoleLevel.WORKPLACE: SMALL.workplaces,
        RoleLevel.POLITICIAN: SMALL.politicians,
        RoleLevel.EXECUTIVE_BOARD: SMALL.executives,
        RoleLevel.COMMUNICATIONS: SMALL.communications,
    })

    assert _role_counts(storby) == expected
    assert get_user_model().objects.filter(role_assignments__organisation=storby).count() == (
        expected.total()
    )
    assert set(
        get_user_model().objects.filter(username__in=[f"storby-{r}" for r in RoleLevel.values])
        .values_list("username", flat=True)
    ) == {f"storby-{r}" for r in RoleLevel.values}


def test_every_person_is_in_their_role_group_and_signs_in_with_the_demo_password(
    storby, client, settings
):
    user = get_user_model().objects.get(username="storby-employee")

    assert list(user.groups.values_list("name", flat=True)) == ["storby:employee"]
    assert client.login(username="storby-employee", password=settings.DEMO_PASSWORD)


def test_each_strategy_has_its_versions_one_adopted_and_the_older_ones_superseded(storby):
    strategies = sm.Strategy.objects.filter(organisation=storby)
    versions = sm.StrategyVersion.objects.filter(strategy__organisation=storby)
    adopted = versions.filter(status=sm.VersionStatus.ADOPTED)

    assert strategies.count() == SMALL.strategies
    assert versions.count() == SMALL.strategies * SMALL.versions
    assert sorted(adopted.values_list("strategy_id", flat=True)) == sorted(
        strategies.values_list("pk", flat=True)
    )
    assert set(versions.values_list("status", flat=True)) == {
        sm.VersionStatus.SUPERSEDED, sm.VersionStatus.ADOPTED, sm.VersionStatus.PROPOSED,
        sm.VersionStatus.DRAFT, sm.VersionStatus.CONSULTATION,
    }
    assert not adopted.filter(adopted_on__isnull=True).exists()


def test_every_version_carries_every_kind_of_content(storby):
    versions = sm.StrategyVersion.objects.filter(strategy__organisation=storby)
    kinds = (
        sm.Section, sm.Value, sm.Principle, sm.FocusArea, sm.Goal, sm.Indicator,
        sm.Responsibility, sm.ResponsibilityItem, sm.Stakeholder, sm.MunicipalityRole,
        sm.RoleSender, sm.RoleAudience, sm.Platform, sm.Channel, sm.PlatformRoleUse,
        sm.SpokespersonRule, sm.Action, sm.AnnualWheelEvent, sm.RelatedDocument,
    )

    empty = {
        model.__name__ for model in kinds
        if model.objects.filter(version__in=versions).values("version_id").distinct().count()
        != versions.count()
    }

    assert empty == set()


def test_obligations_come_from_the_adopted_versions_duties(storby):
    index = obligation_index(storby)

    assert len(index.obligations) == len(RoleLevel.values) * (
        DUTIES_BIG + DUTIES_ORDINARY * (SMALL.strategies - 1)
    )
    assert {o.version_id for o in index.obligations} == set(
        sm.StrategyVersion.objects.filter(
            strategy__organisation=storby, status=sm.VersionStatus.ADOPTED
        ).values_list("pk", flat=True)
    )


def test_acknowledgements_are_of_obligations_that_bind_the_person_about_seven_in_ten(storby):
    index = obligation_index(storby)
    owed = {
        (a.user_id, o.key)
        for a in RoleAssignment.objects.filter(organisation=storby)
        for o in index.for_assignment(a.role_level, a.unit_id)
    }
    acknowledged = set(
        Acknowledgement.objects.filter(organisation=storby).values_list(
            "user_id", "strategy_id", "text_hash"
        )
    )
    keys = {(user_id, (strategy_id, text_hash)) for user_id, strategy_id, text_hash in acknowledged}

    assert keys <= owed
    assert 0.5 < len(keys) / len(owed) < 0.9


def test_check_ins_are_recorded_by_leaders_of_the_unit_this_quarter_and_the_last(storby):
    today = timezone.localdate()
    this_quarter = quarter_start(today)
    last_quarter = quarter_start(this_quarter - datetime.timedelta(days=1))
    leaders = set(
        RoleAssignment.objects.filter(
            organisation=storby, role_level__in=LEADERSHIP_LEVELS
        ).values_list("unit_id", "user_id")
    )
    check_ins = CheckIn.objects.filter(organisation=storby)

    assert check_ins.filter(period=this_quarter).exists()
    assert set(check_ins.values_list("period", flat=True)) == {this_quarter, last_quarter}
    assert set(check_ins.values_list("unit_id", "recorded_by_id")) <= leaders


def test_an_employee_reads_the_adopted_and_superseded_versions_only(storby):
    employee = get_user_model().objects.get(username="storby-employee")

    assert set(visible_versions(employee).values_list("status", flat=True)) == {
        sm.VersionStatus.ADOPTED, sm.VersionStatus.SUPERSEDED,
    }


def test_a_second_run_says_so_and_changes_nothing(storby, quiet):
    log, lines = quiet
    before = (
        get_user_model().objects.count(), sm.StrategyVersion.objects.count(),
        Acknowledgement.objects.count(), CheckIn.objects.count(),
    )

    again = large_municipality_load(size=SMALL, slug="storby", name="Storby Kommune", log=log)

    assert again is None
    assert lines[-1] == "storby: already generated, left as it is"
    assert (
        get_user_model().objects.count(), sm.StrategyVersion.objects.count(),
        Acknowledgement.objects.count(), CheckIn.objects.count(),
    ) == before


def test_small_municipalities_come_from_all_three_countries_and_are_made_once(quiet):
    log, _lines = quiet

    made = small_municipalities_load(6, log=log)
    again = small_municipalities_load(6, log=log)

    organisations = Organisation.objects.filter(slug__startswith="kommune-")
    assert (made, again) == (6, 0)
    assert set(organisations.values_list("country", flat=True)) == {"DK", "SE", "NO"}
    assert organisations.values("name").distinct().count() == 6
    assert sm.StrategyVersion.objects.filter(
        strategy__organisation__in=organisations, status=sm.VersionStatus.ADOPTED
    ).count() == 6 * 2


def test_the_command_refuses_more_municipalities_than_the_three_countries_have():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="between 0 and 745"):
        call_command("generate_large", organisations=746)
