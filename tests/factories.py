import datetime

import factory
from django.conf import settings

from apps.organisations.models import Organisation, RoleAssignment, RoleLevel, Unit, UnitKind
from apps.strategies import models as sm


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    slug = factory.Sequence(lambda n: f"testkommune-{n}")
    country = "DK"
    language = "da"
    council_name = "Byrådet"
    executive_board_name = "Direktionen"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Enhed {n}")
    kind = UnitKind.WORKPLACE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="da_DK")
    password = factory.django.Password("pw-for-tests")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    unit = None
    role_level = RoleLevel.EMPLOYEE


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Strategy

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Kommunikationsstrategi {n}")
    slug = factory.Sequence(lambda n: f"strategi-{n}")
    kind = sm.StrategyKind.STRATEGY


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.StrategyVersion

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = sm.VersionStatus.DRAFT
    language = "da"

    class Params:
        adopted = factory.Trait(
            status=sm.VersionStatus.ADOPTED,
            adopted_on=datetime.date(2024, 1, 15),
            adopted_by="Byrådet",
            case_reference="24/1234",
        )


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Section

    version = factory.SubFactory(VersionFactory)
    kind = sm.SectionKind.PURPOSE
    heading = factory.Sequence(lambda n: f"Afsnit {n}")
    body = "Tekst."


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Responsibility

    version = factory.SubFactory(VersionFactory)
    role_level = RoleLevel.LEADER
    label = "Lederne"
    heading = "Overblik"


class ResponsibilityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.ResponsibilityItem

    responsibility = factory.SubFactory(ResponsibilityFactory)
    version = factory.SelfAttribute("responsibility.version")
    text = factory.Sequence(lambda n: f"Pligt {n}")


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Principle

    version = factory.SubFactory(VersionFactory)
    text = factory.Sequence(lambda n: f"Princip {n}")
