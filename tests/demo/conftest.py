import pytest

from apps.demo.services import seed_load_file


@pytest.fixture
def organisation(request):
    """The municipality of the test module's SEED file, loaded as the demo loads it."""
    return seed_load_file(request.module.SEED)


@pytest.fixture
def version(organisation):
    """The one version of the municipality's one seeded strategy."""
    return organisation.strategies.get().versions.get()
