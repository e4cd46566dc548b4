import pytest

from tests.obligations.factories import build_world


@pytest.fixture
def world(organisation):
    return build_world(organisation)
