"""Every write to strategies, versions and their content goes through here.

Each service is atomic, checks permission, validates, saves and writes its
audit row. Adopted and superseded versions never change: the model guard, the
database triggers and these services all refuse it.
"""

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.audit.services import audit_changes, audit_record, audit_value
from apps.core.submissions import REPEAT_WINDOW_SECONDS, AlreadyMade
from apps.notifications import events as notification_events

from . import dates, permissions
from .models import (
    CONTENT_MODELS,
    FROZEN_STATUSES,
    DocumentRelation,
    Strategy,
    StrategyVersion,
    VersionContent,
    VersionStatus,
    VersionTransition,
)

S = VersionStatus

# The lifecycle: from each state, the states a version may move to.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.CONSULTATION, S.PROPOSED, S.WITHDRAWN}),
    S.CONSULTATION: frozenset({S.DRAFT, S.PROPOSED, S.WITHDRAWN}),
    S.PROPOSED: frozenset({S.ADOPTED, S.DRAFT, S.WITHDRAWN}),
    S.ADOPTED: frozenset(),  # superseded only by the adoption of a newer version
    S.SUPERSEDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# The permission each move needs.
TRANSITION_ACTION = {
    S.DRAFT: "propose",
    S.CONSULTATION: "propose",
    S.PROPOSED: "propose",
    S.WITHDRAWN: "propose",
    S.ADOPTED: "adopt",
}


class TransitionError(ValidationError):
    """The requested move is not allowed from the version's current state."""


class EditConflict(Exception):
    """A save was based on data someone else has changed since it was read."""

    def __init__(self, *, current: dict, submitted: dict, fields):
        self.current = current
        self.submitted = submitted
        self.fields = list(fields)
        super().__init__("edit conflict")


def _require(user, action, obj):
    if not permissions.can(user, action, obj):
        raise PermissionDenied


# --- Strategies and versions -------------------------------------------------


@transaction.atomic
def strategy_create(*, organisation, actor, title: str, kind: str, subtitle: str = "") -> Strategy:
    if not permissions.organisations_of(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if not _is_communications(actor, organisation):
        raise PermissionDenied
    # One create at a time per organisation: the second of two quick clicks waits here,
    # then finds the first's title (and never races it to the same slug).
    type(organisation).objects.select_for_update().get(pk=organisation.pk)
    title = title.strip()
    same_title = Strategy.objects.filter(
        organisation=organisation, title__iexact=title,
        created_at__gte=timezone.now() - datetime.timedelta(seconds=REPEAT_WINDOW_SECONDS),
        versions__number=1, versions__created_by=actor,
    ).first()
    if same_title is not None:
        raise AlreadyMade(same_title)
    base_slug = slugify(title)[:80] or "strategi"
    slug, n = base_slug, 1
    while Strategy.objects.filter(organisation=organisation, slug=slug).exists():
        n += 1
        slug = f"{base_slug}-{n}"
    strategy = Strategy.objects.create(
        organisation=organisation, title=title, subtitle=subtitle, kind=kind, slug=slug
    )
    permissions.grant_role_permissions(strategy)
    version = StrategyVersion.objects.create(
        strategy=strategy, number=1, status=S.DRAFT, language=organisation.language,
        created_by=actor,
    )
    audit_record(organisation=organisation, actor=actor, verb="strategy.create", obj=strategy,
                 version=version)
    return strategy


def _is_communications(user, organisation) -> bool:
    from apps.organisations.models import RoleAssignment, RoleLevel

    return RoleAssignment.objects.filter(
        user=user, organisation=organisation, role_level=RoleLevel.COMMUNICATIONS
    ).exists()


VERSION_EDITABLE_FIELDS = (
    "dated", "period_label", "valid_from", "valid_until", "review_due", "review_cadence",
    "document_owner", "change_summary",
)


@transaction.atomic
def version_update(
    *, version: StrategyVersion, actor, data: dict, base: dict | None = None
) -> StrategyVersion:
    """Change a draft's own fields; `base` holds the values the editor started from."""
    locked = _lock_draft(version, actor)
    changed = _changed_fields(locked, VERSION_EDITABLE_FIELDS, data, base)
    before = {name: audit_value(locked, name) for name in changed}
    for name in changed:
        setattr(locked, name, data[name])
    if errors := dates.version_details_errors(
        {name: getattr(locked, name) for name in VERSION_EDITABLE_FIELDS}
    ):
        raise ValidationError(errors)
    locked.revision = F("revision") + 1
    locked.save()
    locked.refresh_from_db()
    audit_record(organisation=locked.strategy.organisation, actor=actor, verb="version.update",
                 obj=locked, version=locked,
                 data={"fields": sorted(changed), "changes": audit_changes(locked, before)})
    return locked


def _lock_draft(version, actor) -> StrategyVersion:
    """Lock the version row for the rest of the transaction and check it may be edited."""
    # Only the version's row (of=self): locking the joined strategy and organisation too
    # would take them in the opposite order to version_transition, a deadlock when an
    # edit and an adoption meet (tests/reliability/test_edit_races.py).
    locked = StrategyVersion.objects.select_for_update(of=("self",)).select_related(
        "strategy__organisation"
    ).get(pk=version.pk)
    if locked.status in FROZEN_STATUSES:
        raise ValidationError(_("This version has been adopted and can no longer be changed."))
    if locked.status != S.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited. Move the version back to draft first.")
        )
    _require(actor, "change", locked)
    return locked


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value if value is not None else ""


def _changed_fields(instance, fields, data, base) -> list[str]:
    """The fields this save should write, refusing it when someone else got there first.

    Without a base every submitted field is written. With the snapshot the editor
    started from, only fields the editor actually changed are written (so a stale
    form never reverts someone else's edit), and a field both people changed, to
    different texts, is a conflict: nothing is saved and both texts are returned.
    """
    submitted = [name for name in fields if name in data]
    if base is None:
        return submitted
    changed = [
        name for name in submitted
        if name not in base or _comparable(data[name]) != _comparable(base[name])
    ]
    clashing = [
        name for name in changed
        if name in base
        and _comparable(getattr(instance, name)) not in (
            _comparable(base[name]), _comparable(data[name])
        )
    ]
    if clashing:
        raise EditConflict(
            current={name: getattr(instance, name) for name in clashing},
            submitted={name: data[name] for name in clashing},
            fields=clashing,
        )
    return changed


def snapshot(instance, fields) -> dict:
    """The values an editor starts from, to send back with the save."""
    return {name: _comparable(getattr(instance, name)) for name in fields}


def _bump(version):
    StrategyVersion.objects.filter(pk=version.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )


@transaction.atomic
def version_transition(
    *,
    version: StrategyVersion,
    actor,
    to_status: str,
    note: str = "",
    decided_on: datetime.date | None = None,
    decided_by: str = "",
    case_reference: str = "",
    consultation_deadline: datetime.date | None = None,
    consultation_public: bool = False,
) -> StrategyVersion:
    """Move a version through the lifecycle. The only way a status ever changes.

    Going to consultation needs its deadline (høringsfrist), and may open it to anyone
    (a public consultation)."""
    # Lock the strategy first: every transition of one strategy is serialised, so two
    # adoptions at once run one after the other and the second sees the first. FOR NO
    # KEY UPDATE: rows that only point at the strategy (permissions granted by an
    # invitation that holds the version's lock) may still be written, or the two would
    # wait on each other.
    Strategy.objects.select_for_update(no_key=True).get(pk=version.strategy_id)
    locked = StrategyVersion.objects.select_for_update(of=("self",)).select_related(
        "strategy__organisation"
    ).get(pk=version.pk)
    from_status = locked.status
    if to_status not in ALLOWED_TRANSITIONS.get(from_status, ()):
        raise TransitionError(
            _("A version that is “%(from)s” cannot become “%(to)s”.")
            % {"from": S(from_status).label, "to": S(to_status).label},
            code="transition",
        )
    if not permissions.can(actor, TRANSITION_ACTION[to_status], locked):
        raise PermissionDenied

    if to_status == S.CONSULTATION:
        from apps.consultations.deadlines import consultation_open

        consultation_open(
            version=locked, actor=actor, deadline=consultation_deadline,
            public=consultation_public,
        )
    if to_status == S.ADOPTED:
        _adopt(locked, decided_on=decided_on, decided_by=decided_by, case_reference=case_reference,
               note=note)
    else:
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])

    if from_status == S.CONSULTATION:
        permissions.revoke_invitations(locked.strategy)
    VersionTransition.objects.create(
        version=locked, from_status=from_status, to_status=to_status, actor=actor, note=note
    )
    audit_record(
        organisation=locked.strategy.organisation, actor=actor, verb=f"version.{to_status}",
        obj=locked, version=locked,
        data={"from": from_status, "to": to_status, "note": note,
              "case_reference": case_reference,
              **({"deadline": consultation_deadline.isoformat(),
                  "public": consultation_public} if to_status == S.CONSULTATION else {})},
    )
    notification_events.version_moved(version=locked, to_status=to_status)
    return locked


def _adopt(version, *, decided_on, decided_by, case_reference, note):
    errors = {}
    if error := dates.adoption_error(decided_on):
        errors["decided_on"] = error
    elif error := dates.review_error(version.review_due, decided_on):
        errors["decided_on"] = _(
            "%(error)s Move the version back to draft and change its review date, or check "
            "the decision date."
        ) % {"error": error}
    if not decided_by.strip():
        errors["decided_by"] = _("Enter the body that made the decision.")
    if not case_reference.strip():
        errors["case_reference"] = _("Enter the case reference of the decision.")
    if errors:
        raise ValidationError(errors)
    # Under the strategy's lock: a version older than one already decided can never be
    # adopted over it (two proposals adopted at once would otherwise swap places).
    newer = (
        StrategyVersion.objects.filter(
            strategy_id=version.strategy_id, status__in=FROZEN_STATUSES, number__gt=version.number
        )
        .order_by("-number")
        .first()
    )
    if newer is not None:
        raise TransitionError(
            _(
                "Version %(number)s cannot be adopted: the newer version %(newer)s has "
                "already been adopted. Start a new draft from it instead."
            )
            % {"number": version.number, "newer": newer.number},
            code="older",
        )
    previous = StrategyVersion.objects.select_for_update().filter(
        strategy_id=version.strategy_id, status=S.ADOPTED
    ).exclude(pk=version.pk)
    for old in previous:
        _supersede(old, _("Superseded by version %(number)s.") % {"number": version.number})
    _supersede_replaced(version)
    version.adopted_on = decided_on
    version.adopted_by = decided_by.strip()
    version.case_reference = case_reference.strip()
    if note:
        version.adoption_note = note
    version.adopted_title = version.strategy.title
    version.status = S.ADOPTED
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as error:
        raise TransitionError(
            _("Another version of this strategy was adopted at the same moment."),
            code="race",
        ) from error


def _supersede(old: StrategyVersion, note: str) -> None:
    old.status = S.SUPERSEDED
    old.save(update_fields=["status", "updated_at"])
    VersionTransition.objects.create(
        version=old, from_status=S.ADOPTED, to_status=S.SUPERSEDED, actor=None, note=note
    )


def _supersede_replaced(version: StrategyVersion) -> None:
    """The adopted versions of the strategies this one says it replaces are superseded
    by its adoption: two policies are never in force side by side because one was
    forgotten. Their strategies are locked too, in pk order, so a new version of a
    replaced strategy is not adopted beside it at the same moment."""
    replaced = sorted(set(
        version.related_documents.filter(
            relation=DocumentRelation.REPLACES, strategy__isnull=False,
            strategy__organisation_id=version.strategy.organisation_id,
        ).exclude(strategy_id=version.strategy_id).values_list("strategy_id", flat=True)
    ))
    if not replaced:
        return
    list(Strategy.objects.select_for_update(no_key=True).filter(pk__in=replaced).order_by("pk"))
    note = _("Replaced by “%(title)s”, version %(number)s.") % {
        "title": version.strategy.title, "number": version.number,
    }
    for old in StrategyVersion.objects.select_for_update().filter(
        strategy_id__in=replaced, status=S.ADOPTED
    ).order_by("pk"):
        _supersede(old, note)


@transaction.atomic
def version_new_draft(*, source: StrategyVersion, actor) -> StrategyVersion:
    """Start a new draft with a copy of all content of `source`; the source stays untouched."""
    Strategy.objects.select_for_update(no_key=True).get(pk=source.strategy_id)
    _require(actor, "change", source.strategy)
    # The strategy is locked: a second request for the same draft finds the first's.
    existing = source.strategy.versions.filter(status=S.DRAFT, based_on=source).first()
    if existing is not None:
        raise AlreadyMade(existing)
    number = (source.strategy.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = StrategyVersion.objects.create(
        strategy=source.strategy, number=number, status=S.DRAFT, language=source.language,
        dated="", period_label=source.period_label, valid_from=None, valid_until=None,
        review_due=source.review_due, review_cadence=source.review_cadence,
        document_owner=source.document_owner, based_on=source, created_by=actor,
    )
    _copy_content(source, draft)
    audit_record(organisation=source.strategy.organisation, actor=actor, verb="version.new_draft",
                 obj=draft, version=draft, data={"based_on": source.pk})
    return draft


def _copy_content(source, target):
    """Copy every content row, parents before children, remapping links between them."""
    new_pk: dict[tuple[type, int], int] = {}
    for model in CONTENT_MODELS:
        links = [
            field for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in CONTENT_MODELS
        ]
        # Links within the model (a sub-goal's goal) are set once every row has its copy.
        own = [field for field in links if field.related_model is model]
        rows = list(model.objects.filter(version=source).order_by("pk"))
        clones = []
        for row in rows:
            clone = model(
                **{
                    field.attname: getattr(row, field.attname)
                    for field in model._meta.concrete_fields
                    if not field.primary_key
                }
            )
            clone.version_id = target.pk
            for field in links:
                old = getattr(row, field.attname)
                if field in own:
                    setattr(clone, field.attname, None)
                elif old is not None:
                    setattr(clone, field.attname, new_pk[(field.related_model, old)])
            clones.append(clone)
        created = model.objects.bulk_create(clones)
        for row, clone in zip(rows, created, strict=True):
            new_pk[(model, row.pk)] = clone.pk
        if own:
            for row, clone in zip(rows, created, strict=True):
                for field in own:
                    old = getattr(row, field.attname)
                    setattr(clone, field.attname, None if old is None else new_pk[(model, old)])
            model.objects.bulk_update(created, [field.name for field in own])


# --- Content items -----------------------------------------------------------


def content_fields(model) -> list[str]:
    """The fields of a content model an editor may set."""
    return [
        field.name for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in ("version", "position")
        and field.editable
    ]


@transaction.atomic
def content_item_save(
    *, version: StrategyVersion, actor, model: type[VersionContent], data: dict,
    instance: VersionContent | None = None, base: dict | None = None,
) -> VersionContent:
    """Create or change one content row of a draft.

    `base` is what the editor started from; when someone else has changed a field
    the editor also changed, EditConflict carries both texts and nothing is saved.
    """
    locked = _lock_draft(version, actor)
    if model not in CONTENT_MODELS:
        raise ValueError(f"{model} is not version content")
    fields = content_fields(model)
    if instance is None:
        last = model.objects.filter(version=locked).aggregate(p=Max("position"))["p"]
        instance = model(version=locked, position=0 if last is None else last + 1)
        verb = "content.create"
        to_write = [name for name in fields if name in data]
    else:
        instance = model.objects.select_for_update().get(pk=instance.pk, version=locked)
        verb = "content.update"
        to_write = _changed_fields(instance, fields, data, base)
    before = (
        {name: audit_value(instance, name) for name in to_write}
        if verb == "content.update" else None
    )
    for name in to_write:
        setattr(instance, name, data[name])
    _check_links_in_version(instance, locked)
    instance.full_clean(exclude=["version"])
    instance.save()
    _bump(locked)
    details = {"model": model.__name__}
    if before is not None:
        details["changes"] = audit_changes(instance, before)
    audit_record(organisation=locked.strategy.organisation, actor=actor, verb=verb, obj=instance,
                 version=locked, data=details)
    return instance


def _check_links_in_version(instance, version):
    """A content row may only point at content of its own version, and at units,
    holders and strategies of its own organisation (never at its own strategy)."""
    organisation_id = version.strategy.organisation_id
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model not in CONTENT_MODELS and any(
            f.name == "organisation" for f in field.related_model._meta.concrete_fields
        ):
            target_id = getattr(instance, field.attname)
            if target_id is None:
                continue
            others = field.related_model.objects.filter(
                pk=target_id, organisation_id=organisation_id
            )
            if field.related_model is Strategy:
                others = others.exclude(pk=version.strategy_id)
            if not others.exists():
                raise ValidationError({field.name: _("Choose one of your organisation's own.")})
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model in CONTENT_MODELS:
            target_id = getattr(instance, field.attname)
            if target_id is not None and not field.related_model.objects.filter(
                pk=target_id, version=version
            ).exists():
                raise ValidationError({field.name: _("Choose an item of this version.")})


@transaction.atomic
def content_item_delete(*, version: StrategyVersion, actor, instance: VersionContent) -> None:
    locked = _lock_draft(version, actor)
    instance = type(instance).objects.get(pk=instance.pk, version=locked)
    audit_record(organisation=locked.strategy.organisation, actor=actor, verb="content.delete",
                 obj=instance, version=locked, data={"model": type(instance).__name__})
    instance.delete()
    _bump(locked)


@transaction.atomic
def content_item_move(*, version: StrategyVersion, actor, instance: VersionContent,
                      direction: int) -> None:
    """Swap an item with its neighbour (direction -1 up, +1 down) among its siblings."""
    locked = _lock_draft(version, actor)
    model = type(instance)
    siblings = list(_siblings(model, instance, locked))
    index = next(i for i, row in enumerate(siblings) if row.pk == instance.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    _bump(locked)
    audit_record(organisation=locked.strategy.organisation, actor=actor, verb="content.move",
                 obj=instance, version=locked,
                 data={"model": model.__name__, "direction": direction})


def _siblings(model, instance, version):
    """Rows ordered together: children are ordered within their parent."""
    qs = model.objects.filter(version=version)
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model in CONTENT_MODELS and not field.null:
            qs = qs.filter(**{field.attname: getattr(instance, field.attname)})
    return qs.order_by("position", "pk")


def version_content_hash(version: StrategyVersion) -> str:
    """A fingerprint of everything a version says: equal for equal content."""
    digest = hashlib.sha256()
    for model in CONTENT_MODELS:
        # Links between rows are ids that differ between copies; the texts are what count.
        fields = [
            name for name in content_fields(model)
            if model._meta.get_field(name).related_model not in CONTENT_MODELS
        ]
        rows = model.objects.filter(version=version).order_by("position", "pk").values_list(*fields)
        digest.update(model.__name__.encode())
        digest.update(json.dumps([list(map(_comparable, r)) for r in rows], default=str).encode())
    return digest.hexdigest()
