"""The record of a decided version as it stands: the original with its corrections."""

import datetime
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
    record = original(version)
    for correction in corrections:
        setattr(record, correction.field, parse(correction.field, correction.new_value))
        record.corrected.add(correction.field)
    record.corrections = corrections
    return record


def fingerprint(version) -> list:
    """What the corrections add to a document of the version (exports' content key)."""
    return list(
        RecordCorrection.objects.filter(version=version)
        .order_by("pk").values_list("pk", flat=True)
    )
