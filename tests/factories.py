import datetime

import factory
from django.conf import settings

from apps.organisations.models import (
    HolderKind,
    Organisation,
    ResponsibilityHolder,
    RoleAssignment,
    RoleLevel,
    Unit,
    UnitKind,
)
from apps.organisations.services import role_assignment_create
from apps.strategies import models as sm
from apps.strategies.permissions import grant_role_permissions


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
    # Tests read the English source texts; tests of languages pass preferred_language="".
    preferred_language = "en"


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    """Goes through the service, so the user also joins the role's permission group."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    unit = None
    role_level = RoleLevel.EMPLOYEE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return role_assignment_create(**kwargs)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Strategy
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Kommunikationsstrategi {n}")
    slug = factory.Sequence(lambda n: f"strategi-{n}")
    kind = sm.StrategyKind.STRATEGY

    @factory.post_generation
    def role_permissions(self, create, extracted, **kwargs):
        # As strategy_create does: every role group of the organisation gets its permissions.
        if create:
            grant_role_permissions(self)


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


def mark_adopted(version, *, adopted_on=datetime.date(2024, 1, 15), adopted_by="Byrådet",
                 case_reference="24/1234"):
    """Adopt a draft that a test has filled with content (content of an adopted version
    cannot be created, so tests build a draft first, as real users do)."""
    sm.StrategyVersion.objects.filter(pk=version.pk).update(
        status=sm.VersionStatus.ADOPTED, adopted_on=adopted_on, adopted_by=adopted_by,
        case_reference=case_reference,
    )
    version.refresh_from_db()
    return version


class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Value

    version = factory.SubFactory(VersionFactory)
    name = factory.Sequence(lambda n: f"Værdi {n}")


class ResponsibilityHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityHolder

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Udvalg {n}")
    kind = HolderKind.COMMITTEE
    role_level = ""


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Goal

    version = factory.SubFactory(VersionFactory)
    kind = sm.GoalKind.GOAL
    description = factory.Sequence(lambda n: f"Mål nummer {n}")


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Stakeholder

    version = factory.SubFactory(VersionFactory)
    name = factory.Sequence(lambda n: f"Målgruppe {n}")


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.LegalBasis

    version = factory.SubFactory(VersionFactory)
    title = "Offentlighedsloven"
    text = "Alle kan søge aktindsigt."


class DefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Definition

    version = factory.SubFactory(VersionFactory)
    term = "Klarsprog"
    explanation = "Tekst, modtageren forstår."


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Evaluation

    version = factory.SubFactory(VersionFactory)
    title = "Borgerundersøgelse"
    frequency = "Hvert andet år"


def consultation_deadline(days: int = 30):
    """A consultation deadline `days` from today (going to consultation needs one)."""
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)
