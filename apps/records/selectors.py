"""The record of a decided version as it stands: the original with its corrections."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from .models import RecordCorrection, RecordField

FIELDS = tuple(RecordField.values)


@dataclass
class Record:
    adopted_on: datetime.date | None
    adopted_by: str
    case_reference: str
    adoption_note: str
    corrected: set = field(default_factory=set)
    corrections: list = field(default_factory=list)

    def value(self, name):
        return getattr(self, name)


def parse(name: str, text: str):
    if name == RecordField.ADOPTED_ON:
        return datetime.date.fromisoformat(text) if text else None
    return text


def as_text(name: str, value) -> str:
    if name == RecordField.ADOPTED_ON:
        return value.isoformat() if value else ""
    return value or ""


def original(version) -> Record:
    return Record(**{name: getattr(version, name) for name in FIELDS})


def record_of(version, corrections=None) -> Record:
    """The version's record with every correction applied in the order they were made."""
    if corrections is None:
        corrections = list(
            RecordCorrection.objects.filter(version=version).select_related("actor")
        )
    # In the order they were made: the last correction of a fact is the one that stands.
    values = {c.field: parse(c.field, c.new_value) for c in corrections}
    record = _applied(version, values)
    record.corrections = corrections
    return record


def _applied(version, values: dict) -> Record:
    """The version's original record with `values` (field -> value) put in."""
    record = original(version)
    for name, value in values.items():
        setattr(record, name, value)
        record.corrected.add(name)
    return record


def fingerprint(version) -> list:
    """What the corrections add to a document of the version (exports' content key)."""
    return list(
        RecordCorrection.objects.filter(version=version)
        .order_by("pk").values_list("pk", flat=True)
    )


def corrected_values(version_ids) -> dict[int, dict[str, object]]:
    """{version id: {field: value as corrected}} of those of the versions that have
    corrections (1 query)."""
    values: dict[int, dict[str, object]] = defaultdict(dict)
    for version_id, name, text in RecordCorrection.objects.filter(
        version_id__in=[pk for pk in version_ids if pk is not None]
    ).order_by("pk").values_list("version_id", "field", "new_value"):
        values[version_id][name] = parse(name, text)
    return values


def with_records(versions, values=None) -> list:
    """Give each version `.record`, its record as it stands, so that a list shows the
    corrected adoption date, body and case reference, not the original (1 query, none
    with `values` from corrected_values()). The list's records carry no corrections'
    history: the version's page shows that."""
    versions = list(versions)
    if values is None:
        values = corrected_values(v.pk for v in versions)
    for version in versions:
        version.record = _applied(version, values.get(version.pk, {}))
    return versions
