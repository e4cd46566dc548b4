"""Reading a version, and moving it through its lifecycle.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core import page_cache
from apps.core.post_only import post_only
from apps.core.submissions import AlreadyMade, once_per_submission
from apps.organisations.selectors import header_organisation
from apps.records import selectors as records

from .. import permissions, rendering, selectors, services
from ..forms import (
    TRANSITION_LABELS,
    transition_form_class,
)
from ..models import VersionStatus
from .common import (
    add_service_errors,
    compare_with_adopted_url,
    export_button_available,
)


def _transition_forms(allowed, version, bound=None) -> list[dict]:
    """The lifecycle moves that `allowed` (the user's actions on the version) lets them
    make from the version's state, as forms."""
    bound = bound or {}
    moves = []
    for to_status, label in TRANSITION_LABELS.items():
        if to_status not in services.ALLOWED_TRANSITIONS[version.status]:
            continue
        if services.TRANSITION_ACTION[to_status] not in allowed:
            continue
        form = bound.get(to_status) or transition_form_class(to_status)(
            organisation=version.strategy.organisation, auto_id=f"id_{to_status}_%s"
        )
        moves.append({"to_status": to_status, "label": label, "form": form})
    return moves


def _render_version_detail(request, version, *, allowed=None, bound_forms=None):
    """The version's page; `allowed`: the user's actions on it, if the caller has them."""
    if allowed is None:
        allowed = permissions.allowed_actions(request.user, version)
    strategy = version.strategy
    adopted_exists = (
        version.status != VersionStatus.ADOPTED
        and strategy.versions.filter(status=VersionStatus.ADOPTED).exists()
    )
    moves = _transition_forms(allowed, version, bound_forms)
    # A refused move that is not (or no longer) offered still has to say why.
    offered = {move["to_status"] for move in moves}
    move_errors = [
        error
        for to_status, form in (bound_forms or {}).items() if to_status not in offered
        for error in form.errors.get("__all__", [])
    ]
    body = rendering.version_body(version)
    return render(
        request,
        "strategies/version_detail.html",
        {
            "version": version,
            "strategy": strategy,
            "body": body,
            "contents": rendering.body_contents(body),
            "may_edit": "change" in allowed,
            "may_new_draft": "new_draft" in allowed,
            # On a version the person sees, as on its strategy: the right to change.
            "may_audit": "audit" in allowed,
            "may_correct": "correct_record" in allowed,
            "record": records.record_of(version) if version.is_frozen else None,
            "moves": moves,
            "move_errors": move_errors,
            "history": version.transitions.select_related("actor").order_by("-created_at", "-pk"),
            "compare_url": compare_with_adopted_url(version) if adopted_exists else "",
            "export_button": export_button_available(),
            "in_force_beside": selectors.in_force_beside(version),
            "summary_url": _summary_url(request.user, version),
        },
    )


def _summary_url(user, version) -> str:
    """The consultation summary of a version that was in consultation, for those who may
    read it: it stays linked after the adoption and after going back to draft."""
    from apps.consultations import permissions as consultation_permissions
    from apps.consultations.models import Comment, Consultation

    was_consulted = (
        Consultation.objects.filter(version=version).exists()
        or Comment.objects.filter(version=version).exists()
    )
    if not was_consulted or not consultation_permissions.can_view_summary(user, version):
        return ""
    return reverse("consultations:summary", args=[version.pk])


def version_detail(request, pk):
    header = header_organisation(request)
    if header is not None and (kept := page_cache.kept_page(request, header, frozenset())):
        # Only a decided version of the header's organisation is kept (below), and it
        # stays decided: its kept page is served before the version is read. Whatever
        # else its page shows, the person's rights and roles included, raises a
        # generation of the organisation, which is part of the key.
        return kept
    version = permissions.version_in_reach(request.user, pk)

    def render():
        allowed = permissions.version_actions(request.user, version)
        return _render_version_detail(request, version, allowed=allowed)

    # Kept only for the organisation every page's header shows (the person's first;
    # apps/core/context_processors.py), so that the key's generations cover the header.
    if version is None or not version.is_frozen or header is None or (
        header.pk != version.strategy.organisation_id
    ):
        return render()
    # A decided version changes no more, and what its page shows besides (the
    # person's rights, its status, newer versions, names) raises the organisation's
    # generations that the kept page's key holds (apps/core/page_cache.py). A page
    # kept for this person under these generations was authorised when it was
    # rendered, and no right of theirs can have changed without a new key: the
    # permission queries are paid only when the page is rendered.
    return page_cache.serve(request, version.strategy.organisation, frozenset(), render)


# --- Lifecycle ---------------------------------------------------------------


@post_only("strategies:version_detail", pk="pk")
def version_transition(request, pk, to_status):
    if to_status not in TRANSITION_LABELS:
        raise Http404
    version = permissions.get_version_for_user(
        request.user, pk, services.TRANSITION_ACTION[to_status]
    )
    form = transition_form_class(to_status)(
        request.POST, organisation=version.strategy.organisation, auto_id=f"id_{to_status}_%s"
    )
    if form.is_valid():
        try:
            services.version_transition(
                version=version, actor=request.user, to_status=to_status,
                **form.service_kwargs(),
            )
        except ValidationError as error:  # TransitionError too
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is now “%(status)s”.")
                % {"number": version.number, "status": VersionStatus(to_status).label},
            )
            return redirect("strategies:version_detail", version.pk)
    version.refresh_from_db()
    return _render_version_detail(request, version, bound_forms={to_status: form})


@post_only("strategies:version_detail", pk="pk")
@once_per_submission
def version_new_draft(request, pk):
    source = permissions.get_version_for_user(request.user, pk, "new_draft")
    try:
        draft = services.version_new_draft(source=source, actor=request.user)
    except AlreadyMade as made:
        messages.info(
            request,
            _("Version %(number)s was already started from version %(source)s. Here it is.")
            % {"number": made.obj.number, "source": source.number},
        )
        return redirect("strategies:version_edit", made.obj.pk)
    messages.success(
        request,
        _("Version %(number)s was started as a copy of version %(source)s, which stays as it was.")
        % {"number": draft.number, "source": source.number},
    )
    return redirect("strategies:version_edit", draft.pk)


