"""Reads that assemble a whole version for display or export in a fixed number of queries."""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from . import models as m


def version_content(version: m.StrategyVersion) -> dict:
    """Every kind of content of one version, each list in document order; each goal and
    focus area carries `serving_actions`, the actions that serve it (goal → indicator →
    action), read with the actions."""
    content = _with_serving_actions({
        "sections": list(m.Section.objects.filter(version=version)),
        "legal_bases": list(m.LegalBasis.objects.filter(version=version)),
        "values": list(m.Value.objects.filter(version=version)),
        "principles": list(m.Principle.objects.filter(version=version).select_related("value")),
        "focus_areas": list(m.FocusArea.objects.filter(version=version)),
        "goals": list(
            m.Goal.objects.filter(version=version).prefetch_related(
                Prefetch("indicators", queryset=m.Indicator.objects.order_by("position", "pk")),
                Prefetch(
                    "target_groups",
                    queryset=m.GoalTargetGroup.objects.select_related("stakeholder").order_by(
                        "stakeholder__position", "stakeholder__pk"
                    ),
                ),
            )
        ),
        "evaluations": list(m.Evaluation.objects.filter(version=version)),
        "responsibilities": list(
            m.Responsibility.objects.filter(version=version).select_related("holder")
            .prefetch_related(
                Prefetch("items", queryset=m.ResponsibilityItem.objects.order_by("position", "pk"))
            )
        ),
        "stakeholders": list(m.Stakeholder.objects.filter(version=version)),
        "municipality_roles": list(
            m.MunicipalityRole.objects.filter(version=version).prefetch_related(
                Prefetch("senders", queryset=m.RoleSender.objects.order_by("position", "pk")),
                Prefetch("audiences", queryset=m.RoleAudience.objects.order_by("position", "pk")),
            )
        ),
        "platforms": list(
            m.Platform.objects.filter(version=version).prefetch_related(
                Prefetch("channels", queryset=m.Channel.objects.order_by("position", "pk")),
                Prefetch(
                    "role_uses",
                    queryset=m.PlatformRoleUse.objects.select_related("municipality_role"),
                ),
            )
        ),
        "spokesperson_rules": list(
            m.SpokespersonRule.objects.filter(version=version).select_related("holder")
        ),
        "actions": list(
            m.Action.objects.filter(version=version).select_related(
                "owner_unit", "goal", "focus_area"
            )
        ),
        "annual_wheel": list(m.AnnualWheelEvent.objects.filter(version=version)),
        "related_documents": list(
            m.RelatedDocument.objects.filter(version=version).select_related("strategy")
        ),
        "definitions": list(m.Definition.objects.filter(version=version)),
    })
    return _with_goal_tree(_with_crisis_split(content))


def _with_goal_tree(content: dict) -> dict:
    """goal -> strategy -> measure: `top_goals` are the goals under no other goal, each
    goal carries `subgoal_list`, its sub-goals in document order."""
    goals = content["goals"]
    ids = {goal.pk for goal in goals}
    for goal in goals:
        goal.subgoal_list = [g for g in goals if g.parent_id == goal.pk]
    content["top_goals"] = [g for g in goals if g.parent_id not in ids]
    return content


def _with_crisis_split(content: dict) -> dict:
    """Who does what in a crisis stands apart from the everyday responsibilities."""
    crisis = m.ResponsibilityContext.CRISIS
    every = content["responsibilities"]
    content["general_responsibilities"] = [r for r in every if r.context != crisis]
    content["crisis_responsibilities"] = [r for r in every if r.context == crisis]
    return content


def _with_serving_actions(content: dict) -> dict:
    for kind, link in (("goals", "goal_id"), ("focus_areas", "focus_area_id")):
        for item in content[kind]:
            item.serving_actions = [a for a in content["actions"] if getattr(a, link) == item.pk]
    return content


def platform_role_matrix(content: dict) -> list[tuple]:
    """Rows of (platform, [bool per municipality role]) for the platforms x roles table."""
    roles = content["municipality_roles"]
    rows = []
    for platform in content["platforms"]:
        used = {use.municipality_role_id for use in platform.role_uses.all()}
        rows.append((platform, [role.pk in used for role in roles]))
    return rows


def in_force_beside(version: m.StrategyVersion, *, today: datetime.date | None = None) -> list:
    """The other strategies of the same kind and organisation whose adopted version is in
    force and that this version does not say it replaces: with this one adopted, two
    policies (or plans) would be in force side by side (2 queries)."""
    if version.status in (m.VersionStatus.SUPERSEDED, m.VersionStatus.WITHDRAWN):
        return []
    today = today or timezone.localdate()
    strategy = version.strategy
    replaced = set(
        m.RelatedDocument.objects.filter(
            version=version, relation=m.DocumentRelation.REPLACES, strategy__isnull=False
        ).values_list("strategy_id", flat=True)
    )
    return list(
        m.Strategy.objects.filter(
            organisation_id=strategy.organisation_id, kind=strategy.kind,
            versions__status=m.VersionStatus.ADOPTED,
        )
        .filter(Q(versions__valid_until__isnull=True) | Q(versions__valid_until__gte=today))
        .exclude(pk=strategy.pk)
        .exclude(pk__in=replaced)
        .distinct()
        .order_by("title", "pk")
    )
