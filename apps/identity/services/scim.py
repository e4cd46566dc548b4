"""SCIM 2.0 provisioning (RFC 7643/7644): bearer tokens per organisation, and the writes
an identity provider makes to people. The protocol itself is in apps/identity/scim."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.organisations.models import AssignmentSource, Organisation, RoleAssignment, RoleLevel
from apps.organisations.services import role_assignment_create

from .. import permissions
from ..models import ScimToken, ScimUser
from ..permissions import ADMINISTER
from .administration import _check_email

User = get_user_model()

__all__ = [
    "scim_token_authenticate",
    "scim_token_create",
    "scim_token_revoke",
    "scim_user_create",
    "scim_user_update",
]

TOKEN_PREFIX = "kscim_"  # noqa: S105 (marks our tokens in logs; not a secret)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def scim_token_create(*, actor, organisation: Organisation, name: str) -> tuple[ScimToken, str]:
    """A new token; returns it with the secret, which is never stored or shown again."""
    permissions.require(actor, ADMINISTER, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as “Entra ID”.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(
        organisation=organisation, name=name[:100], token_hash=_hash(secret),
        prefix=secret[len(TOKEN_PREFIX):][:6], created_by=actor,
    )
    audit_record(organisation=organisation, actor=actor, verb="scim_token.created", obj=token)
    return token, secret


@transaction.atomic
def scim_token_revoke(*, actor, token: ScimToken) -> ScimToken:
    permissions.require(actor, ADMINISTER, token.organisation)
    token = ScimToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            organisation=token.organisation, actor=actor, verb="scim_token.revoked", obj=token
        )
    return token


def scim_token_authenticate(*, organisation_slug: str, header: str) -> Organisation | None:
    """The organisation a request's `Authorization: Bearer …` header provisions, or None."""
    scheme, _space, secret = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ScimToken.objects.usable().select_related("organisation")
        .filter(token_hash=_hash(secret.strip()), organisation__slug=organisation_slug)
        .first()
    )
    if token is None:
        return None
    # At most once a minute: a provisioning cycle makes thousands of requests.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.organisation


def _external(organisation, user, external_id):
    if external_id is None:
        return
    ScimUser.objects.update_or_create(
        organisation=organisation, user=user, defaults={"external_id": external_id[:255]}
    )


@transaction.atomic
def scim_user_create(
    *, organisation: Organisation, user_name: str, display_name: str, active: bool = True,
    title: str = "", external_id: str | None = None,
):
    """A person the identity provider creates: an employee of the whole organisation
    until a group (or the communications department) gives them their unit."""
    email = _check_email(email=user_name)
    display_name = (display_name or "").strip() or email
    person = User(username=email, email=email, full_name=display_name[:200],
                  preferred_language="", is_active=active)
    person.set_unusable_password()
    person.save()
    assignment = role_assignment_create(
        user=person, organisation=organisation, role_level=RoleLevel.EMPLOYEE,
        title=title[:200],
    )
    assignment.source = AssignmentSource.SCIM
    assignment.save(update_fields=["source", "updated_at"])
    _external(organisation, person, external_id)
    audit_record(
        organisation=organisation, actor=None, verb="person.created", obj=person,
        data={"email": email, "source": "scim"},
    )
    return person


@transaction.atomic
def scim_user_update(*, organisation: Organisation, person, changes: dict):
    """Apply what the identity provider says changed: user_name, display_name, active,
    title, external_id. Deactivation keeps the person and their history."""
    person = permissions.people_of(organisation).select_for_update().get(pk=person.pk)
    fields, record = [], {}
    if "user_name" in changes:
        email = _check_email(email=changes["user_name"], person=person)
        if email != person.email:
            record["email"] = {"from": person.email, "to": email}
            person.email = person.username = email
            fields += ["email", "username"]
    if "display_name" in changes:
        name = (changes["display_name"] or "").strip()[:200]
        if name and name != person.full_name:
            record["full_name"] = {"from": person.full_name, "to": name}
            person.full_name = name
            fields.append("full_name")
    verb = "person.changed"
    if "active" in changes and bool(changes["active"]) != person.is_active:
        person.is_active = bool(changes["active"])
        fields.append("is_active")
        verb = "person.reactivated" if person.is_active else "person.deactivated"
    if fields:
        person.save(update_fields=fields)
        audit_record(organisation=organisation, actor=None, verb=verb, obj=person,
                     data={**record, "source": "scim"})
    if "title" in changes:
        RoleAssignment.objects.filter(
            organisation=organisation, user=person, source=AssignmentSource.SCIM
        ).exclude(title=changes["title"] or "").update(title=(changes["title"] or "")[:200])
    _external(organisation, person, changes.get("external_id"))
    return person
