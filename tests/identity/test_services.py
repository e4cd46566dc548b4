"""sso_sign_in: who the identity provider's verified answer lets in, and as whom."""

import pytest

from apps.audit.models import AuditEvent
from apps.identity.models import GroupMapping, IdentityProvider, Protocol, SignInDomain
from apps.identity.sso.services import Identity, SignInRefused, sso_sign_in
from apps.organisations.models import RoleAssignment, RoleLevel
from tests.factories import RoleAssignmentFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(organisation):
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        protocol=Protocol.OIDC,
        issuer="https://idp.example",
        allow_just_in_time=True,
    )
    SignInDomain.objects.create(provider=provider, domain="kommune.example")
    return provider


def test_two_people_with_the_same_address_are_refused_not_guessed(provider, organisation):
    for name in ("a", "b"):
        RoleAssignmentFactory(
            user=UserFactory(username=name, email="x@kommune.example"), organisation=organisation
        )

    with pytest.raises(SignInRefused) as refusal:
        sso_sign_in(provider=provider, identity=Identity(email="x@kommune.example"))

    assert refusal.value.reason == "ambiguous"


def test_just_in_time_creation_never_takes_another_persons_username(provider, organisation):
    GroupMapping.objects.create(provider=provider, group="staff", role_level=RoleLevel.EMPLOYEE)
    UserFactory(username="new@kommune.example", email="")

    with pytest.raises(SignInRefused) as refusal:
        sso_sign_in(
            provider=provider, identity=Identity(email="new@kommune.example", groups=["staff"])
        )

    assert refusal.value.reason == "ambiguous"
    assert AuditEvent.objects.get(verb="sso.refused").data["reason"] == "ambiguous"


def test_just_in_time_creation_needs_an_address_of_the_organisations_domains(provider):
    GroupMapping.objects.create(provider=provider, group="staff", role_level=RoleLevel.EMPLOYEE)

    with pytest.raises(SignInRefused) as refusal:
        sso_sign_in(
            provider=provider, identity=Identity(email="eve@elsewhere.example", groups=["staff"])
        )

    assert refusal.value.reason == "unknown_person"


def test_every_group_that_maps_gives_its_role(provider, organisation):
    team = UnitFactory(organisation=organisation)
    GroupMapping.objects.create(
        provider=provider, group="leaders", role_level=RoleLevel.LEADER, unit=team
    )
    GroupMapping.objects.create(
        provider=provider, group="staff", role_level=RoleLevel.EMPLOYEE, unit=team
    )

    user = sso_sign_in(
        provider=provider,
        identity=Identity(email="Ny@Kommune.example", groups=["staff", "leaders", "other"]),
    )

    assert user.email == "ny@kommune.example"
    assert set(RoleAssignment.objects.filter(user=user).values_list("role_level", flat=True)) == {
        RoleLevel.LEADER,
        RoleLevel.EMPLOYEE,
    }
    assert user.groups.filter(name__startswith=f"{organisation.slug}:").count() == 2


def test_a_refused_creation_leaves_nothing_behind(provider):
    with pytest.raises(SignInRefused):
        sso_sign_in(provider=provider, identity=Identity(email="z@kommune.example", groups=["x"]))

    assert not RoleAssignment.objects.exists()
    assert AuditEvent.objects.filter(verb="sso.signed_in").count() == 0


def test_an_answer_without_an_address_is_refused(provider):
    with pytest.raises(SignInRefused) as refusal:
        sso_sign_in(provider=provider, identity=Identity(email=""))

    assert refusal.value.reason == "no_email"
