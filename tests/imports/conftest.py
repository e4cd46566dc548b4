import pytest

from apps.organisations.models import RoleLevel


@pytest.fixture
def communications(organisation, member_of):
    """A person of the organisation's communications department: the one who imports."""
    return member_of(organisation, RoleLevel.COMMUNICATIONS)
