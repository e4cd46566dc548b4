"""Who may bring documents in, review them, and download a draft's original file.

Imports in review belong to the communications department of their organisation; once
the draft exists, its original file (bilag) may be read by whoever may read the draft.
Anything outside the user's reach is reported as missing (404), never as forbidden.
"""

from django.http import Http404

from apps.organisations.models import Organisation, RoleAssignment, RoleLevel
from apps.strategies import permissions as strategy_permissions

from .models import DocumentImport, ImportStatus


def importing_organisations(user):
    """The organisations whose communications department the user belongs to."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=RoleAssignment.objects.filter(
            user=user, role_level=RoleLevel.COMMUNICATIONS
        ).values("organisation_id")
    )


def can_import(user, organisation) -> bool:
    return importing_organisations(user).filter(pk=organisation.pk).exists()


def visible_to(user, action: str = "review"):
    """Imports in review the user may work on."""
    if action != "review":
        raise ValueError(f"unknown action {action!r}")
    return DocumentImport.objects.filter(
        organisation__in=importing_organisations(user), status=ImportStatus.REVIEW
    )


def get_import_for_review(user, pk) -> DocumentImport:
    document_import = visible_to(user).select_related("organisation").filter(pk=pk).first()
    if document_import is None:
        raise Http404
    return document_import


def get_import_for_download(user, pk) -> DocumentImport:
    """The import whose file the user may download: in review for its communications
    department, or attached to a draft (any version) the user may read."""
    document_import = (
        DocumentImport.objects.filter(
            organisation__in=strategy_permissions.organisations_of(user)
        ).select_related("version__strategy__organisation").filter(pk=pk).first()
    )
    if document_import is None or not document_import.file:
        raise Http404
    if document_import.status == ImportStatus.REVIEW:
        if not can_import(user, document_import.organisation):
            raise Http404
        return document_import
    if document_import.version is None:
        raise Http404
    # 404 as the version page answers when the user may not read the version.
    strategy_permissions.version_actions(user, document_import.version)
    return document_import
