"""Strategies, their numbered versions and every kind of content a version holds.

Every content row carries a direct foreign key to its version (children too, such
as a responsibility's numbered duties), so that copying a version, freezing an
adopted one and guarding it in the database are one uniform rule per table.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from apps.core.models import TimeStampedModel
from apps.organisations.models import Organisation, ResponsibilityHolder, RoleLevel, Unit


class StrategyKind(models.TextChoices):
    POLICY = "policy", _("Policy")
    STRATEGY = "strategy", _("Strategy")
    ACTION_PLAN = "action_plan", _("Action plan")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    PROPOSED = "proposed", _("Proposed to the council")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Versions in these states are a record of a political decision and never change.
FROZEN_STATUSES = (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED)


class Audience(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")
    BOTH = "both", _("Internal and external")


class ReviewCadence(models.TextChoices):
    ELECTION_PERIOD = "election_period", _("Every election period")
    ANNUALLY = "annually", _("Every year")
    EVERY_TWO_YEARS = "two_years", _("Every two years")
    EVERY_FOUR_YEARS = "four_years", _("Every four years")
    AS_NEEDED = "as_needed", _("As needed")


class StrategyQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def listed(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Strategy(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="strategies",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StrategyKind.choices)
    slug = models.SlugField(_("short name"), max_length=100)
    # Out of the lists (a strategy started by mistake, kept rather than deleted); its
    # pages stay where they were.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["organisation", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="strategy_unique_slug"),
        ]
        permissions = [
            ("view_draft_strategy", _("Can see draft versions")),
            ("comment_strategy", _("Can comment in consultations")),
            ("propose_strategy", _("Can send a version to consultation or the council")),
            ("adopt_strategy", _("Can record the council's adoption")),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A strategy never moves between organisations: its versions, consultations and
        # audit trail belong to the one that made them (a database trigger holds too).
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list(
                "organisation_id", flat=True
            ).first()
            if stored is not None and stored != self.organisation_id:
                raise ValueError("A strategy cannot move to another organisation.")
        super().save(*args, **kwargs)


class StrategyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Strategy, on_delete=models.CASCADE)


class StrategyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Strategy, on_delete=models.CASCADE)


class StrategyVersionQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(strategy__organisation=organisation)

    def adopted(self):
        return self.filter(status=VersionStatus.ADOPTED)

    def frozen(self):
        return self.filter(status__in=FROZEN_STATUSES)


class StrategyVersion(TimeStampedModel):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="versions", verbose_name=_("strategy")
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    language = models.CharField(
        _("language of the content"), max_length=8, choices=settings.LANGUAGES
    )
    dated = models.CharField(
        _("dated"), max_length=100, blank=True,
        help_text=_("The date as the document gives it, e.g. 'August 2012'."),
    )
    period_label = models.CharField(_("period"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    # The review rule as the document gives it, beside or instead of a date.
    review_cadence = models.CharField(
        _("reviewed"), max_length=20, choices=ReviewCadence.choices, blank=True,
        help_text=_("How often the document is reviewed, beside or instead of a date."),
    )
    document_owner = models.CharField(
        _("document owner"), max_length=200, blank=True,
        help_text=_(
            "The unit or role responsible for the document, e.g. 'Kommunikationsafdelingen'."
        ),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    case_reference = models.CharField(_("case reference"), max_length=100, blank=True)
    adoption_note = models.TextField(_("note on the adoption"), blank=True)
    change_summary = models.TextField(_("summary of changes"), blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="derived_versions",
        verbose_name=_("based on version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    # Bumped on every edit of the version or its content: optimistic locking for drafts.
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The strategy's title when this version was adopted: the decided document keeps the
    # title it was adopted with, whatever the strategy is called later.
    # NULL for versions decided before the title was kept (and for undecided ones): a
    # nullable column is added in place, so SQLite keeps the guards that name this table.
    adopted_title = models.CharField(
        _("title as adopted"), max_length=300, null=True, blank=True, editable=False
    )

    objects = StrategyVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="version_unique_number"),
            models.UniqueConstraint(
                fields=["strategy"],
                condition=Q(status="adopted"),
                name="version_one_adopted_per_strategy",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "superseded"]) | Q(adopted_on__isnull=False),
                name="version_adopted_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.strategy} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in FROZEN_STATUSES and not self._is_supersede(stored, kwargs):
                raise FrozenVersionError(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise FrozenVersionError(self)
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self):
        return self.status in FROZEN_STATUSES

    @property
    def printed_title(self) -> str:
        """The title this version is shown and printed under: the one it was adopted with
        once decided, the strategy's current title before."""
        return self.adopted_title or self.strategy.title

    def _is_supersede(self, stored_status, save_kwargs):
        """The one change a decided version allows: adopted becomes superseded."""
        update_fields = set(save_kwargs.get("update_fields") or ())
        return (
            stored_status == VersionStatus.ADOPTED
            and self.status == VersionStatus.SUPERSEDED
            and update_fields <= {"status", "updated_at"}
            and bool(update_fields)
        )


class FrozenVersionError(Exception):
    """An adopted or superseded version, or its content, was about to change."""

    def __init__(self, version):
        self.version = version
        super().__init__(f"{version} is {version.status} and can never change")


class VersionTransition(models.Model):
    """One move of a version through its lifecycle: who, when, from, to, and why."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="transitions",
        verbose_name=_("version"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=VersionStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=VersionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("who"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.version}: {self.from_status} → {self.to_status}"


class VersionContent(models.Model):
    """Base of every row of a version's content: ordered, owned by one version."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)

    def _guard(self):
        version = StrategyVersion.objects.only("status").get(pk=self.version_id)
        if version.is_frozen:
            raise FrozenVersionError(version)


class SectionKind(models.TextChoices):
    PURPOSE = "purpose", _("Purpose")
    BACKGROUND = "background", _("Background")
    VISION = "vision", _("Vision")
    SCOPE = "scope", _("Scope")
    PREFACE = "preface", _("Preface")
    # Themed guidance chapters: typed, so that they can be found, compared and bound.
    CRISIS = "crisis", _("Crisis communication")
    MEDIA = "media", _("Media relations")
    SOCIAL_MEDIA = "social_media", _("Social media")
    VISUAL_IDENTITY = "visual_identity", _("Visual identity")
    LANGUAGE = "language", _("Language and plain language")
    FREEDOM_OF_EXPRESSION = "freedom_of_expression", _("Staff freedom of expression")
    KEY_MESSAGES = "key_messages", _("Key messages")
    DEFINITIONS = "definitions", _("Definitions")
    APPENDIX = "appendix", _("Appendix")
    CHECKLIST = "checklist", _("Checklist")
    TEXT = "text", _("Text")


# Kinds of section that are guidance on one theme, shown with their theme.
THEMED_SECTION_KINDS = frozenset({
    SectionKind.CRISIS, SectionKind.MEDIA, SectionKind.SOCIAL_MEDIA,
    SectionKind.VISUAL_IDENTITY, SectionKind.LANGUAGE, SectionKind.FREEDOM_OF_EXPRESSION,
    SectionKind.KEY_MESSAGES, SectionKind.DEFINITIONS, SectionKind.APPENDIX,
    SectionKind.CHECKLIST,
})


class Section(VersionContent):
    """Free text of the document: purpose, background, vision and other chapters."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="sections"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SectionKind.choices)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(
        _("heading level"), default=1, help_text=_("1 for a chapter, 2 for a sub-heading.")
    )
    body = models.TextField(_("text"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, blank=True,
        help_text=_("Empty where the document does not say."),
    )
    # E.g. the crisis plan a crisis chapter points to, or the design manual of the
    # visual identity.
    link_title = models.CharField(_("linked document"), max_length=300, blank=True)
    link_url = models.URLField(_("link"), blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading or self.get_kind_display()

    @property
    def is_themed(self) -> bool:
        return self.kind in THEMED_SECTION_KINDS


class Value(VersionContent):
    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self):
        return self.name


class Principle(VersionContent):
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="principles"
    )
    value = models.ForeignKey(
        Value, on_delete=models.SET_NULL, null=True, blank=True, related_name="principles",
        verbose_name=_("value"),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, blank=True,
        help_text=_("Empty where the document does not say."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"))

    class Meta(VersionContent.Meta):
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self):
        return self.title or self.text[:80]


class FocusArea(VersionContent):
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="focus_areas"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.title or self.description[:80]


class GoalKind(models.TextChoices):
    OVERALL = "overall", _("Overall goal")
    GOAL = "goal", _("Goal")
    # Under a goal: the strategies that pursue it, and the measures under those.
    STRATEGY = "strategy", _("Strategy")
    MEASURE = "measure", _("Measure")
    EFFECT = "effect", _("Intended effect")
    SUCCESS_CRITERION = "success_criterion", _("We have succeeded when")


class Goal(VersionContent):
    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(
        _("kind"), max_length=20, choices=GoalKind.choices, default=GoalKind.GOAL
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    # goal -> strategy -> measure: a goal may stand under another one.
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="subgoals",
        verbose_name=_("under the goal"),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, blank=True,
        help_text=_("Empty where the document does not say."),
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title or self.description[:80]

    def clean(self):
        super().clean()
        # A goal may not stand under itself, however far up.
        seen = {self.pk} if self.pk else set()
        parent_id = self.parent_id
        while parent_id is not None:
            if parent_id in seen:
                raise ValidationError(
                    {"parent": _("A goal cannot stand under itself or under its own sub-goals.")}
                )
            seen.add(parent_id)
            parent_id = (
                Goal.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            )


class GoalTargetGroup(VersionContent):
    """A goal is for one of the version's target groups (stakeholders)."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="goal_target_groups"
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="target_groups", verbose_name=_("goal")
    )
    stakeholder = models.ForeignKey(
        "Stakeholder", on_delete=models.CASCADE, related_name="goal_ties",
        verbose_name=_("target group"),
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("target group of the goal")
        verbose_name_plural = _("target groups of the goal")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "stakeholder"], name="goal_target_group_unique"
            ),
        ]

    def __str__(self):
        return str(self.stakeholder)


class Indicator(VersionContent):
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    name = models.CharField(_("indicator"), max_length=300)
    target = models.CharField(_("target"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    # The target and the starting point as numbers, so measured values can be held
    # against them (apps/followup); the words above stay what the document says.
    target_value = models.DecimalField(
        _("target as a number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_value = models.DecimalField(
        _("baseline as a number"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("The value when the strategy was adopted."),
    )
    higher_is_better = models.BooleanField(
        _("a higher value is better"), default=True,
        help_text=_("Untick where the goal is to bring the value down, e.g. waiting times."),
    )
    measurement = models.TextField(_("how it is measured"), blank=True)
    # The same indicator in every version, as Action.lineage: its measurements (kept in
    # apps/followup) carry over to the next adopted version.
    lineage = models.UUIDField(default=uuid.uuid4, null=True, editable=False, db_index=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "lineage"], name="indicator_lineage_once"
            ),
        ]

    def __str__(self):
        return self.name


class ResponsibilityContext(models.TextChoices):
    GENERAL = "general", _("Always")
    CRISIS = "crisis", _("In a crisis")


class Responsibility(VersionContent):
    """What one role level (or a holder the organisation defines) answers for, with its
    numbered duties; in a crisis, who does what."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="responsibilities"
    )
    role_level = models.CharField(
        _("role level"), max_length=20, choices=RoleLevel.choices, blank=True,
        help_text=_("Empty where the holder below carries it."),
    )
    holder = models.ForeignKey(
        ResponsibilityHolder, on_delete=models.PROTECT, null=True, blank=True,
        related_name="responsibilities", verbose_name=_("holder"),
        help_text=_("A committee, company or office the organisation defines."),
    )
    context = models.CharField(
        _("applies"), max_length=10, choices=ResponsibilityContext.choices,
        default=ResponsibilityContext.GENERAL,
    )
    label = models.CharField(
        _("who, in the document's words"), max_length=200,
        help_text=_("E.g. 'Politikerne', 'Kommunledningen', 'Etatsledere'."),
    )
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    applies_down_tree = models.BooleanField(
        _("applies to sub-units too"), default=True,
        help_text=_("Whether holders of this role in units below also carry it."),
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self):
        return f"{self.label}: {self.heading}" if self.heading else self.label

    def clean(self):
        super().clean()
        if not self.role_level and self.holder_id is None:
            raise ValidationError(
                {"role_level": _("Choose a role level or a holder: someone carries it.")}
            )

    @property
    def binding_role_level(self) -> str:
        """The role level whose holders carry it: its own, or its holder's (may be empty)."""
        if self.role_level:
            return self.role_level
        return self.holder.role_level if self.holder_id else ""


class ResponsibilityItem(VersionContent):
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="responsibility_items"
    )
    responsibility = models.ForeignKey(
        Responsibility, on_delete=models.CASCADE, related_name="items",
        verbose_name=_("responsibility"),
    )
    text = models.TextField(_("duty"))

    class Meta(VersionContent.Meta):
        verbose_name = _("duty")
        verbose_name_plural = _("duties")

    def __str__(self):
        return self.text[:80]


class Stakeholder(VersionContent):
    """A stakeholder or target group; position is the priority order."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), null=True, blank=True,
        help_text=_("1 is first. Empty where the document gives no priority."),
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return self.name


class MunicipalityRoleKind(models.TextChoices):
    AUTHORITY = "authority", _("Authority")
    SERVICE = "service", _("Service")
    POLITICS = "politics", _("Politics")
    BRAND = "brand", _("Brand")


class MunicipalityRole(VersionContent):
    """A role the municipality has towards the world, e.g. Myndighed."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="municipality_roles"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityRoleKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goal = models.TextField(_("goal"), blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("municipality role")
        verbose_name_plural = _("municipality roles")

    def __str__(self):
        return self.name


class RoleSender(VersionContent):
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="role_senders"
    )
    municipality_role = models.ForeignKey(
        MunicipalityRole, on_delete=models.CASCADE, related_name="senders"
    )
    label = models.CharField(_("sender"), max_length=200)
    role_level = models.CharField(
        _("role level"), max_length=20, choices=RoleLevel.choices, blank=True
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("sender")
        verbose_name_plural = _("senders")

    def __str__(self):
        return self.label


class RoleAudience(VersionContent):
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="role_audiences"
    )
    municipality_role = models.ForeignKey(
        MunicipalityRole, on_delete=models.CASCADE, related_name="audiences"
    )
    label = models.CharField(_("audience"), max_length=200)
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("stakeholder"),
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return self.label


class Platform(VersionContent):
    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="platforms")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, blank=True,
        help_text=_("Empty where the document does not say."),
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self):
        return self.name


class Channel(VersionContent):
    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="channels")
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name


class PlatformRoleUse(VersionContent):
    """A municipality role draws on a platform (the platforms x roles matrix)."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="platform_role_uses"
    )
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="role_uses")
    municipality_role = models.ForeignKey(
        MunicipalityRole, on_delete=models.CASCADE, related_name="platform_uses"
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("platform used by a role")
        verbose_name_plural = _("platforms used by roles")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "municipality_role"], name="platform_role_use_unique"
            ),
        ]

    def __str__(self):
        return f"{self.municipality_role} – {self.platform}"


class SpokespersonRule(VersionContent):
    """Who may speak on the municipality's behalf, and about what."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="spokesperson_rules"
    )
    speaker = models.CharField(_("who"), max_length=200)
    role_level = models.CharField(
        _("role level"), max_length=20, choices=RoleLevel.choices, blank=True
    )
    holder = models.ForeignKey(
        ResponsibilityHolder, on_delete=models.PROTECT, null=True, blank=True,
        related_name="spokesperson_rules", verbose_name=_("holder"),
        help_text=_("A committee, company or office the organisation defines."),
    )
    scope = models.CharField(_("speaks about"), max_length=300, blank=True)
    text = models.TextField(_("rule"))

    class Meta(VersionContent.Meta):
        verbose_name = _("spokesperson rule")
        verbose_name_plural = _("spokesperson rules")

    def __str__(self):
        return self.speaker


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(VersionContent):
    """An item of the action plan (handleplan, tiltak)."""

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
        verbose_name=_("owner unit"),
    )
    owner_label = models.CharField(_("owner, in words"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    # What the action serves: content of the version like the rest, so it is edited in
    # the draft and frozen with it (goal → indicator → action).
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
        verbose_name=_("goal it serves"),
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
        verbose_name=_("focus area it serves"),
    )
    # The same action in every version: a new draft's copy keeps it (however the title
    # is reworded), so the live follow-up of apps/followup, which is keyed on it, carries
    # over when the next version is adopted. Never shown, never edited.
    lineage = models.UUIDField(default=uuid.uuid4, null=True, editable=False, db_index=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["owner_unit", "due_date"])]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="action_lineage_once"),
        ]

    def __str__(self):
        return self.title


class AnnualWheelEvent(VersionContent):
    """A recurring event of the annual wheel (årshjul)."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="annual_wheel_events"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    month = models.PositiveSmallIntegerField(
        _("month"), choices=[(m, m) for m in range(1, 13)]
    )
    audience = models.CharField(_("for whom"), max_length=200, blank=True)
    owner_label = models.CharField(_("responsible"), max_length=200, blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("annual wheel event")
        verbose_name_plural = _("annual wheel events")
        ordering = ["month", "position", "pk"]

    def __str__(self):
        return self.title


class DocumentRelation(models.TextChoices):
    BASIS = "basis", _("Builds on")
    COMPLEMENT = "complement", _("Used together with")
    UNDERLYING = "underlying", _("Elaborated in")
    REFERENCE = "reference", _("Referred to")
    REPLACES = "replaces", _("Replaces")


class RelatedDocument(VersionContent):
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="related_documents"
    )
    title = models.CharField(_("title"), max_length=300)
    relation = models.CharField(
        _("relation"), max_length=20, choices=DocumentRelation.choices,
        default=DocumentRelation.REFERENCE,
    )
    year = models.CharField(_("year"), max_length=20, blank=True)
    url = models.URLField(_("link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # Another strategy of the same organisation, where the document is one in Kompas.
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, null=True, blank=True, related_name="related_by",
        verbose_name=_("strategy in Kompas"),
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")

    def __str__(self):
        return self.title


class LegalBasis(VersionContent):
    """A law or rule the document rests on (offentlighedsloven, språklagen, GDPR...)."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="legal_bases"
    )
    title = models.CharField(_("law or rule"), max_length=300)
    text = models.TextField(_("what it means here"), blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self):
        return self.title


class Definition(VersionContent):
    """A term and what the document means by it."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="definitions"
    )
    term = models.CharField(_("term"), max_length=200)
    explanation = models.TextField(_("meaning"), blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")

    def __str__(self):
        return self.term


class Evaluation(VersionContent):
    """How the whole document is measured and evaluated, not tied to one goal."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="evaluations"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(
        _("method"), max_length=300, blank=True,
        help_text=_("E.g. a survey of citizens, a review of the media coverage."),
    )
    frequency = models.CharField(
        _("how often"), max_length=200, blank=True, help_text=_("E.g. 'every second year'.")
    )

    class Meta(VersionContent.Meta):
        verbose_name = _("evaluation")
        verbose_name_plural = _("measurement and evaluation")

    def __str__(self):
        return self.title


# Every model that is part of a version's content, parents before children: the
# order copying, freezing and the database guard walk them in.
CONTENT_MODELS = (
    Section,
    Value,
    Principle,
    FocusArea,
    Goal,
    Indicator,
    Responsibility,
    ResponsibilityItem,
    Stakeholder,
    GoalTargetGroup,
    MunicipalityRole,
    RoleSender,
    RoleAudience,
    Platform,
    Channel,
    PlatformRoleUse,
    SpokespersonRule,
    Action,
    AnnualWheelEvent,
    RelatedDocument,
    LegalBasis,
    Definition,
    Evaluation,
)
