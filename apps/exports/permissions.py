"""Who may export what, and who may see an export job and its file.

Exporting is reading: whoever may see a version may take it home as a PDF, drafts
included (only those allowed to see a draft can). A job is shared by everyone of
the organisation who may see what it printed. What it printed is the version in
the state it was in when the job was asked for, so a draft's PDF stays visible
only to those who may see drafts, even after the version has been adopted.
A consultation summary also needs the right to read the summary of the version as
it was then: during the consultation only those who prepare the strategy may, even
where others may see the version itself. Anything else is reported as missing (404),
never as forbidden.
"""

import copy

from django.http import Http404

from apps.consultations import permissions as consultation_permissions
from apps.strategies import permissions as strategy_permissions

from .models import ExportJob, ExportKind


def can_export(user, version) -> bool:
    return strategy_permissions.can(user, "view", version)


def get_version_for_export(user, pk):
    """The version to export, or 404 if it is missing or the user may not see it."""
    return strategy_permissions.get_version_for_user(user, pk, action="view")


def get_version_for_summary_export(user, pk):
    """The version whose consultation summary to export: for those who may read the
    summary page, with the same answers (404 out of reach, 403 not allowed)."""
    return consultation_permissions.get_version_for_user(user, pk, "summary")


def visible_jobs(user):
    return ExportJob.objects.filter(organisation__in=strategy_permissions.organisations_of(user))


def can_view_job(user, job: ExportJob) -> bool:
    if job.organisation_id != job.version.strategy.organisation_id:
        return False
    # Ask about the version as it was when exported, not as it is now.
    as_exported = copy.copy(job.version)
    as_exported.status = job.version_status
    if not strategy_permissions.can(user, "view", as_exported):
        return False
    if job.kind == ExportKind.CONSULTATION_SUMMARY:
        return consultation_permissions.can_view_summary(user, as_exported)
    return True


def get_job_for_user(user, pk) -> ExportJob:
    job = (
        visible_jobs(user)
        .select_related("version__strategy__organisation", "organisation")
        .filter(pk=pk)
        .first()
    )
    if job is None or not can_view_job(user, job):
        raise Http404
    return job
