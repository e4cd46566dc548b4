from django.test import RequestFactory

from apps.organisations.models import RoleLevel
from apps.organisations.selectors import header_organisation
from tests.factories import OrganisationFactory, UserFactory


def _request(method, user):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return request


def test_a_read_keeps_the_header_organisation_for_the_rest_of_the_request(
    db, member_of, django_assert_num_queries
):
    person = member_of(OrganisationFactory(name="Glostrup"), RoleLevel.EMPLOYEE)
    request = _request("get", person)

    with django_assert_num_queries(1):
        first, again = header_organisation(request), header_organisation(request)

    assert first is again
    assert first.name == "Glostrup"
    assert first.beyond_politics is True


def test_a_write_reads_the_header_organisation_as_it_is_after_the_write(db, member_of):
    person = UserFactory()
    request = _request("post", person)
    assert header_organisation(request) is None

    member_of(OrganisationFactory(name="Flen"), RoleLevel.POLITICIAN, user=person)

    current = header_organisation(request)
    assert current.name == "Flen"
    assert current.beyond_politics is False


def test_nobody_signed_in_has_no_header_organisation(db):
    from django.contrib.auth.models import AnonymousUser

    assert header_organisation(_request("get", AnonymousUser())) is None


def test_someone_signing_in_within_a_request_gets_their_own_header_organisation(
    db, member_of
):
    first = member_of(OrganisationFactory(name="Glostrup"), RoleLevel.EMPLOYEE)
    second = member_of(OrganisationFactory(name="Modum"), RoleLevel.LEADER)
    request = _request("get", first)
    assert header_organisation(request).name == "Glostrup"

    request.user = second

    assert header_organisation(request).name == "Modum"
