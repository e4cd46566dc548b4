from .models import AuditEvent


def audit_record(*, organisation, actor, verb, obj=None, version=None, data=None) -> AuditEvent:
    """Write one audit row. Called by services inside their transaction."""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "pk", None),
        object_repr=str(obj)[:300] if obj is not None else "",
        version=version,
        data=data or {},
    )
