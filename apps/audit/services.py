from .models import AuditEvent


def audit_record(
    *, organisation, actor, verb, obj=None, version=None, version_id=None, data=None
) -> AuditEvent:
    """Write one audit row. Called by services inside their transaction. `version_id`
    instead of `version`: when only its key is at hand."""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "pk", None),
        object_repr=str(obj)[:300] if obj is not None else "",
        version_id=version.pk if version is not None else version_id,
        data=data or {},
    )


# Long texts are kept whole in the version itself; the log holds enough to recognise them.
VALUE_MAX_CHARS = 1000


def audit_value(instance, name):
    """A field's value as the log keeps it (JSON): related rows by name, dates as ISO
    dates, choices as their stored value (apps/audit/presentation.py reads them back)."""
    value = getattr(instance, name)
    field = instance._meta.get_field(name)
    if value is None:
        return None
    if field.is_relation:
        return str(value)[:300]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return text if len(text) <= VALUE_MAX_CHARS else text[:VALUE_MAX_CHARS] + "…"


def audit_changes(instance, before: dict) -> list[dict]:
    """What a save changed, from `before` (audit_value of each field) to the instance now:
    [{"field": name, "from": old, "to": new}], only the fields whose value differs."""
    changes = []
    for name, old in before.items():
        new = audit_value(instance, name)
        if new != old:
            changes.append({"field": name, "from": old, "to": new})
    return changes
