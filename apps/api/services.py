"""API tokens: created and revoked by the communications department, kept hashed,
every change in the audit log."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record

from . import permissions
from .models import ApiToken

TOKEN_PREFIX = "kapi_"  # noqa: S105 (marks our tokens in logs; not a secret)


def token_hash(secret: str) -> str:
    return ApiToken.hash_secret(secret)


@transaction.atomic
def api_token_create(*, actor, organisation, name: str) -> tuple[ApiToken, str]:
    """A new token; returns it with the secret, which is never stored or shown again."""
    if actor is not None and not permissions.can(actor, permissions.MANAGE_TOKENS, organisation):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as “Intranet”.")})
    token, secret = ApiToken.issue(
        organisation=organisation, name=name, actor=actor, marker=TOKEN_PREFIX
    )
    audit_record(organisation=organisation, actor=actor, verb="api_token.created", obj=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if actor is not None and not permissions.can(
        actor, permissions.MANAGE_TOKENS, token.organisation
    ):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            organisation=token.organisation, actor=actor, verb="api_token.revoked", obj=token
        )
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The usable token whose secret this is, or None. Its last use is written at most
    once a minute."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable().select_related("organisation")
        .filter(token_hash=token_hash(secret)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
