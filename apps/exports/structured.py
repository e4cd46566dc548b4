"""A version's content as plain data: what an archived PDF carries inside it as JSON,
and what a future API can give for the same version.

Texts are as they were written (Markdown, in the version's language); choices are
their stored codes, not the words of any language; dates are ISO 8601. Every row
keeps its id, and rows refer to each other by those ids (a principle's value_id, a
role audience's stakeholder_id), so the data reads without the database behind it.
Only the version's own content is here: nothing about who wrote it, and none of the
live follow-up that changes after a decision.
"""

import datetime
import decimal
import json
import uuid

from apps.records import selectors as records
from apps.strategies.models import StrategyVersion
from apps.strategies.selectors import version_content

FORMAT = "kompas.strategy-version"
FORMAT_VERSION = 1

# Fields that are bookkeeping, not content.
_SKIPPED = {"id", "version", "position", "created_at", "updated_at"}
_VERSION_SKIPPED = _SKIPPED | {"strategy", "based_on", "created_by", "revision"}


def version_as_data(version: StrategyVersion) -> dict:
    """The version and all its content, in document order, as JSON-ready data."""
    content = version_content(version)
    strategy = version.strategy
    organisation = strategy.organisation
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "organisation": {"name": organisation.name, "slug": organisation.slug},
        "strategy": {
            "id": strategy.pk,
            "title": strategy.title,
            "subtitle": strategy.subtitle,
            "kind": strategy.kind,
            "slug": strategy.slug,
        },
        "version": {"id": version.pk, **_fields(version, _VERSION_SKIPPED)},
        # The decision's record as it stands, and the corrections that made it so
        # (apps/records); "version" keeps the facts as first recorded.
        **_record(version),
        "content": {
            "sections": _rows(content["sections"]),
            "values": _rows(content["values"]),
            "principles": _rows(content["principles"]),
            "focus_areas": _rows(content["focus_areas"]),
            "legal_bases": _rows(content["legal_bases"]),
            "goals": [
                {
                    **_row(goal),
                    "indicators": _rows(goal.indicators.all(), "goal"),
                    "target_group_ids": [tie.stakeholder_id for tie in goal.target_groups.all()],
                }
                for goal in content["goals"]
            ],
            "evaluations": _rows(content["evaluations"]),
            "responsibilities": [
                {
                    **_row(item),
                    "holder": item.holder.name if item.holder else "",
                    "items": _rows(item.items.all(), "responsibility"),
                }
                for item in content["responsibilities"]
            ],
            "stakeholders": _rows(content["stakeholders"]),
            "municipality_roles": [
                {
                    **_row(role),
                    "senders": _rows(role.senders.all(), "municipality_role"),
                    "audiences": _rows(role.audiences.all(), "municipality_role"),
                }
                for role in content["municipality_roles"]
            ],
            "platforms": [
                {
                    **_row(platform),
                    "channels": _rows(platform.channels.all(), "platform"),
                    "municipality_role_ids": sorted(
                        use.municipality_role_id for use in platform.role_uses.all()
                    ),
                }
                for platform in content["platforms"]
            ],
            "spokesperson_rules": [
                {**_row(rule), "holder": rule.holder.name if rule.holder else ""}
                for rule in content["spokesperson_rules"]
            ],
            "actions": [
                {
                    **_row(action),
                    "owner_unit": action.owner_unit.name if action.owner_unit else "",
                }
                for action in content["actions"]
            ],
            "annual_wheel": _rows(content["annual_wheel"]),
            "related_documents": _rows(content["related_documents"]),
            "definitions": _rows(content["definitions"]),
        },
    }


def _record(version) -> dict:
    record = records.record_of(version)
    return {
        "record": {
            name: records.as_text(name, record.value(name)) or "" for name in records.FIELDS
        },
        "record_corrections": [
            {
                "field": c.field, "old_value": c.old_value, "new_value": c.new_value,
                "reason": c.reason, "at": c.created_at.isoformat(),
            }
            for c in record.corrections
        ],
    }


def version_as_json(version: StrategyVersion) -> str:
    """version_as_data() as the JSON text that is embedded, keys in a stable order."""
    return json.dumps(version_as_data(version), ensure_ascii=False, indent=2, sort_keys=True)


def _rows(objects, parent: str = "") -> list[dict]:
    return [_row(obj, parent) for obj in objects]


def _row(obj, parent: str = "") -> dict:
    """One content row: its id and every field but the bookkeeping and the parent it
    is listed under."""
    return {"id": obj.pk, **_fields(obj, _SKIPPED | ({parent} if parent else set()))}


def _fields(obj, skipped: set) -> dict:
    data = {}
    for field in type(obj)._meta.concrete_fields:
        if field.name in skipped:
            continue
        value = field.value_from_object(obj)
        if field.is_relation:
            data[field.attname] = value
        elif isinstance(value, datetime.date):
            data[field.name] = value.isoformat()
        elif isinstance(value, uuid.UUID | decimal.Decimal):
            # An action's lineage, an indicator's numeric target: exact, as text.
            data[field.name] = str(value)
        else:
            data[field.name] = value
    return data
