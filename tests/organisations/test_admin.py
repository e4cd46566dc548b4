"""In the admin, a row's organisation (a version's strategy) is set when it is added and
never changed afterwards: the caches keyed on an organisation's generations would
only hear of the organisation it moved to."""

import pytest
from django.urls import reverse

from apps.obligations.models import Acknowledgement, CheckIn
from apps.organisations.models import RoleAssignment, RoleLevel, Unit
from apps.strategies.models import Strategy, StrategyVersion
from tests.factories import StrategyFactory, UnitFactory, UserFactory, VersionFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _field_input(html, name):
    return f'name="{name}"' in html


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Unit, "organisation"),
        (RoleAssignment, "organisation"),
        (Strategy, "organisation"),
        (StrategyVersion, "strategy"),
        (Acknowledgement, "organisation"),
        (CheckIn, "organisation"),
    ],
)
def test_the_change_form_shows_the_organisation_but_offers_no_field_for_it(
    client, admin_user, organisation, member_of, model, field
):
    strategy = StrategyFactory(organisation=organisation)
    version = VersionFactory(strategy=strategy)
    unit = UnitFactory(organisation=organisation)
    user = member_of(organisation, RoleLevel.EMPLOYEE, unit=unit)
    rows = {
        Unit: unit,
        RoleAssignment: RoleAssignment.objects.get(user=user),
        Strategy: strategy,
        StrategyVersion: version,
        Acknowledgement: Acknowledgement.objects.create(
            user=user, organisation=organisation, strategy=strategy, version=version,
            text_hash="x", role_level=RoleLevel.EMPLOYEE, text="Kende politikken",
        ),
        CheckIn: CheckIn.objects.create(
            organisation=organisation, unit=unit, strategy=strategy, version=version,
            text_hash="x", period="2026-10-01", role_level=RoleLevel.LEADER, text="Følge op",
        ),
    }
    client.force_login(admin_user)
    opts = model._meta

    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    change = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[rows[model].pk])
    )

    assert add.status_code == change.status_code == 200
    assert _field_input(add.text, field)
    assert not _field_input(change.text, field)
