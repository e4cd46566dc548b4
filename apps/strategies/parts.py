"""The order in which a version's parts are read, everywhere: the editor, the reader
page, the consultation page, the PDF and its contents. One list, so a reader who
knows where the values are in the PDF finds them in the same place on the web."""

from . import models as m

# (the key of selectors.version_content, the model of the part's items)
PARTS = (
    ("sections", m.Section),
    ("values", m.Value),
    ("principles", m.Principle),
    ("goals", m.Goal),
    ("focus_areas", m.FocusArea),
    ("stakeholders", m.Stakeholder),
    ("municipality_roles", m.MunicipalityRole),
    ("responsibilities", m.Responsibility),
    ("platforms", m.Platform),
    ("spokesperson_rules", m.SpokespersonRule),
    ("actions", m.Action),
    ("annual_wheel", m.AnnualWheelEvent),
    ("related_documents", m.RelatedDocument),
)
PART_KEYS = tuple(key for key, _model in PARTS)
_POSITION = {model: index for index, (_key, model) in enumerate(PARTS)}


def part_position(model) -> int:
    """Where a part holding items of this model is read; unknown kinds come last."""
    return _POSITION.get(model, len(PARTS))


def _goal_kind_headings():
    from django.utils.translation import gettext_lazy as _

    return {
        m.GoalKind.OVERALL: _("Overall goals"),
        m.GoalKind.GOAL: _("Goals"),
        m.GoalKind.EFFECT: _("Intended effects"),
        m.GoalKind.SUCCESS_CRITERION: _("We have succeeded when"),
    }


# A group of goals is headed in the plural ("Overall goals"), as in the PDF; a goal's
# own kind (the editor's choice) is singular.
GOAL_KIND_HEADINGS = _goal_kind_headings()


def goal_groups(goals) -> list[tuple[str, list]]:
    """Goals grouped by kind under their plural heading, kinds in the model's order."""
    groups = []
    for kind in m.GoalKind.values:
        members = [goal for goal in goals if goal.kind == kind]
        if members:
            groups.append((GOAL_KIND_HEADINGS.get(kind, kind), members))
    return groups
