from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .validators import validate_logo

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class Country(models.TextChoices):
    DENMARK = "DK", _("Denmark")
    SWEDEN = "SE", _("Sweden")
    NORWAY = "NO", _("Norway")


class Language(models.TextChoices):
    DANISH = "da", "Dansk"
    SWEDISH = "sv", "Svenska"
    NORWEGIAN_BOKMAL = "nb", "Norsk bokmål"
    NORWEGIAN_NYNORSK = "nn", "Norsk nynorsk"


class RoleLevel(models.TextChoices):
    """The levels a communication strategy gives responsibilities to."""

    POLITICIAN = "politician", _("Politicians")
    EXECUTIVE_BOARD = "executive_board", _("Executive board")
    CENTRE = "centre", _("Centres")
    WORKPLACE = "workplace", _("Workplaces")
    LEADER = "leader", _("Leaders")
    EMPLOYEE = "employee", _("Employees")
    COMMUNICATIONS = "communications", _("Communications department")


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(role_assignments__user=user).distinct()


class Organisation(TimeStampedModel):
    """A municipality (kommune) with its graphic profile."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    council_name = models.CharField(
        _("council"),
        max_length=200,
        help_text=_("The body that adopts strategies, e.g. Byrådet, Kommunfullmäktige."),
    )
    executive_board_name = models.CharField(
        _("name of the executive board"),
        max_length=200,
        blank=True,
        help_text=_("What the executive level is called here: Direktionen, Kommunledningen."),
    )
    logo = models.ImageField(
        _("logo"), upload_to="logos/", blank=True, validators=[validate_logo]
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#004b87", validators=[hex_colour]
    )
    secondary_colour = models.CharField(
        _("secondary colour"), max_length=7, default="#e6eef5", validators=[hex_colour]
    )
    website = models.URLField(_("website"), blank=True)
    # Raised in the same transaction as every write that changes what the obligations
    # follow-up reads (apps/obligations/signals.py), so a cache keyed on them is never
    # stale: the structure (units, strategies, adopted versions) and the activity (role
    # assignments, people, acknowledgements, check-ins).
    structure_generation = models.PositiveBigIntegerField(default=0, editable=False)
    activity_generation = models.PositiveBigIntegerField(default=0, editable=False)
    # Raised with every other write the dashboards show (apps/dashboards/signals.py):
    # versions in any state, consultation comments and invitations, permissions on
    # strategies, the organisation's own name and colours.
    content_generation = models.PositiveBigIntegerField(default=0, editable=False)

    GENERATIONS = frozenset({"structure_generation", "activity_generation", "content_generation"})

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The generations are only ever raised in the database (F() + 1). Writing back
        # the values an object was loaded with would lower them again, and a cache key
        # already used for other data could come round a second time.
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None:
                fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [name for name in fields if name not in self.GENERATIONS]
        super().save(*args, **kwargs)


class UnitKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration (forvaltning, förvaltning, etat)")
    CENTRE = "centre", _("Centre")
    WORKPLACE = "workplace", _("Workplace (virksomhed, verksamhet, virksomhet)")
    TEAM = "team", _("Team")
    SECRETARIAT = "secretariat", _("Secretariat or staff function")


class UnitQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def open(self):
        return self.filter(closed_at__isnull=True)


class Unit(TimeStampedModel):
    """A node in the municipality's organisation tree."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    is_communications = models.BooleanField(
        _("is the communications department"), default=False
    )
    # A closed unit is kept with its history (check-ins, comments, past roles) but takes
    # no new people and is left out of the pickers; apps.identity.services closes it.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Materialised path ("/12/40/"): descendants of a unit are one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unit_unique_name_per_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One transaction: nobody reads the unit saved with its old path, and a unit
        # moved under another parent takes every unit below it along.
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            prefix = self.parent.path if self.parent_id else "/"
            path = f"{prefix}{self.pk}/"
            if path != self.path:
                self.path = path
                type(self).objects.filter(pk=self.pk).update(path=path)
                if old_path:
                    type(self).objects.filter(path__startswith=old_path).exclude(
                        pk=self.pk
                    ).update(path=Concat(Value(path), Substr("path", len(old_path) + 1)))

    def ancestor_ids(self):
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def descendants(self, include_self=True):
        qs = Unit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", _("Entered in the app")
    IMPORT = "import", _("Imported from a file")
    SCIM = "scim", _("Provisioned by the identity provider (SCIM)")


class RoleAssignmentQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class RoleAssignment(TimeStampedModel):
    """A user holds a role level in an organisation, optionally in one unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("Empty for roles that span the whole organisation, such as politicians."),
    )
    role_level = models.CharField(_("role level"), max_length=20, choices=RoleLevel.choices)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_assignments",
        verbose_name=_("manager"),
    )
    # A full import owns the roles it brought in: one missing from the next file goes,
    # while roles given in the app (the communications department's own) stay.
    source = models.CharField(
        _("source"), max_length=10, choices=AssignmentSource.choices,
        default=AssignmentSource.MANUAL,
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "unit", "role_level"],
                condition=models.Q(unit__isnull=False),
                name="role_assignment_unique_in_unit",
            ),
            # NULL units are distinct to SQL; organisation-wide roles need their own rule.
            models.UniqueConstraint(
                fields=["user", "organisation", "role_level"],
                condition=models.Q(unit__isnull=True),
                name="role_assignment_unique_organisation_wide",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role_level"])]

    def __str__(self):
        return f"{self.user} – {self.get_role_level_display()}"


class HolderKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee or board (nævn, nämnd, utvalg)")
    COMPANY = "company", _("Municipal company")
    STAFF_REPRESENTATION = "staff_representation", _(
        "Trade union representatives or safety organisation"
    )
    OFFICE = "office", _("Office held by one person (mayor, chief executive)")
    OTHER = "other", _("Other")


class ResponsibilityHolder(TimeStampedModel):
    """Someone a policy gives a responsibility or the right to speak who is not one of
    the seven role levels: a committee, a municipal company, the union representatives,
    the mayor by name of office. Each organisation defines its own.

    `role_level` is who carries the holder's duties in Kompas, where there is one (the
    chief executive sits on the executive board); empty, the holder is named in the
    document and binds nobody's obligations.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="responsibility_holders",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=HolderKind.choices)
    role_level = models.CharField(
        _("carried by role level"), max_length=20, choices=RoleLevel.choices, blank=True,
        help_text=_("Whose obligations the holder's duties become. Empty: nobody's."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("responsibility holder")
        verbose_name_plural = _("responsibility holders")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="responsibility_holder_unique_name"
            ),
        ]

    def __str__(self):
        return self.name
