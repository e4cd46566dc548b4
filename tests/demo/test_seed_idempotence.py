import pytest

from apps.demo.services import SEED_SLUGS, SEEDS_DIR, seed_load_file
from apps.strategies import models as sm

pytestmark = pytest.mark.django_db


def content_counts(organisation):
    versions = sm.StrategyVersion.objects.filter(strategy__organisation=organisation)
    counts = {
        model.__name__: model.objects.filter(version__in=versions).count()
        for model in sm.CONTENT_MODELS
    }
    counts["units"] = organisation.units.count()
    counts["role_assignments"] = organisation.role_assignments.count()
    counts["strategies"] = organisation.strategies.count()
    counts["versions"] = versions.count()
    return counts


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_loading_a_seed_twice_changes_nothing(slug):
    organisation = seed_load_file(SEEDS_DIR / f"{slug}.yaml")
    before = content_counts(organisation)

    again = seed_load_file(SEEDS_DIR / f"{slug}.yaml")

    assert again.pk == organisation.pk
    assert content_counts(again) == before
