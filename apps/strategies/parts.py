"""The order in which a version's parts are read, everywhere: the editor, the reader
page, the consultation page, the PDF and its contents. One list, so a reader who
knows where the values are in the PDF finds them in the same place on the web."""

from . import models as m

# (the key of selectors.version_content, the model of the part's items, its anchor on
# the reader page and in the PDF). Who does what in a crisis is the responsibilities
# with a crisis context, read right after the chapters (the crisis chapter among them).
PARTS = (
    ("sections", m.Section, "sections"),
    ("crisis_responsibilities", m.Responsibility, "crisis-responsibilities"),
    ("legal_bases", m.LegalBasis, "legal-bases"),
    ("values", m.Value, "values"),
    ("principles", m.Principle, "principles"),
    ("goals", m.Goal, "goals"),
    ("evaluations", m.Evaluation, "evaluations"),
    ("focus_areas", m.FocusArea, "focus-areas"),
    ("stakeholders", m.Stakeholder, "stakeholders"),
    ("municipality_roles", m.MunicipalityRole, "municipality-roles"),
    ("general_responsibilities", m.Responsibility, "responsibilities"),
    ("platforms", m.Platform, "platforms"),
    ("spokesperson_rules", m.SpokespersonRule, "spokesperson-rules"),
    ("actions", m.Action, "actions"),
    ("annual_wheel", m.AnnualWheelEvent, "annual-wheel"),
    ("related_documents", m.RelatedDocument, "related-documents"),
    ("definitions", m.Definition, "definitions"),
)
PART_KEYS = tuple(key for key, _model, _anchor in PARTS)
PART_ANCHORS = {key: anchor for key, _model, anchor in PARTS}
_POSITION = {model: index for index, (_key, model, _anchor) in enumerate(PARTS)}


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
