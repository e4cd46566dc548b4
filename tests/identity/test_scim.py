"""SCIM 2.0 Users over real HTTP against a live server, as Entra ID provisions: bearer
tokens per organisation (hashed, revocable), create, filter, PATCH, PUT, DELETE."""

import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.identity.models import ScimToken
from apps.identity.services import scim_token_create, scim_token_revoke
from apps.organisations.models import AssignmentSource, RoleAssignment, RoleLevel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(organisation):
    _token, secret = scim_token_create(actor=None, organisation=organisation, name="Entra ID")
    return secret


def call(live_server, organisation, path, *, token, method="GET", body=None):
    url = f"{live_server.url}/scim/v2/{organisation.slug}/{path}"
    request = urllib.request.Request(url, method=method)  # noqa: S310 (the live server)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/scim+json")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


ANNA = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "Anna.Berg@kommune.dk",
    "externalId": "4f1c-entra-object-id",
    "active": True,
    "displayName": "Anna Berg",
    "name": {"givenName": "Anna", "familyName": "Berg"},
    "title": "Sagsbehandler",
}


def test_entra_creates_finds_changes_and_deactivates_a_person(live_server, organisation, token):
    status, created = call(live_server, organisation, "Users", token=token, method="POST",
                           body=ANNA)
    assert status == 201
    assert (created["userName"], created["externalId"], created["active"]) == (
        "anna.berg@kommune.dk", "4f1c-entra-object-id", True
    )
    role = RoleAssignment.objects.get(user_id=created["id"])
    assert (role.organisation, role.role_level, role.source, role.title) == (
        organisation, RoleLevel.EMPLOYEE, AssignmentSource.SCIM, "Sagsbehandler"
    )

    status, found = call(live_server, organisation,
                         'Users?filter=userName%20eq%20%22anna.berg%40kommune.dk%22', token=token)
    assert (status, found["totalResults"], found["Resources"][0]["id"]) == (
        200, 1, created["id"]
    )
    status, by_external = call(live_server, organisation,
                               'Users?filter=externalId%20eq%20%224f1c-entra-object-id%22',
                               token=token)
    assert by_external["totalResults"] == 1

    status, patched = call(live_server, organisation, f"Users/{created['id']}", token=token,
                           method="PATCH", body={
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "Replace", "path": "displayName", "value": "Anna Berg-Holm"},
            {"op": "Replace", "path": "active", "value": "False"},
        ],
    })
    assert (status, patched["displayName"], patched["active"]) == (200, "Anna Berg-Holm", False)

    status, _body = call(live_server, organisation, f"Users/{created['id']}", token=token,
                         method="DELETE")
    assert status == 204
    assert RoleAssignment.objects.filter(user_id=created["id"]).exists()
    verbs = AuditEvent.objects.filter(object_id=created["id"]).values_list("verb", flat=True)
    assert set(verbs) >= {"person.created", "person.deactivated"}


def test_put_replaces_and_reactivates(live_server, organisation, token):
    _status, created = call(live_server, organisation, "Users", token=token, method="POST",
                            body={**ANNA, "active": False})

    status, replaced = call(live_server, organisation, f"Users/{created['id']}", token=token,
                            method="PUT", body={**ANNA, "displayName": "Anna B."})

    assert (status, replaced["displayName"], replaced["active"]) == (200, "Anna B.", True)


def test_a_second_create_of_the_same_person_is_a_conflict(live_server, organisation, token):
    call(live_server, organisation, "Users", token=token, method="POST", body=ANNA)

    status, body = call(live_server, organisation, "Users", token=token, method="POST", body=ANNA)

    assert (status, body["scimType"]) == (409, "uniqueness")


def test_no_token_a_wrong_token_and_a_revoked_token_get_401(live_server, organisation, token):
    token_row = ScimToken.objects.get()
    answers = [
        call(live_server, organisation, "Users", token=None)[0],
        call(live_server, organisation, "Users", token="kscim_not-a-real-one")[0],
    ]
    scim_token_revoke(actor=None, token=token_row)
    answers.append(call(live_server, organisation, "Users", token=token)[0])

    assert answers == [401, 401, 401]


def test_a_token_of_another_organisation_opens_nothing_here(
    live_server, organisation, other_organisation, member_of, token
):
    outsider = member_of(other_organisation)
    _token, other_secret = scim_token_create(
        actor=None, organisation=other_organisation, name="Entra ID"
    )

    listed = call(live_server, organisation, "Users", token=other_secret)
    theirs = call(live_server, other_organisation, "Users", token=token)
    mine_with_their_person = call(live_server, organisation, f"Users/{outsider.pk}", token=token)

    assert (listed[0], theirs[0], mine_with_their_person[0]) == (401, 401, 404)


def test_only_the_filters_identity_providers_send_are_understood(
    live_server, organisation, token
):
    status, body = call(live_server, organisation,
                        'Users?filter=name.familyName%20co%20%22B%22', token=token)

    assert (status, body["scimType"]) == (400, "invalidFilter")


def test_an_unknown_patch_path_is_refused_not_ignored(
    live_server, organisation, token, member_of
):
    person = member_of(organisation, user=UserFactory(email="ib@kommune.dk"))

    status, body = call(live_server, organisation, f"Users/{person.pk}", token=token,
                        method="PATCH", body={
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "password", "value": "x"}],
    })

    assert (status, body["scimType"]) == (400, "invalidPath")


def test_tokens_are_stored_hashed_and_listed_by_prefix(organisation, token):
    row = ScimToken.objects.get()

    assert token not in (row.token_hash, row.prefix)
    assert token.startswith("kscim_" + row.prefix)


def test_the_communications_department_creates_and_revokes_tokens_in_the_app(
    client, organisation, member_of
):
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    created = client.post(reverse("identity:scim_tokens"), {"name": "Entra ID"})
    token = ScimToken.objects.get()
    revoked = client.post(reverse("identity:scim_token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert created.status_code == 200
    assert "kscim_" in created.text
    assert created["Cache-Control"] == "no-store"
    assert revoked.status_code == 302
    assert token.revoked_at is not None


def test_other_roles_cannot_see_or_create_tokens(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.LEADER))

    answers = (
        client.get(reverse("identity:scim_tokens")).status_code,
        client.post(reverse("identity:scim_tokens"), {"name": "x"}).status_code,
    )

    assert answers == (403, 403)
    assert not ScimToken.objects.exists()


PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def test_a_group_named_as_a_unit_gives_its_members_that_units_role(
    live_server, organisation, token
):
    from tests.factories import UnitFactory

    unit = UnitFactory(organisation=organisation, name="Vestskolen")
    _s, anna = call(live_server, organisation, "Users", token=token, method="POST", body=ANNA)

    status, group = call(live_server, organisation, "Groups", token=token, method="POST", body={
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Vestskolen", "externalId": "grp-1", "members": [],
    })
    assert status == 201
    status, _body = call(live_server, organisation, f"Groups/{group['id']}", token=token,
                         method="PATCH", body={"schemas": [PATCH], "Operations": [
        {"op": "Add", "path": "members", "value": [{"value": anna["id"]}]},
    ]})
    assert status == 200
    roles = RoleAssignment.objects.filter(user_id=anna["id"])
    assert [(r.unit, r.role_level) for r in roles] == [(unit, RoleLevel.EMPLOYEE)]

    call(live_server, organisation, f"Groups/{group['id']}", token=token, method="PATCH",
         body={"schemas": [PATCH], "Operations": [
             {"op": "Remove", "path": f'members[value eq "{anna["id"]}"]'},
         ]})
    roles = RoleAssignment.objects.filter(user_id=anna["id"])
    assert [(r.unit, r.role_level) for r in roles] == [(None, RoleLevel.EMPLOYEE)]


def test_the_communications_department_maps_a_group_to_a_role_and_members_follow(
    client, live_server, organisation, token, member_of
):
    from tests.factories import UnitFactory

    unit = UnitFactory(organisation=organisation, name="Ledelse")
    _s, anna = call(live_server, organisation, "Users", token=token, method="POST", body=ANNA)
    _s, group = call(live_server, organisation, "Groups", token=token, method="POST", body={
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "SG-Ledere", "members": [{"value": anna["id"]}],
    })
    assert RoleAssignment.objects.filter(user_id=anna["id"]).count() == 1  # unmapped
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    response = client.post(reverse("identity:scim_group_edit", args=[group["id"]]), {
        "role_level": "leader", "unit": unit.pk,
    })

    roles = RoleAssignment.objects.filter(user_id=anna["id"])
    assert response.status_code == 302
    assert [(r.unit, r.role_level, r.source) for r in roles] == [
        (unit, RoleLevel.LEADER, AssignmentSource.SCIM)
    ]
    status, listed = call(live_server, organisation,
                          'Groups?filter=displayName%20eq%20%22SG-Ledere%22', token=token)
    assert (status, listed["totalResults"], listed["Resources"][0]["members"][0]["value"]) == (
        200, 1, anna["id"]
    )


def test_a_member_of_another_organisation_cannot_be_added_to_a_group(
    live_server, organisation, other_organisation, member_of, token
):
    outsider = member_of(other_organisation)
    _s, group = call(live_server, organisation, "Groups", token=token, method="POST", body={
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "G",
    })

    status, body = call(live_server, organisation, f"Groups/{group['id']}", token=token,
                        method="PATCH", body={"schemas": [PATCH], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": str(outsider.pk)}]},
    ]})

    assert (status, body["scimType"]) == (400, "invalidValue")
    assert not RoleAssignment.objects.filter(user=outsider, organisation=organisation).exists()


def test_the_service_provider_config_tells_what_is_supported(live_server, organisation, token):
    status, config = call(live_server, organisation, "ServiceProviderConfig", token=token)

    assert status == 200
    assert (config["patch"]["supported"], config["bulk"]["supported"]) == (True, False)
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
