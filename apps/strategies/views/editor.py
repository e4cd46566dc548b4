"""The draft editor: the version's details and its content items, added, changed, moved and
deleted, as plain POST and redirect or swapped in place with htmx.
"""

import copy
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission

from .. import permissions, services
from ..forms import (
    CONTENT_TYPES,
    TOP_LEVEL_TYPES,
    ContentType,
    VersionForm,
    choice_rows,
    item_form_class,
)
from ..models import StrategyVersion
from .common import (
    add_service_errors,
    display,
    drafts_only,
    is_htmx,
)


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
        value = display(content_type.model, name, getattr(obj, name))
        if value:
            label = content_type.model._meta.get_field(name).verbose_name
            meta.append((label, value))
    excerpt = getattr(obj, content_type.text_field) if content_type.text_field else ""
    title = (
        display(content_type.model, content_type.title_field,
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
    """The htmx answer: one top-level list, swapped in place, and a status for screen readers.
    The choice lists that offer items of this list elsewhere on the page (a principle's
    value, an audience's stakeholder) come along, swapped out of band, so a value added
    a moment ago can be chosen at once."""
    top = content_type.top_level
    choices = choice_rows(version)
    block = _editor_block(version, top, choices, bound, reopen)
    response = render(
        request,
        "strategies/version_edit.html#content_block",
        {"version": version, "block": block, "status_message": message},
    )
    response.content += "".join(_choice_selects(version, top.model, choices)).encode()
    return response


def _choice_selects(version, model, choices):
    """The add forms' selects on the editor page that offer rows of `model`, fresh, each
    marked to replace its namesake out of band (htmx matches them by id)."""
    for content_type in TOP_LEVEL_TYPES:
        for dependent in (content_type, *content_type.child_types):
            fields = [
                name for name in dependent.fields
                if getattr(dependent.model._meta.get_field(name), "related_model", None) is model
            ]
            if not fields:
                continue
            parents = (
                [None] if dependent is content_type
                else list(content_type.model.objects.filter(version=version).only("pk"))
            )
            for parent in parents:
                form = _add_form(version, dependent, parent, choices=choices)
                for name in fields:
                    yield form[name].as_widget(attrs={"hx-swap-oob": "true"})


def _editor_url(version, anchor="") -> str:
    url = reverse("strategies:version_edit", args=[version.pk])
    return f"{url}#{anchor}" if anchor else url


def _item_anchor(content_type, obj) -> str:
    return f"item-{content_type.key}-{obj.pk}"


def _conflict_rows(model, conflict, form) -> list[dict]:
    return [
        {
            "label": form.fields[name].label if name in form.fields else name,
            "theirs": display(model, name, conflict.current[name]),
            "mine": display(model, name, conflict.submitted[name]),
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


@require_http_methods(["GET", "HEAD", "POST"])
@drafts_only
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
            add_service_errors(form, error)
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


@require_http_methods(["GET", "HEAD", "POST"])
@drafts_only
@once_per_submission
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
            add_service_errors(form, error)
        else:
            if is_htmx(request):
                # The add form stays open (and focused) for the next item.
                return _render_block(
                    request, version, content_type,
                    reopen=(content_type.key, parent.pk if parent else None),
                    message=_("“%(item)s” was added.") % {"item": item},
                )
            messages.success(request, _("“%(item)s” was added.") % {"item": item})
            return redirect(_editor_url(version, _item_anchor(content_type, item)))
    if is_htmx(request):
        return _render_block(
            request, version, content_type,
            bound={(content_type.key, parent.pk if parent else None): form},
            message=_("The item could not be added. Correct the errors in the form."),
        )
    return _render_item_form(request, version, content_type, form, parent=parent)


@require_http_methods(["GET", "HEAD", "POST"])
@drafts_only
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
            add_service_errors(form, error)
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


@require_http_methods(["GET", "HEAD", "POST"])
@drafts_only
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
    if is_htmx(request):
        return _render_block(request, version, content_type, message=message)
    messages.success(request, message)
    return redirect(_editor_url(version, f"block-{content_type.top_level.key}"))


@post_only("strategies:version_edit", pk="pk")
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
    if is_htmx(request):
        return _render_block(request, version, content_type, message=message)
    return redirect(_editor_url(version, _item_anchor(content_type, item)))
