import pytest

from .world import build_public_world


@pytest.fixture
def world(organisation, member_of, media_root, eager_celery):
    return build_public_world(organisation, member_of)
