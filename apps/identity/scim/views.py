"""SCIM 2.0 Users and Groups endpoints (RFC 7643/7644), per organisation, for Entra ID and others.

Strict on purpose: a bearer token of the organisation in the URL, or 401; only the
filters identity providers send (`userName eq "…"`, `externalId eq "…"`), or 400
invalidFilter; unknown PATCH paths are refused (400 invalidPath) rather than ignored.
DELETE deactivates: nobody is deleted, and their history stays.
"""

import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ..models import ScimGroup, ScimUser
from ..permissions import people_of
from ..services import (
    scim_group_delete,
    scim_group_save,
    scim_token_authenticate,
    scim_user_create,
    scim_user_update,
)

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
CONTENT_TYPE = "application/scim+json"
MAX_COUNT = 200
FILTER = re.compile(r'^\s*(userName|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


def _json(data, status=200):
    return HttpResponse(json.dumps(data), status=status, content_type=CONTENT_TYPE)


def _error(status, detail, scim_type=None):
    body = {"schemas": [ERROR_SCHEMA], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    response = _json(body, status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kompas-scim"'
    return response


def scim_view(handler):
    """Bearer token of the organisation named in the URL, JSON in, SCIM errors out."""

    @csrf_exempt
    @login_not_required
    def view(request, organisation, **kwargs):
        found = scim_token_authenticate(
            organisation_slug=organisation, header=request.headers.get("Authorization", "")
        )
        if found is None:
            return _error(401, "A valid bearer token of this organisation is required.")
        body = None
        if request.method in ("POST", "PUT", "PATCH"):
            try:
                body = json.loads(request.body or b"null")
            except ValueError:
                return _error(400, "The body is not JSON.", "invalidSyntax")
            if not isinstance(body, dict):
                return _error(400, "The body must be a JSON object.", "invalidSyntax")
        try:
            return handler(request, found, body, **kwargs)
        except ValidationError as error:
            return _error(400, " ".join(error.messages), "invalidValue")

    return view


def _external_ids(organisation, users):
    return dict(
        ScimUser.objects.filter(organisation=organisation, user__in=users)
        .values_list("user_id", "external_id")
    )


def _resource(request, organisation, user, external_id=None):
    location = request.build_absolute_uri(
        reverse("scim:user", kwargs={"organisation": organisation.slug, "pk": user.pk})
    )
    resource = {
        "schemas": [USER_SCHEMA],
        "id": str(user.pk),
        "userName": user.email or user.username,
        "displayName": user.full_name,
        "name": {"formatted": user.full_name},
        "emails": [{"value": user.email, "type": "work", "primary": True}] if user.email else [],
        "active": user.is_active,
        "meta": {
            "resourceType": "User",
            "created": user.date_joined.isoformat(),
            "location": location,
        },
    }
    if external_id:
        resource["externalId"] = external_id
    return resource


def _truthy(value):
    # Entra ID sends "True"/"False" as strings in PATCH.
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def _name_of(body):
    name = body.get("name") or {}
    return (
        body.get("displayName")
        or name.get("formatted")
        or " ".join(filter(None, [name.get("givenName"), name.get("familyName")]))
    )


def _get_user(organisation, pk):
    if not str(pk).isdigit():
        return None
    return people_of(organisation).filter(pk=pk).first()


@scim_view
def users(request, organisation, body):
    if request.method == "GET":
        return _list(request, organisation)
    if request.method != "POST":
        return _error(405, "Use GET or POST.")
    user_name = body.get("userName")
    if not isinstance(user_name, str) or not user_name.strip():
        return _error(400, "userName is required.", "invalidValue")
    taken = get_user_model().objects.filter(
        Q(email__iexact=user_name.strip()) | Q(username__iexact=user_name.strip())
    )
    if taken.exists():
        return _error(409, "A person with this userName exists.", "uniqueness")
    person = scim_user_create(
        organisation=organisation, user_name=user_name, display_name=_name_of(body) or "",
        active=_truthy(body.get("active", True)), title=body.get("title") or "",
        external_id=body.get("externalId"),
    )
    return _json(_resource(request, organisation, person, body.get("externalId")), 201)


def _list(request, organisation):
    people = people_of(organisation).order_by("pk")
    expression = request.GET.get("filter")
    if expression:
        match = FILTER.match(expression)
        if match is None:
            return _error(400, 'Only userName eq "…" and externalId eq "…" are supported.',
                          "invalidFilter")
        attribute, value = match.group(1).lower(), match.group(2).replace('\\"', '"')
        if attribute == "username":
            people = people.filter(Q(email__iexact=value) | Q(username__iexact=value))
        else:
            people = people.filter(
                scim_identities__organisation=organisation, scim_identities__external_id=value
            )
    try:
        start = max(int(request.GET.get("startIndex", 1)), 1)
        count = min(max(int(request.GET.get("count", 100)), 0), MAX_COUNT)
    except ValueError:
        return _error(400, "startIndex and count must be numbers.", "invalidValue")
    total = people.count()
    page = list(people[start - 1:start - 1 + count])
    external = _external_ids(organisation, page)
    return _json({
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(page),
        "Resources": [_resource(request, organisation, u, external.get(u.pk)) for u in page],
    })


PATCH_PATHS = {
    "active": "active",
    "displayname": "display_name",
    "name.formatted": "display_name",
    "username": "user_name",
    'emails[type eq "work"].value': "user_name",
    "title": "title",
    "externalid": "external_id",
}


def _patch_changes(operations):
    changes = {}
    for operation in operations:
        op = str(operation.get("op", "")).lower()
        if op not in ("add", "replace", "remove"):
            raise _PatchError("invalidSyntax", f"Unknown op {operation.get('op')!r}.")
        path, value = operation.get("path"), operation.get("value")
        items = {path: value} if path else (value if isinstance(value, dict) else None)
        if items is None:
            raise _PatchError("invalidSyntax", "An operation without path needs an object.")
        for key, item in items.items():
            if key == "name" and isinstance(item, dict):
                key, item = "name.formatted", item.get("formatted")
            field = PATCH_PATHS.get(str(key).lower())
            if field is None:
                raise _PatchError("invalidPath", f"The path {key!r} cannot be changed here.")
            if op == "remove":
                if field not in ("title", "external_id"):
                    raise _PatchError("mutability", f"{key} cannot be removed.")
                item = ""
            changes[field] = _truthy(item) if field == "active" else item
    return changes


class _PatchError(Exception):
    def __init__(self, scim_type, detail):
        super().__init__(detail)
        self.scim_type, self.detail = scim_type, detail


@scim_view
def user(request, organisation, body, pk):
    person = _get_user(organisation, pk)
    if person is None:
        return _error(404, "No such user.")
    if request.method == "GET":
        return _json(_resource(request, organisation, person,
                               _external_ids(organisation, [person]).get(person.pk)))
    if request.method == "PUT":
        changes = {
            "user_name": body.get("userName") or person.email,
            "display_name": _name_of(body) or person.full_name,
            "active": _truthy(body.get("active", True)),
            "title": body.get("title") or "",
        }
        if "externalId" in body:
            changes["external_id"] = body["externalId"]
    elif request.method == "PATCH":
        if PATCH_SCHEMA not in (body.get("schemas") or []):
            return _error(400, "A PatchOp request is expected.", "invalidSyntax")
        try:
            changes = _patch_changes(body.get("Operations") or [])
        except _PatchError as error:
            return _error(400, error.detail, error.scim_type)
    elif request.method == "DELETE":
        scim_user_update(organisation=organisation, person=person, changes={"active": False})
        return HttpResponse(status=204)
    else:
        return _error(405, "Use GET, PUT, PATCH or DELETE.")
    person = scim_user_update(organisation=organisation, person=person, changes=changes)
    return _json(_resource(request, organisation, person,
                           _external_ids(organisation, [person]).get(person.pk)))


@scim_view
def service_provider_config(request, organisation, body):
    return _json({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_COUNT},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "Bearer token",
            "description": "A token created by the organisation's communications department.",
        }],
    })


# --- Groups ------------------------------------------------------------------------

GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
GROUP_FILTER = re.compile(
    r'^\s*(displayName|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE
)
MEMBER_PATH = re.compile(r'^members\[value eq "([^"]+)"\]$', re.IGNORECASE)


def _group_resource(request, organisation, group, members=True):
    resource = {
        "schemas": [GROUP_SCHEMA],
        "id": str(group.pk),
        "displayName": group.display_name,
        "meta": {
            "resourceType": "Group",
            "created": group.created_at.isoformat(),
            "location": request.build_absolute_uri(reverse(
                "scim:group", kwargs={"organisation": organisation.slug, "pk": group.pk}
            )),
        },
    }
    if group.external_id:
        resource["externalId"] = group.external_id
    if members:
        resource["members"] = [
            {"value": str(person.pk), "display": str(person)} for person in group.members.all()
        ]
    return resource


def _member_ids(value):
    if not isinstance(value, list):
        raise _PatchError("invalidValue", "members must be a list.")
    ids = []
    for member in value:
        if not isinstance(member, dict) or "value" not in member:
            raise _PatchError("invalidValue", "Each member needs a value.")
        ids.append(str(member["value"]))
    return ids


@scim_view
def groups(request, organisation, body):
    if request.method == "GET":
        found = ScimGroup.objects.for_organisation(organisation).prefetch_related("members")
        expression = request.GET.get("filter")
        if expression:
            match = GROUP_FILTER.match(expression)
            if match is None:
                return _error(400, 'Only displayName eq "…" and externalId eq "…" are '
                              "supported.", "invalidFilter")
            attribute, value = match.group(1).lower(), match.group(2).replace('\\"', '"')
            if attribute == "displayname":
                found = found.filter(display_name=value)
            else:
                found = found.filter(external_id=value)
        excluded = "members" in (request.GET.get("excludedAttributes") or "")
        page = list(found[:MAX_COUNT])
        return _json({
            "schemas": [LIST_SCHEMA], "totalResults": found.count(), "startIndex": 1,
            "itemsPerPage": len(page),
            "Resources": [_group_resource(request, organisation, g, not excluded) for g in page],
        })
    if request.method != "POST":
        return _error(405, "Use GET or POST.")
    try:
        members = _member_ids(body.get("members") or [])
    except _PatchError as error:
        return _error(400, error.detail, error.scim_type)
    if ScimGroup.objects.for_organisation(organisation).filter(
        display_name=(body.get("displayName") or "").strip()
    ).exists():
        return _error(409, "A group with this displayName exists.", "uniqueness")
    group = scim_group_save(
        organisation=organisation, group=None, display_name=body.get("displayName"),
        external_id=body.get("externalId"), replace=members,
    )
    return _json(_group_resource(request, organisation, group), 201)


@scim_view
def group(request, organisation, body, pk):
    found = ScimGroup.objects.for_organisation(organisation).filter(
        pk=int(pk) if str(pk).isdigit() else None
    ).first()
    if found is None:
        return _error(404, "No such group.")
    if request.method == "GET":
        return _json(_group_resource(request, organisation, found))
    if request.method == "DELETE":
        scim_group_delete(organisation=organisation, group=found)
        return HttpResponse(status=204)
    if request.method == "PUT":
        try:
            members = _member_ids(body.get("members") or [])
        except _PatchError as error:
            return _error(400, error.detail, error.scim_type)
        found = scim_group_save(
            organisation=organisation, group=found, display_name=body.get("displayName"),
            external_id=body.get("externalId"), replace=members,
        )
        return _json(_group_resource(request, organisation, found))
    if request.method != "PATCH":
        return _error(405, "Use GET, PUT, PATCH or DELETE.")
    if PATCH_SCHEMA not in (body.get("schemas") or []):
        return _error(400, "A PatchOp request is expected.", "invalidSyntax")
    add, remove, name, external = [], [], None, None
    try:
        for operation in body.get("Operations") or []:
            op = str(operation.get("op", "")).lower()
            path = str(operation.get("path") or "")
            value = operation.get("value")
            member = MEMBER_PATH.match(path)
            if op == "remove" and member:
                remove.append(member.group(1))
            elif path.lower() == "members" and op in ("add", "remove"):
                (add if op == "add" else remove).extend(_member_ids(value))
            elif op in ("add", "replace") and path.lower() == "displayname":
                name = value
            elif op in ("add", "replace") and path.lower() == "externalid":
                external = value
            elif op in ("add", "replace") and not path and isinstance(value, dict):
                name = value.get("displayName", name)
                external = value.get("externalId", external)
                if "members" in value:
                    add.extend(_member_ids(value["members"]))
            else:
                raise _PatchError("invalidPath", f"The operation {op} {path!r} is not supported.")
    except _PatchError as error:
        return _error(400, error.detail, error.scim_type)
    found = scim_group_save(
        organisation=organisation, group=found, display_name=name, external_id=external,
        add=add, remove=remove,
    )
    return _json(_group_resource(request, organisation, found))
