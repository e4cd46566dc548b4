"""Loads the structured seed fixtures of the demo municipalities.

The loader is idempotent: organisations, units and users are matched by their
natural keys, and a version that already exists is left exactly as it is (an
adopted version never changes, not even when the fixture does).
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from apps.dashboards.signals import CONTENT
from apps.obligations.signals import STRUCTURE, generations_raise
from apps.organisations.models import (
    Organisation,
    ResponsibilityHolder,
    RoleAssignment,
    RoleLevel,
    Unit,
)
from apps.organisations.services import role_assignment_create
from apps.strategies import models as sm
from apps.strategies.permissions import grant_role_permissions

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
SEED_SLUGS = ("glostrup", "naestved", "soenderborg", "flen", "modum")


class SeedError(Exception):
    """A seed fixture does not fit the schema in seeds/README.md."""


@dataclass(frozen=True)
class DemoLogin:
    organisation: str
    role_level: str
    username: str
    full_name: str


def seed_files():
    return [
        SEEDS_DIR / f"{slug}.yaml" for slug in SEED_SLUGS if (SEEDS_DIR / f"{slug}.yaml").exists()
    ]


def seed_load_all() -> list[DemoLogin]:
    """The five municipalities, then demo activity on top (see activity.py)."""
    from .activity import demo_activity_load
    from .followup import demo_followup_load
    from .publication import demo_publication_load

    logins = []
    for path in seed_files():
        organisation = seed_load_file(path)
        demo_activity_load(organisation)
        demo_followup_load(organisation)
        demo_publication_load(organisation)
        logins.extend(demo_logins(organisation))
    return logins


def demo_logins(organisation) -> list[DemoLogin]:
    assignments = (
        RoleAssignment.objects.filter(
            organisation=organisation,
            user__username__in=[f"{organisation.slug}-{level}" for level in RoleLevel.values],
        )
        .select_related("user")
        .order_by("pk")
    )
    return [
        DemoLogin(organisation.name, a.role_level, a.user.username, a.user.full_name)
        for a in assignments
    ]


@transaction.atomic
def seed_load_file(path: Path) -> Organisation:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    try:
        organisation = _load_organisation(data["organisation"])
        units = _load_units(organisation, data.get("units") or [])
        _load_users(organisation, units, data.get("demo_users") or [])
        holders = _load_holders(organisation, data.get("responsibility_holders") or [])
        context = {"units": units, "holders": holders, "organisation": organisation}
        for strategy_data in data.get("strategies") or []:
            _load_strategy(organisation, context, strategy_data)
    except KeyError as error:
        raise SeedError(f"{path.name}: missing key {error}") from error
    return organisation


def _load_organisation(data) -> Organisation:
    fields = {
        key: data[key]
        for key in (
            "name",
            "country",
            "language",
            "council_name",
            "executive_board_name",
            "primary_colour",
            "secondary_colour",
            "website",
        )
        if key in data
    }
    organisation, _ = Organisation.objects.update_or_create(slug=data["slug"], defaults=fields)
    return organisation


def _load_units(organisation, nodes, parent=None, found=None) -> dict[str, Unit]:
    found = {} if found is None else found
    for node in nodes:
        unit, _ = Unit.objects.update_or_create(
            organisation=organisation,
            parent=parent,
            name=node["name"],
            defaults={
                "kind": node["kind"],
                "is_communications": bool(node.get("is_communications", False)),
            },
        )
        found[unit.name] = unit
        _load_units(organisation, node.get("children") or [], unit, found)
    return found


@lru_cache(maxsize=4)
def _hash_for(password, hashers):
    return make_password(password)


def _demo_password_hash():
    return _hash_for(settings.DEMO_PASSWORD, tuple(settings.PASSWORD_HASHERS))


def _unit(units, name):
    if not name:
        return None
    try:
        return units[name]
    except KeyError as error:
        raise SeedError(f"unknown unit {name!r}") from error


def _load_users(organisation, units, users):
    User = get_user_model()
    # One hash for every demo user: they share a published password, and hashing it
    # 35 times would make the first start of the demo take half a minute.
    password_hash = _demo_password_hash()
    for entry in users:
        role_level = RoleLevel(entry["role_level"])
        user, _ = User.objects.get_or_create(
            username=f"{organisation.slug}-{role_level.value}",
            defaults={"full_name": entry["full_name"]},
        )
        user.full_name = entry["full_name"]
        user.password = password_hash
        user.save()
        role_assignment_create(
            user=user,
            organisation=organisation,
            unit=_unit(units, entry.get("unit")),
            role_level=role_level,
            title=entry.get("title", ""),
        )


def _load_holders(organisation, entries) -> dict[str, ResponsibilityHolder]:
    holders = {}
    for entry in entries:
        holder, _ = ResponsibilityHolder.objects.update_or_create(
            organisation=organisation, name=entry["name"],
            defaults={
                "kind": entry["kind"],
                "role_level": entry.get("role_level") or "",
                "description": entry.get("description") or "",
            },
        )
        holders[holder.name] = holder
    return holders


def _holder(context, name):
    if not name:
        return None
    try:
        return context["holders"][name]
    except KeyError as error:
        raise SeedError(f"unknown responsibility holder {name!r}") from error


def _strategy_named(context, slug):
    if not slug:
        return None
    strategy = sm.Strategy.objects.filter(organisation=context["organisation"], slug=slug).first()
    if strategy is None:
        raise SeedError(f"unknown strategy {slug!r} (list it before the one that names it)")
    return strategy


def _load_strategy(organisation, context, data):
    strategy, _ = sm.Strategy.objects.update_or_create(
        organisation=organisation,
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "subtitle": data.get("subtitle", ""),
            "kind": data["kind"],
        },
    )
    grant_role_permissions(strategy)
    for version_data in data.get("versions") or []:
        if not strategy.versions.filter(number=version_data["number"]).exists():
            _load_version(strategy, context, version_data)


VERSION_FIELDS = (
    "dated",
    "period_label",
    "valid_from",
    "valid_until",
    "review_due",
    "review_cadence",
    "document_owner",
    "adopted_on",
    "adopted_by",
    "case_reference",
    "adoption_note",
    "change_summary",
)


def _load_version(strategy, context, data):
    # Content is written while the version is a draft; the final status is set last,
    # exactly as a real adoption freezes a version that was edited as a draft.
    version = sm.StrategyVersion.objects.create(
        strategy=strategy,
        number=data["number"],
        status=sm.VersionStatus.DRAFT,
        language=data.get("language") or strategy.organisation.language,
        **_version_fields(data),
    )
    _load_content(version, context, data)
    status = sm.VersionStatus(data.get("status", sm.VersionStatus.DRAFT))
    if status != sm.VersionStatus.DRAFT:
        sm.StrategyVersion.objects.filter(pk=version.pk).update(status=status)
        # update() sends no signal: tell the obligations' and the dashboards' caches.
        generations_raise(STRUCTURE, CONTENT, pk=strategy.organisation_id)
    return version


_DATE_FIELDS = {"valid_from", "valid_until", "review_due", "adopted_on"}


def _version_fields(data):
    fields = {}
    for key in VERSION_FIELDS:
        if key in data:
            # Dates may be null; text fields are never NULL in the database.
            fields[key] = data[key] if key in _DATE_FIELDS else (data[key] or "")
    return fields


def _fields(item, names):
    return {name: item[name] for name in names if name in item and item[name] is not None}


def _load_content(version, context, data):  # noqa: C901 - one flat walk over the schema
    units = context["units"]
    values = {}
    for pos, item in enumerate(data.get("sections") or []):
        sm.Section.objects.create(
            version=version, position=pos,
            **_fields(item, ("kind", "heading", "level", "body", "audience", "link_title",
                             "link_url")),
        )
    for pos, item in enumerate(data.get("legal_bases") or []):
        sm.LegalBasis.objects.create(
            version=version, position=pos, **_fields(item, ("title", "text", "url"))
        )
    for pos, item in enumerate(data.get("values") or []):
        values[item["name"]] = sm.Value.objects.create(
            version=version, position=pos, **_fields(item, ("name", "description"))
        )
    for pos, item in enumerate(data.get("principles") or []):
        value = item.get("value")
        if value and value not in values:
            raise SeedError(f"principle names unknown value {value!r}")
        sm.Principle.objects.create(
            version=version,
            position=pos,
            value=values.get(value) if value else None,
            **_fields(item, ("audience", "title", "text")),
        )
    for pos, item in enumerate(data.get("focus_areas") or []):
        sm.FocusArea.objects.create(
            version=version, position=pos, **_fields(item, ("title", "description"))
        )
    goal_ties = []  # (goal, stakeholder names): tied once the stakeholders exist
    _load_goals(version, data.get("goals") or [], None, goal_ties, [0])
    for pos, item in enumerate(data.get("evaluations") or []):
        sm.Evaluation.objects.create(
            version=version, position=pos,
            **_fields(item, ("title", "description", "method", "frequency")),
        )
    for pos, item in enumerate(data.get("responsibilities") or []):
        responsibility = sm.Responsibility.objects.create(
            version=version,
            position=pos,
            holder=_holder(context, item.get("holder")),
            **_fields(item, ("role_level", "label", "heading", "description", "applies_down_tree",
                             "context")),
        )
        for ipos, text in enumerate(item.get("items") or []):
            sm.ResponsibilityItem.objects.create(
                version=version, responsibility=responsibility, position=ipos, text=text
            )
    stakeholders = {}
    for pos, item in enumerate(data.get("stakeholders") or []):
        stakeholders[item["name"]] = sm.Stakeholder.objects.create(
            version=version,
            position=pos,
            **_fields(item, ("name", "description", "audience", "priority")),
        )
    for goal, names in goal_ties:
        for tpos, name in enumerate(names):
            if name not in stakeholders:
                raise SeedError(f"goal names unknown target group {name!r}")
            sm.GoalTargetGroup.objects.create(
                version=version, goal=goal, stakeholder=stakeholders[name], position=tpos
            )
    roles = {}
    for pos, item in enumerate(data.get("municipality_roles") or []):
        role = sm.MunicipalityRole.objects.create(
            version=version, position=pos, **_fields(item, ("kind", "name", "description", "goal"))
        )
        roles[role.name] = role
        for spos, sender in enumerate(item.get("senders") or []):
            sm.RoleSender.objects.create(
                version=version,
                municipality_role=role,
                position=spos,
                **_fields(sender, ("label", "role_level")),
            )
        for apos, audience in enumerate(item.get("audiences") or []):
            stakeholder_name = audience.get("stakeholder")
            if stakeholder_name and stakeholder_name not in stakeholders:
                raise SeedError(f"audience names unknown stakeholder {stakeholder_name!r}")
            sm.RoleAudience.objects.create(
                version=version,
                municipality_role=role,
                position=apos,
                label=audience["label"],
                stakeholder=stakeholders.get(stakeholder_name) if stakeholder_name else None,
            )
    for pos, item in enumerate(data.get("platforms") or []):
        platform = sm.Platform.objects.create(
            version=version, position=pos, **_fields(item, ("name", "description", "audience"))
        )
        for cpos, channel in enumerate(item.get("channels") or []):
            sm.Channel.objects.create(
                version=version,
                platform=platform,
                position=cpos,
                **_fields(channel, ("name", "description")),
            )
        for rpos, role_name in enumerate(item.get("roles") or []):
            if role_name not in roles:
                raise SeedError(f"platform {platform.name!r} names unknown role {role_name!r}")
            sm.PlatformRoleUse.objects.create(
                version=version,
                platform=platform,
                municipality_role=roles[role_name],
                position=rpos,
            )
    for pos, item in enumerate(data.get("spokesperson_rules") or []):
        sm.SpokespersonRule.objects.create(
            version=version,
            position=pos,
            holder=_holder(context, item.get("holder")),
            **_fields(item, ("speaker", "role_level", "scope", "text")),
        )
    for pos, item in enumerate(data.get("actions") or []):
        sm.Action.objects.create(
            version=version,
            position=pos,
            owner_unit=_unit(units, item.get("owner_unit")),
            **_fields(item, ("title", "description", "owner_label", "due_date", "status")),
        )
    for pos, item in enumerate(data.get("annual_wheel") or []):
        sm.AnnualWheelEvent.objects.create(
            version=version,
            position=pos,
            **_fields(item, ("title", "description", "month", "audience", "owner_label")),
        )
    for pos, item in enumerate(data.get("related_documents") or []):
        sm.RelatedDocument.objects.create(
            version=version,
            position=pos,
            strategy=_strategy_named(context, item.get("strategy")),
            **_fields(item, ("title", "relation", "year", "url", "note")),
        )
    for pos, item in enumerate(data.get("definitions") or []):
        sm.Definition.objects.create(
            version=version, position=pos, **_fields(item, ("term", "explanation"))
        )


def _load_goals(version, items, parent, ties, counter):
    """Goals in document order; `goals` under a goal stand under it (goal → strategy →
    measure). Positions run through the whole list, as the editor numbers them."""
    for item in items:
        goal = sm.Goal.objects.create(
            version=version, position=counter[0], parent=parent,
            **_fields(item, ("kind", "title", "description", "audience")),
        )
        counter[0] += 1
        for ipos, indicator in enumerate(item.get("indicators") or []):
            sm.Indicator.objects.create(
                version=version,
                goal=goal,
                position=ipos,
                **_fields(indicator, ("name", "target", "unit", "measurement")),
            )
        if item.get("target_groups"):
            ties.append((goal, item["target_groups"]))
        _load_goals(version, item.get("goals") or [], goal, ties, counter)
