"""Every write of an import: reading a document in, the review's changes, creating the
draft (through the strategies services), and discarding an import not wanted."""

import contextlib
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core.submissions import AlreadyMade
from apps.strategies import models as sm
from apps.strategies import permissions as strategy_permissions
from apps.strategies import services as strategy_services

from . import permissions
from . import recognise as r
from .models import DocumentImport, ImportStatus
from .plan import Plan, build_plan
from .reading import Block, UnreadableDocument, read_document, read_pasted
from .reading.safety import MAX_BYTES
from .vocabulary import role_level_of

PASTED = "pasted"

# Rows whose parent is another row of the plan, by the field that points at it.
PARENT_FIELD = {
    "Indicator": "goal", "ResponsibilityItem": "responsibility", "RoleSender":
    "municipality_role", "RoleAudience": "municipality_role", "Channel": "platform",
}


def read(*, name: str = "", data: bytes | None = None, text: str | None = None):
    """(format, blocks, proposals) of a file or a pasted text; ValidationError if unreadable."""
    try:
        if data is not None:
            file_format, blocks = read_document(name, data)
        else:
            if len((text or "").encode()) > MAX_BYTES:
                raise UnreadableDocument(_("The text is larger than 20 MB."))
            file_format, blocks = PASTED, read_pasted(text or "")
            if not blocks:
                raise UnreadableDocument(_("Paste the text of the document first."))
    except UnreadableDocument as error:
        raise ValidationError(str(error.message), code="unreadable") from error
    return file_format, blocks, r.propose(blocks)


def import_prepare(
    *, organisation, actor, name: str = "", data: bytes | None = None, text: str | None = None
) -> DocumentImport:
    """Read a document and keep it for review. Nothing is stored if it cannot be read,
    and the file goes again if the row cannot be written."""
    if not permissions.can_import(actor, organisation):
        raise PermissionDenied
    file_format, blocks, proposals = read(name=name, data=data, text=text)
    raw = data if data is not None else (text or "").encode()
    document_import = DocumentImport(
        organisation=organisation, uploaded_by=actor, file_format=file_format,
        original_name=(name or _("Pasted text.txt"))[:255], size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        blocks=[b.to_dict() for b in blocks], proposals=[p.to_dict() for p in proposals],
    )
    plan = plan_of(document_import)
    document_import.title = plan.title
    document_import.adoption = plan.adoption.to_dict() if plan.adoption else {}
    document_import.summary = r.fidelity(proposals)
    extension = "txt" if file_format == PASTED else file_format
    with files_removed_on_failure() as written, transaction.atomic():
        document_import.file.save(
            f"{document_import.sha256[:16]}.{extension}", ContentFile(raw), save=False
        )
        written.append(document_import.file)
        document_import.save()
        audit_record(organisation=organisation, actor=actor, verb="import.prepare",
                     obj=document_import,
                     data={"format": file_format, "blocks": len(blocks)})
    return document_import


@contextlib.contextmanager
def files_removed_on_failure():
    """Files written inside the block are deleted again if it raises."""
    written = []
    try:
        yield written
    except BaseException:
        for field_file in written:
            if field_file.name and field_file.storage.exists(field_file.name):
                field_file.storage.delete(field_file.name)
        raise


def plan_of(document_import: DocumentImport) -> Plan:
    blocks = [Block.from_dict(b) for b in document_import.blocks]
    proposals = [r.Proposal(**p) for p in document_import.proposals]
    return build_plan(blocks, proposals)


@transaction.atomic
def import_review_update(
    *, document_import: DocumentImport, actor, changes: list[dict]
) -> DocumentImport:
    """The reviewer's choices: per block its label, role level and priority."""
    locked = _lock_for_review(document_import, actor)
    proposals = list(locked.proposals)
    for index, change in enumerate(changes[: len(proposals)]):
        if not change:
            continue
        label = change.get("label", proposals[index]["label"])
        if label not in r.LABELS:
            raise ValidationError(_("Choose one of the offered types."))
        proposals[index] = {**proposals[index], "label": label,
                            "role_level": change.get("role_level", "") or "",
                            "priority": change.get("priority")}
        if label == r.RESPONSIBILITY and not proposals[index]["role_level"]:
            text = locked.blocks[index]["text"]
            proposals[index]["role_level"] = role_level_of(text.split(":")[0]) or "employee"
    locked.proposals = proposals
    locked.summary = r.fidelity([r.Proposal(**p) for p in proposals])
    locked.save(update_fields=["proposals", "summary", "updated_at"])
    return locked


@transaction.atomic
def import_merge(*, document_import: DocumentImport, actor, index: int) -> DocumentImport:
    """Join block `index` to the block before it (a paragraph broken in two)."""
    locked = _lock_for_review(document_import, actor)
    if not 0 < index < len(locked.blocks):
        raise ValidationError(_("There is no block before this one to join it to."))
    blocks, proposals = list(locked.blocks), list(locked.proposals)
    before = blocks[index - 1]
    before["text"] = f"{before['text']} {blocks[index]['text']}".strip()
    before["rows"] = (before.get("rows") or []) + (blocks[index].get("rows") or [])
    del blocks[index], proposals[index]
    locked.blocks, locked.proposals = blocks, proposals
    locked.summary = r.fidelity([r.Proposal(**p) for p in proposals])
    locked.save(update_fields=["blocks", "proposals", "summary", "updated_at"])
    return locked


@transaction.atomic
def import_split(
    *, document_import: DocumentImport, actor, index: int, at: int
) -> DocumentImport:
    """Split block `index` in two at character `at` (the second keeps the first's type)."""
    locked = _lock_for_review(document_import, actor)
    if not 0 <= index < len(locked.blocks):
        raise ValidationError(_("That block does not exist."))
    blocks, proposals = list(locked.blocks), list(locked.proposals)
    text = blocks[index]["text"]
    first, second = text[:at].strip(), text[at:].strip()
    if not first or not second:
        raise ValidationError(_("Choose a place inside the text to split it."))
    blocks[index] = {**blocks[index], "text": first}
    blocks.insert(index + 1, {**blocks[index], "text": second, "rows": []})
    proposals.insert(index + 1, dict(proposals[index]))
    locked.blocks, locked.proposals = blocks, proposals
    locked.summary = r.fidelity([r.Proposal(**p) for p in proposals])
    locked.save(update_fields=["blocks", "proposals", "summary", "updated_at"])
    return locked


def _lock_for_review(document_import, actor) -> DocumentImport:
    locked = DocumentImport.objects.select_for_update().get(pk=document_import.pk)
    if not permissions.can_import(actor, locked.organisation):
        raise PermissionDenied
    if locked.status != ImportStatus.REVIEW:
        raise ValidationError(_("A draft has already been created from this document."))
    return locked


@transaction.atomic
def import_create_draft(
    *, document_import: DocumentImport, actor, title: str = "", kind: str = "policy"
) -> sm.StrategyVersion:
    """Create the strategy and its first draft with every row of the plan."""
    locked = _lock_for_review(document_import, actor)
    plan = plan_of(locked)
    title = (title or plan.title or locked.original_name or _("Imported document"))[:300]
    try:
        strategy = strategy_services.strategy_create(
            organisation=locked.organisation, actor=actor, title=title, kind=kind,
            subtitle=plan.subtitle[:300],
        )
    except AlreadyMade as made:
        raise ValidationError({"title": _(
            "You created a strategy titled “%(title)s” a moment ago. Give this one "
            "another title."
        ) % {"title": made.obj.title}}) from made
    version = strategy.versions.get()
    if plan.adoption and plan.adoption.dated:
        version = strategy_services.version_update(
            version=version, actor=actor, data={"dated": plan.adoption.dated[:100]}
        )
    write_plan(plan, version=version, actor=actor)
    locked.status = ImportStatus.CREATED
    locked.strategy, locked.version = strategy, version
    locked.title = title
    locked.save(update_fields=["status", "strategy", "version", "title", "updated_at"])
    audit_record(organisation=locked.organisation, actor=actor, verb="import.create_draft",
                 obj=locked, version=version, data={"rows": plan.count()})
    return version


def write_plan(plan: Plan, *, version, actor) -> None:
    """Every row of the plan into the draft, validated one by one and written per table.

    One insert per table instead of one service call per row: a 40-page document holds
    some 800 rows, and a call each (lock, permission, audit row) took 25 s. The draft is
    new, locked, and checked once here; the import's audit row lists what was written.
    """
    locked = sm.StrategyVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != sm.VersionStatus.DRAFT or not strategy_permissions.can(
        actor, "change", locked
    ):
        raise PermissionDenied
    positions: dict[str, int] = {}

    def instance(row, **links):
        model = getattr(sm, row.model)
        position = positions.get(row.model, 0)
        positions[row.model] = position + 1
        obj = model(version=locked, position=position, **row.data, **links)
        obj.full_clean(exclude=["version", *links])
        return obj

    parents = [(row, instance(row)) for row in plan.rows]
    for model_name in dict.fromkeys(row.model for row, _obj in parents):
        getattr(sm, model_name).objects.bulk_create(
            [obj for row, obj in parents if row.model == model_name]
        )
    children = [
        instance(child, **{PARENT_FIELD[child.model]: obj})
        for row, obj in parents for child in row.children
    ]
    for model_name in dict.fromkeys(type(obj).__name__ for obj in children):
        getattr(sm, model_name).objects.bulk_create(
            [obj for obj in children if type(obj).__name__ == model_name]
        )


@transaction.atomic
def import_discard(*, document_import: DocumentImport, actor) -> None:
    """Throw away an import still in review, its file too."""
    locked = _lock_for_review(document_import, actor)
    name, storage = locked.file.name, locked.file.storage
    audit_record(organisation=locked.organisation, actor=actor, verb="import.discard",
                 obj=locked)
    locked.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
