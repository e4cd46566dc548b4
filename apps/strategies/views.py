"""Pages of the strategies app: reading, authoring and the lifecycle.

Views are thin. They fetch through `permissions` (404 for what the user cannot
see, 403 for what they see but may not do), let forms validate, call the
services and map the services' errors back onto the forms. Every editor form
works as a plain POST followed by a redirect; with htmx the item lists are
swapped in place instead.
"""

import copy
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView, FormView, ListView

from apps.audit.models import AuditEvent
from apps.core import page_cache
from apps.organisations.models import Organisation, RoleLevel

from . import permissions, rendering, services
from .forms import (
    CONTENT_TYPES,
    TOP_LEVEL_TYPES,
    TRANSITION_LABELS,
    ContentType,
    StrategyCreateForm,
    VersionForm,
    choice_rows,
    item_form_class,
    transition_form_class,
)
from .models import Strategy, StrategyVersion, VersionStatus, VersionTransition

EXPORT_BUTTON_TEMPLATE = "exports/includes/export_button.html"


# --- Helpers -----------------------------------------------------------------


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names, the rest on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _creatable_organisations(user):
    """Municipalities where the user may start a strategy: the rule strategy_create applies."""
    return (
        Organisation.objects.filter(
            role_assignments__user=user,
            role_assignments__role_level=RoleLevel.COMMUNICATIONS,
        )
        .distinct()
        .order_by("name")
    )


def _with_something_to_read(user, strategies):
    """Strategies minus those whose every version is a draft hidden from the user."""
    return strategies.filter(
        Q(pk__in=permissions.visible_versions(user).values("strategy_id"))
        | Q(versions__isnull=True)
    ).distinct()


def _get_strategy(user, pk, action: str = "view"):
    """A strategy the user may see: in their organisation and with a version they can read.

    A strategy whose only versions are drafts the user may not see is reported as
    missing, as the drafts themselves are.
    """
    strategy = permissions.get_strategy_for_user(user, pk)
    if not _with_something_to_read(user, Strategy.objects.filter(pk=strategy.pk)).exists():
        raise Http404
    if action != "view" and not permissions.can(user, action, strategy):
        raise PermissionDenied
    return strategy


def _compare_with_adopted_url(version) -> str:
    # The comparison views arrive separately; the agreed path stands in until they do.
    try:
        return reverse("compare:with_adopted", args=[version.pk])
    except NoReverseMatch:
        return f"/compare/versions/{version.pk}/adopted/"


def _export_button_available() -> bool:
    try:
        get_template(EXPORT_BUTTON_TEMPLATE)
    except TemplateDoesNotExist:
        return False
    return True


def _display(model, name, value) -> str:
    """A stored or submitted value as a reader would say it."""
    if value is None or value == "":
        return ""
    model_field = model._meta.get_field(name)
    if isinstance(value, models.Model):
        return str(value)
    if name == "month" and value in MONTHS:
        return str(MONTHS[value])
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat"):
        return formats.date_format(value)
    return str(value)


# --- Strategies --------------------------------------------------------------


class StrategyListView(ListView):
    template_name = "strategies/strategy_list.html"
    context_object_name = "strategies"

    def get_queryset(self):
        user = self.request.user
        shown = permissions.visible_versions(user)
        return (
            _with_something_to_read(user, permissions.visible_strategies(user))
            .select_related("organisation")
            .prefetch_related(
                Prefetch("versions", queryset=shown.order_by("-number"), to_attr="shown_versions")
            )
            .order_by("title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        may_create = _creatable_organisations(user).exists()
        rows = []
        for strategy in context["strategies"]:
            has_draft = any(v.status == VersionStatus.DRAFT for v in strategy.shown_versions)
            # Only someone who may create strategies can ever edit one; skip the check otherwise.
            may_edit = may_create and has_draft and permissions.can(user, "change", strategy)
            rows.append(
                {
                    "strategy": strategy,
                    "versions": [
                        {"version": v, "may_edit": may_edit and v.status == VersionStatus.DRAFT}
                        for v in strategy.shown_versions
                    ],
                }
            )
        context.update(rows=rows, may_create=may_create)
        return context


class StrategyCreateView(FormView):
    template_name = "strategies/strategy_form.html"
    form_class = StrategyCreateForm

    def dispatch(self, request, *args, **kwargs):
        self.organisations = _creatable_organisations(request.user)
        if not self.organisations.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": self.organisations}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            strategy = services.strategy_create(
                organisation=data["organisation"], actor=self.request.user,
                title=data["title"], subtitle=data["subtitle"], kind=data["kind"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        draft = strategy.versions.get()
        messages.success(
            self.request, _("The strategy was created. Its first draft is ready to be written.")
        )
        return redirect("strategies:version_edit", draft.pk)


class StrategyDetailView(DetailView):
    template_name = "strategies/strategy_detail.html"
    context_object_name = "strategy"

    def get_object(self, queryset=None):
        return _get_strategy(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, strategy = self.request.user, self.object
        versions = list(
            permissions.visible_versions(user).filter(strategy=strategy)
            .select_related("created_by").order_by("-number")
        )
        may_change = permissions.can(user, "change", strategy)
        adopted = next((v for v in versions if v.status == VersionStatus.ADOPTED), None)
        context.update(
            versions=[
                {
                    "version": v,
                    # The version-level rules of permissions.can, decided without a query each.
                    "may_edit": may_change and v.status == VersionStatus.DRAFT,
                    "may_new_draft": may_change and v.is_frozen,
                    "compare_url": (
                        _compare_with_adopted_url(v) if adopted and v.pk != adopted.pk else ""
                    ),
                }
                for v in versions
            ],
            history=VersionTransition.objects.filter(version__in=[v.pk for v in versions])
            .select_related("actor", "version")
            .order_by("-created_at", "-pk"),
            may_audit=permissions.can(user, "audit", strategy),
            export_button=_export_button_available(),
        )
        return context


# --- Audit log ---------------------------------------------------------------

_AUDIT_VERBS = {
    "strategy.create": gettext_lazy("Created the strategy"),
    "version.update": gettext_lazy("Changed the version's details"),
    "version.new_draft": gettext_lazy("Started a new draft"),
    "content.create": gettext_lazy("Added content"),
    "content.update": gettext_lazy("Changed content"),
    "content.delete": gettext_lazy("Deleted content"),
    "content.move": gettext_lazy("Moved content"),
    f"version.{VersionStatus.DRAFT}": gettext_lazy("Moved the version back to draft"),
    f"version.{VersionStatus.CONSULTATION}": gettext_lazy("Sent the version to consultation"),
    f"version.{VersionStatus.PROPOSED}": gettext_lazy("Proposed the version to the council"),
    f"version.{VersionStatus.ADOPTED}": gettext_lazy("Recorded the adoption"),
    f"version.{VersionStatus.WITHDRAWN}": gettext_lazy("Withdrew the version"),
}
_OBJECT_NAMES = {
    "Strategy": Strategy._meta.verbose_name,
    "StrategyVersion": StrategyVersion._meta.verbose_name,
    **{t.model.__name__: t.verbose_name for t in CONTENT_TYPES.values()},
}


def _audit_details(event) -> str:
    data = event.data or {}
    parts = []
    if event.verb == "content.move":
        parts.append(_("Moved up.") if data.get("direction", 0) < 0 else _("Moved down."))
    if "from" in data and "to" in data:
        labels = dict(VersionStatus.choices)
        parts.append(
            _("From “%(from)s” to “%(to)s”.")
            % {"from": labels.get(data["from"], data["from"]),
               "to": labels.get(data["to"], data["to"])}
        )
    if data.get("case_reference"):
        parts.append(_("Case reference: %(ref)s.") % {"ref": data["case_reference"]})
    if data.get("note"):
        parts.append(_("Note: %(note)s") % {"note": data["note"]})
    if event.verb == "version.update" and data.get("fields"):
        names = [
            str(StrategyVersion._meta.get_field(name).verbose_name)
            for name in data["fields"] if name in services.VERSION_EDITABLE_FIELDS
        ]
        parts.append(_("Fields: %(fields)s.") % {"fields": ", ".join(names)})
    return " ".join(parts)


class StrategyAuditView(ListView):
    template_name = "strategies/audit_log.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        self.strategy = _get_strategy(self.request.user, self.kwargs["pk"], "audit")
        return (
            AuditEvent.objects.filter(organisation_id=self.strategy.organisation_id)
            .filter(
                Q(version__strategy=self.strategy)
                | Q(object_type="Strategy", object_id=self.strategy.pk)
            )
            .select_related("actor", "version")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["strategy"] = self.strategy
        context["rows"] = [
            {
                "event": event,
                "what": _AUDIT_VERBS.get(event.verb, event.verb),
                "kind": _OBJECT_NAMES.get(event.object_type, ""),
                "details": _audit_details(event),
            }
            for event in context["events"]
        ]
        return context


# --- Reading a version -------------------------------------------------------


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
    return render(
        request,
        "strategies/version_detail.html",
        {
            "version": version,
            "strategy": strategy,
            "body": rendering.version_body(version),
            "may_edit": "change" in allowed,
            "may_new_draft": "new_draft" in allowed,
            # On a version the person sees, as on its strategy: the right to change.
            "may_audit": "audit" in allowed,
            "moves": moves,
            "move_errors": move_errors,
            "history": version.transitions.select_related("actor").order_by("-created_at", "-pk"),
            "compare_url": _compare_with_adopted_url(version) if adopted_exists else "",
            "export_button": _export_button_available(),
        },
    )


def _in_header(user, version) -> bool:
    """Whether the version's organisation is the one every page's header shows (the
    person's first; apps/core/context_processors.py), so that the kept page's key
    (that organisation's generations) covers the header too. 1 query."""
    header = permissions.organisations_of(user).values_list("pk", flat=True).first()
    return header == version.strategy.organisation_id


def version_detail(request, pk):
    version = permissions.version_in_reach(request.user, pk)

    def render():
        allowed = permissions.version_actions(request.user, version)
        return _render_version_detail(request, version, allowed=allowed)

    if version is None or not version.is_frozen or not _in_header(request.user, version):
        return render()
    # A decided version changes no more, and what its page shows besides (the
    # person's rights, its status, newer versions, names) raises the organisation's
    # generations that the kept page's key holds (apps/core/page_cache.py). A page
    # kept for this person under these generations was authorised when it was
    # rendered, and no right of theirs can have changed without a new key: the
    # permission queries are paid only when the page is rendered.
    return page_cache.serve(request, version.strategy.organisation, frozenset(), render)


# --- Lifecycle ---------------------------------------------------------------


@require_POST
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
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is now “%(status)s”.")
                % {"number": version.number, "status": VersionStatus(to_status).label},
            )
            return redirect("strategies:version_detail", version.pk)
    version.refresh_from_db()
    return _render_version_detail(request, version, bound_forms={to_status: form})


@require_POST
def version_new_draft(request, pk):
    source = permissions.get_version_for_user(request.user, pk, "new_draft")
    draft = services.version_new_draft(source=source, actor=request.user)
    messages.success(
        request,
        _("Version %(number)s was started as a copy of version %(source)s, which stays as it was.")
        % {"number": draft.number, "source": source.number},
    )
    return redirect("strategies:version_edit", draft.pk)


# --- The draft editor --------------------------------------------------------


@dataclass
class EditorItem:
    obj: object
    title: str
    meta: list
    excerpt: str
    first: bool
    last: bool
    children: list = field(default_factory=list)


@dataclass
class EditorBlock:
    """One list of the editor: a content type's items, with the form that adds one more."""

    type: ContentType
    items: list
    add_form: object
    parent: object = None
    open: bool = False

    @property
    def dom_id(self):
        suffix = f"-{self.parent.pk}" if self.parent is not None else ""
        return f"block-{self.type.key}{suffix}"


def _editor_item(content_type, obj, index, count) -> EditorItem:
    meta = []
    for name in content_type.summary_fields:
        value = _display(content_type.model, name, getattr(obj, name))
        if value:
            label = content_type.model._meta.get_field(name).verbose_name
            meta.append((label, value))
    excerpt = getattr(obj, content_type.text_field) if content_type.text_field else ""
    title = (
        _display(content_type.model, content_type.title_field,
                 getattr(obj, content_type.title_field))
        if content_type.title_field else str(obj)
    )
    return EditorItem(
        obj=obj, title=title or _("Untitled item"), meta=meta, excerpt=excerpt or "",
        first=index == 0, last=index == count - 1,
    )


def _item_auto_id(content_type, parent) -> str:
    return f"id_{content_type.key}_{parent.pk if parent is not None else 'new'}_%s"


def _add_form(version, content_type, parent=None, data=None, choices=None):
    return item_form_class(content_type.key)(
        data, version=version, content_type=content_type, choices=choices,
        auto_id=_item_auto_id(content_type, parent),
    )


def _editor_block(version, content_type, choices, bound=None, reopen=None) -> EditorBlock:
    """A top-level type's items with their children, in a fixed number of queries.

    `bound` holds forms with errors to show instead of empty ones, and `reopen` the
    (type key, parent pk) whose add form stays open after an item was added with htmx.
    """
    bound = bound or {}
    rows = content_type.model.objects.filter(version=version)
    if content_type.link_fields:
        rows = rows.select_related(*content_type.link_fields)
    for child in content_type.child_types:
        children = child.model.objects.order_by("position", "pk")
        if child.link_fields:
            children = children.select_related(*child.link_fields)
        rows = rows.prefetch_related(Prefetch(child.accessor, queryset=children))
    rows = list(rows)
    items = []
    for index, row in enumerate(rows):
        item = _editor_item(content_type, row, index, len(rows))
        for child in content_type.child_types:
            child_rows = list(getattr(row, child.accessor).all())
            bound_form = bound.get((child.key, row.pk))
            item.children.append(
                EditorBlock(
                    type=child,
                    items=[
                        _editor_item(child, c, i, len(child_rows))
                        for i, c in enumerate(child_rows)
                    ],
                    add_form=bound_form or _add_form(version, child, row, choices=choices),
                    parent=row,
                    open=bound_form is not None or reopen == (child.key, row.pk),
                )
            )
        items.append(item)
    bound_form = bound.get((content_type.key, None))
    return EditorBlock(
        type=content_type, items=items,
        add_form=bound_form or _add_form(version, content_type, choices=choices),
        open=bound_form is not None or reopen == (content_type.key, None),
    )


def _render_editor(request, version, *, version_form=None, conflict_rows=None):
    choices = choice_rows(version)
    return render(
        request,
        "strategies/version_edit.html",
        {
            "version": version,
            "strategy": version.strategy,
            "version_form": version_form
            or VersionForm(instance=copy.copy(version), auto_id="id_version_%s"),
            "conflict_rows": conflict_rows or [],
            "blocks": [_editor_block(version, t, choices) for t in TOP_LEVEL_TYPES],
        },
    )


def _render_block(request, version, content_type, *, bound=None, reopen=None, message=""):
    """The htmx answer: one top-level list, swapped in place, and a status for screen readers."""
    top = content_type.top_level
    block = _editor_block(version, top, choice_rows(version), bound, reopen)
    return render(
        request,
        "strategies/version_edit.html#content_block",
        {"version": version, "block": block, "status_message": message},
    )


def _editor_url(version, anchor="") -> str:
    url = reverse("strategies:version_edit", args=[version.pk])
    return f"{url}#{anchor}" if anchor else url


def _item_anchor(content_type, obj) -> str:
    return f"item-{content_type.key}-{obj.pk}"


def _conflict_rows(model, conflict, form) -> list[dict]:
    return [
        {
            "label": form.fields[name].label if name in form.fields else name,
            "theirs": _display(model, name, conflict.current[name]),
            "mine": _display(model, name, conflict.submitted[name]),
        }
        for name in conflict.fields
    ]


def _merged_initial(fresh, fields, submitted: dict, base: dict) -> dict:
    """Start the next attempt from what is stored now, keeping every change the editor made.

    Fields the editor left alone take the stored value (someone else may have
    changed them); fields the editor changed keep the editor's text. The new base
    is the stored state, so saving again deliberately replaces the other text.
    """
    mine = services.snapshot(SimpleNamespace(**submitted), list(submitted))
    initial = {}
    for name in fields:
        changed = name in submitted and (name not in base or mine[name] != base[name])
        initial[name] = submitted[name] if changed else getattr(fresh, name)
    initial["base"] = services.snapshot(fresh, fields)
    return initial


@require_http_methods(["GET", "POST"])
def version_edit(request, pk):
    """The draft editor: the version's own fields, and every list of its content."""
    version = permissions.get_version_for_user(request.user, pk, "change")
    if request.method != "POST":
        return _render_editor(request, version)
    form = VersionForm(request.POST, instance=copy.copy(version), auto_id="id_version_%s")
    conflict_rows = []
    if form.is_valid():
        try:
            services.version_update(
                version=version, actor=request.user, data=form.service_data(),
                base=form.cleaned_data["base"],
            )
        except services.EditConflict as conflict:
            fresh = StrategyVersion.objects.get(pk=version.pk)
            conflict_rows = _conflict_rows(StrategyVersion, conflict, form)
            form = VersionForm(
                instance=copy.copy(fresh), auto_id="id_version_%s",
                initial=_merged_initial(
                    fresh, services.VERSION_EDITABLE_FIELDS, form.service_data(),
                    form.cleaned_data["base"],
                ),
            )
            version = fresh
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The version's details were saved."))
            return redirect(_editor_url(version, "version-details"))
    return _render_editor(request, version, version_form=form, conflict_rows=conflict_rows)


def _content_type_or_404(key) -> ContentType:
    content_type = CONTENT_TYPES.get(key)
    if content_type is None:
        raise Http404
    return content_type


def _parent_or_404(version, content_type, parent_pk):
    if content_type.parent_field is None:
        if parent_pk is not None:
            raise Http404
        return None
    if parent_pk is None:
        raise Http404
    parent = content_type.parent_model.objects.filter(version=version, pk=parent_pk).first()
    if parent is None:
        raise Http404
    return parent


def _item_or_404(version, content_type, item_pk):
    item = content_type.model.objects.filter(version=version, pk=item_pk).first()
    if item is None:
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
def item_add(request, pk, type_key, parent_pk=None):
    version = permissions.get_version_for_user(request.user, pk, "change")
    content_type = _content_type_or_404(type_key)
    parent = _parent_or_404(version, content_type, parent_pk)
    if request.method != "POST":
        form = _add_form(version, content_type, parent)
        return _render_item_form(request, version, content_type, form, parent=parent)
    form = _add_form(version, content_type, parent, data=request.POST)
    if form.is_valid():
        data = form.service_data()
        if parent is not None:
            data[content_type.parent_field] = parent
        try:
            item = services.content_item_save(
                version=version, actor=request.user, model=content_type.model, data=data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if _is_htmx(request):
                # The add form stays open (and focused) for the next item.
                return _render_block(
                    request, version, content_type,
                    reopen=(content_type.key, parent.pk if parent else None),
                    message=_("“%(item)s” was added.") % {"item": item},
                )
            messages.success(request, _("“%(item)s” was added.") % {"item": item})
            return redirect(_editor_url(version, _item_anchor(content_type, item)))
    if _is_htmx(request):
        return _render_block(
            request, version, content_type,
            bound={(content_type.key, parent.pk if parent else None): form},
            message=_("The item could not be added. Correct the errors in the form."),
        )
    return _render_item_form(request, version, content_type, form, parent=parent)


@require_http_methods(["GET", "POST"])
def item_edit(request, pk, type_key, item_pk):
    version = permissions.get_version_for_user(request.user, pk, "change")
    content_type = _content_type_or_404(type_key)
    form_class = item_form_class(content_type.key)
    item = content_type.model.objects.filter(version=version, pk=item_pk).first()
    if item is None and request.method == "POST":
        return _render_deleted_meanwhile(request, version, content_type, form_class)
    if item is None:
        raise Http404
    if request.method != "POST":
        form = form_class(instance=copy.copy(item), version=version, content_type=content_type)
        return _render_item_form(request, version, content_type, form, item=item)
    form = form_class(
        request.POST, instance=copy.copy(item), version=version, content_type=content_type
    )
    conflict_rows = []
    if form.is_valid():
        try:
            saved = services.content_item_save(
                version=version, actor=request.user, model=content_type.model,
                data=form.service_data(), instance=item, base=form.cleaned_data["base"],
            )
        except services.EditConflict as conflict:
            fresh = content_type.model.objects.get(pk=item.pk)
            conflict_rows = _conflict_rows(content_type.model, conflict, form)
            form = form_class(
                instance=copy.copy(fresh), version=version, content_type=content_type,
                initial=_merged_initial(
                    fresh, content_type.fields, form.service_data(), form.cleaned_data["base"]
                ),
            )
        except ObjectDoesNotExist:
            return _render_deleted_meanwhile(request, version, content_type, form_class)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("“%(item)s” was saved.") % {"item": saved})
            return redirect(_editor_url(version, _item_anchor(content_type, saved)))
    return _render_item_form(
        request, version, content_type, form, item=item, conflict_rows=conflict_rows
    )


def _render_deleted_meanwhile(request, version, content_type, form_class):
    """The item is gone: show the editor's text once more so nothing typed is lost."""
    form = form_class(
        request.POST, instance=content_type.model(version=version), version=version,
        content_type=content_type,
    )
    form.is_valid()
    form.add_error(
        None,
        _("Someone else has deleted this item, so your changes could not be saved. "
          "Copy your text from the form if you want to keep it."),
    )
    return _render_item_form(request, version, content_type, form)


def _render_item_form(request, version, content_type, form, *, item=None, parent=None,
                      conflict_rows=None):
    return render(
        request,
        "strategies/item_form.html",
        {
            "version": version,
            "strategy": version.strategy,
            "content_type": content_type,
            "form": form,
            "item": item,
            "parent": parent,
            "conflict_rows": conflict_rows or [],
            "cancel_url": _editor_url(
                version,
                _item_anchor(content_type, item) if item else f"block-{content_type.top_level.key}",
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def item_delete(request, pk, type_key, item_pk):
    version = permissions.get_version_for_user(request.user, pk, "change")
    content_type = _content_type_or_404(type_key)
    item = _item_or_404(version, content_type, item_pk)
    if request.method != "POST":
        return render(
            request,
            "strategies/item_confirm_delete.html",
            {"version": version, "strategy": version.strategy, "content_type": content_type,
             "item": item, "cancel_url": _editor_url(version, _item_anchor(content_type, item))},
        )
    name = str(item) or _("Untitled item")
    try:
        services.content_item_delete(version=version, actor=request.user, instance=item)
    except ObjectDoesNotExist:
        pass  # someone else deleted it first: the outcome is the same
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("strategies:version_detail", version.pk)
    message = _("“%(item)s” was deleted.") % {"item": name}
    if _is_htmx(request):
        return _render_block(request, version, content_type, message=message)
    messages.success(request, message)
    return redirect(_editor_url(version, f"block-{content_type.top_level.key}"))


@require_POST
def item_move(request, pk, type_key, item_pk):
    version = permissions.get_version_for_user(request.user, pk, "change")
    content_type = _content_type_or_404(type_key)
    item = _item_or_404(version, content_type, item_pk)
    direction = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if direction is None or not content_type.orderable:
        raise Http404
    try:
        services.content_item_move(
            version=version, actor=request.user, instance=item, direction=direction
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("strategies:version_detail", version.pk)
    message = (
        _("“%(item)s” was moved up.") if direction < 0 else _("“%(item)s” was moved down.")
    ) % {"item": str(item) or _("Untitled item")}
    if _is_htmx(request):
        return _render_block(request, version, content_type, message=message)
    return redirect(_editor_url(version, _item_anchor(content_type, item)))
