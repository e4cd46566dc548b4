"""Generated data at the size of a large municipality, for benchmarks.

`large_municipality_load()` builds "Storby Kommune": 8 centres with 170 workplaces,
5,500 employees, 40 leaders per centre (besides the centre and workplace managers),
a council, an executive board and a communications department, and 30 strategies
with 5 versions each, filled with every kind of content. About 70 % of the
obligations each person carries are acknowledged, and the leaders have checked in
on most of theirs this quarter and the last. `small_municipalities_load()` adds up
to 745 small municipalities (as many as Denmark, Sweden and Norway have together),
with generated names.

Rows are written with bulk_create, not through the services (which would take
hours for 6,000 people), but the invariants the services keep are kept here too:
a version's content is written while the version is a draft and its status is set
afterwards, as tests.factories.mark_adopted does; people join their role's
permission group; strategies get their role permissions from
strategies.permissions; obligations and their fingerprints come from
obligations.selectors and obligations.rules. Every organisation is written in one
transaction, so a run that stops leaves nothing half made, and a second run
leaves what exists untouched (adopted versions can never be deleted, so there is
no reset: start from a fresh database instead).
"""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from apps.dashboards.signals import CONTENT
from apps.obligations.models import Acknowledgement, CheckIn, CheckInStatus, quarter_start
from apps.obligations.rules import LEADERSHIP_LEVELS
from apps.obligations.selectors import obligation_index
from apps.obligations.signals import ACTIVITY, STRUCTURE, generations_raise
from apps.organisations.models import (
    Country,
    Language,
    Organisation,
    RoleAssignment,
    RoleLevel,
    Unit,
    UnitKind,
)
from apps.organisations.services import organisation_role_groups
from apps.strategies import models as sm
from apps.strategies.permissions import grant_role_permissions

LARGE_SLUG = "storby"
BATCH = 5000
ACKNOWLEDGED_SHARE = 0.7
# Denmark, Sweden and Norway have 98, 290 and 357 municipalities.
MUNICIPALITIES = {Country.DENMARK: 98, Country.SWEDEN: 290, Country.NORWAY: 357}
MAX_SMALL = sum(MUNICIPALITIES.values())


@dataclass(frozen=True)
class Size:
    centres: int = 8
    workplaces: int = 170
    employees: int = 5500
    leaders_per_centre: int = 40
    politicians: int = 31
    executives: int = 5
    communications: int = 8
    strategies: int = 30
    versions: int = 5


FIRST_NAMES = (
    "Anne", "Mette", "Hanne", "Anna", "Helle", "Susanne", "Lene", "Maria", "Marianne", "Camilla",
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels", "Rasmus",
    "Sofie", "Ida", "Emma", "Freja", "Mikkel", "Frederik", "Mads", "Jonas", "Karen", "Ole",
)
LAST_NAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
)
CENTRES = (
    "Center for Børn og Unge", "Center for Skole", "Center for Sundhed og Omsorg",
    "Center for Teknik og Miljø", "Center for Kultur og Fritid", "Center for Social og Handicap",
    "Center for Arbejdsmarked", "Center for Økonomi og Personale",
)
WORKPLACE_KINDS = (
    "Skole", "Børnehus", "Plejecenter", "Bibliotek", "Jobcenter", "Sundhedshus", "Materielgård",
    "Bosted", "Klub", "Tandpleje", "Hjemmepleje", "Idrætscenter", "Genbrugsplads", "Musikskole",
)
PLACES = (
    "Nord", "Syd", "Øst", "Vest", "Centrum", "Havnen", "Skoven", "Engen", "Bakken", "Søndermark",
    "Vestergade", "Åparken", "Kildebakken", "Lyngby", "Strandvejen", "Bakkegården", "Toften",
    "Mosen", "Hedehusene", "Vængerne", "Lunden", "Kærholm",
)
THEMES = (
    "Kommunikationspolitik", "Kommunikationsstrategi", "Strategi for borgerdialog",
    "Politik for klart sprog", "Strategi for sociale medier", "Krisekommunikation",
    "Intern kommunikation", "Presse- og mediepolitik", "Digital kommunikation",
    "Strategi for nærdemokrati", "Branding af Storby", "Kommunikation i byggesager",
    "Kommunikation om klima", "Kommunikation med unge", "Strategi for tilgængelighed",
)
ROLE_DUTIES = {
    RoleLevel.POLITICIAN: "Politikerne",
    RoleLevel.EXECUTIVE_BOARD: "Direktionen",
    RoleLevel.CENTRE: "Centercheferne",
    RoleLevel.WORKPLACE: "Virksomhedslederne",
    RoleLevel.LEADER: "Lederne",
    RoleLevel.EMPLOYEE: "Medarbejderne",
    RoleLevel.COMMUNICATIONS: "Kommunikationsafdelingen",
}
DUTY_VERBS = (
    "Sikre at borgerne får svar inden for fem arbejdsdage om",
    "Skrive klart og venligt om",
    "Inddrage de berørte tidligt i",
    "Følge op hvert kvartal på",
    "Give medarbejderne viden om",
    "Dele gode erfaringer på tværs om",
    "Tage ansvar for den faglige kvalitet i",
    "Kende og bruge de fælles skabeloner til",
)
SUBJECTS = (
    "sagsbehandlingen", "hjemmesiden", "høringer", "pressehenvendelser", "nyhedsbreve",
    "borgermøder", "de sociale medier", "breve til borgerne", "kriser", "budgettet",
    "byggeprojekter", "klimaindsatsen",
)
LOREM = (
    "Kommunen kommunikerer åbent, troværdigt og i øjenhøjde med borgerne. "
    "Vi skriver så modtageren forstår budskabet første gang, og vi fortæller hvad der "
    "sker nu, hvad der sker bagefter, og hvem man kan kontakte. "
)


def _rng(*seed) -> random.Random:
    return random.Random("-".join(map(str, seed)))  # noqa: S311 - demo data, not secrets


def password_hash() -> str:
    """One hash of the demo password for every generated person: hashing 6,000 times
    would take half an hour."""
    return make_password(settings.DEMO_PASSWORD)


# --- The large municipality -------------------------------------------------------


def large_municipality_load(
    *, size: Size = Size(), slug: str = LARGE_SLUG, name: str = "Storby Kommune", log=print
) -> Organisation | None:
    """Storby Kommune, or None when it is already there (nothing is changed then).

    `size`, `slug` and `name` let tests build the same shape at a small scale, and
    two of them side by side.
    """
    if Organisation.objects.filter(slug=slug).exists():
        log(f"{slug}: already generated, left as it is")
        return None
    hashed = password_hash()
    with transaction.atomic():
        organisation = Organisation.objects.create(
            slug=slug, name=name, country=Country.DENMARK,
            language=Language.DANISH, council_name="Byrådet",
            executive_board_name="Direktionen", primary_colour="#00563f",
            secondary_colour="#e3efe9", website="https://storby.example",
        )
        started = timezone.now()
        builder = _Builder(organisation, hashed, _rng(slug))
        builder.units_large(size)
        builder.people_large(size)
        log(f"{slug}: {len(builder.units)} units, {len(builder.users)} people")
        builder.strategies(size.strategies, size.versions, largest_first=True)
        log(f"{slug}: {size.strategies} strategies with {size.versions} versions each")
        acks, check_ins = builder.obligations()
        # bulk_create() sends no signal: tell the obligations' and dashboards' caches.
        generations_raise(STRUCTURE, ACTIVITY, CONTENT, pk=organisation.pk)
        log(f"{slug}: {acks} acknowledgements, {check_ins} check-ins "
            f"({(timezone.now() - started).total_seconds():.0f} s)")
    return organisation


# --- Small municipalities ------------------------------------------------------


NAME_PARTS = {
    Country.DENMARK: (
        ("Nør", "Sønder", "Øster", "Vester", "Hol", "Ring", "Ska", "Fre", "Bro", "Hede", "Lyng",
         "Mari", "Tår", "Ker", "Sol", "Ebel"),
        ("rup", "by", "sted", "løse", "lev", "bjerg", "havn", "ager", "holm", "borg", "toft",
         "trup"),
        "{} Kommune", Language.DANISH, "Byrådet", "Direktionen",
    ),
    Country.SWEDEN: (
        ("Norr", "Söder", "Väster", "Öster", "Berg", "Sjö", "Ljung", "Lind", "Björk", "Ek",
         "Hall", "Kungs", "Sala", "Strand", "Älv", "Mora"),
        ("köping", "stad", "by", "hult", "fors", "dal", "vik", "holm", "sund", "berga", "ås",
         "näs"),
        "{} kommun", Language.SWEDISH, "Kommunfullmäktige", "Kommunledningen",
    ),
    Country.NORWAY: (
        ("Nord", "Sør", "Vest", "Øst", "Fjell", "Sjø", "Li", "Bø", "Ås", "Ny", "Hol", "Sand",
         "Stor", "Ul", "Ve", "Tys"),
        ("dal", "vik", "nes", "stad", "fjord", "heim", "berg", "øy", "sund", "land", "rud",
         "mark"),
        "{} kommune", Language.NORWEGIAN_BOKMAL, "Kommunestyret", "Rådmannens ledergruppe",
    ),
}


def small_municipality_specs(count: int) -> list[dict]:
    """Names for `count` small municipalities, the three countries in proportion."""
    count = min(count, MAX_SMALL)
    # Interleaved in proportion, so that any first N have all three countries.
    countries = [
        country for country, _k in sorted(
            ((c, k) for c, n in MUNICIPALITIES.items() for k in range(n)),
            key=lambda ck: (ck[1] + 0.5) / MUNICIPALITIES[ck[0]],
        )
    ]
    specs, taken = [], set()
    for n, country in enumerate(countries[:count], start=1):
        heads, tails, pattern, language, council, board = NAME_PARTS[country]
        rng = _rng("name", n)
        while True:
            base = rng.choice(heads) + rng.choice(tails)
            if base not in taken:
                break
            base = f"{base}{rng.choice(('a', 'e', 'o', 'ø' if country != Country.SWEDEN else 'ö'))}"
            if base not in taken:
                break
        taken.add(base)
        specs.append({
            "slug": f"kommune-{n:03d}",
            "name": pattern.format(base),
            "country": country,
            "language": language,
            "council_name": council,
            "executive_board_name": board,
        })
    return specs


def small_municipalities_load(count: int, *, log=print) -> int:
    """Add up to `count` small municipalities that are not there yet; returns how many."""
    specs = small_municipality_specs(count)
    existing = set(Organisation.objects.filter(
        slug__in=[s["slug"] for s in specs]).values_list("slug", flat=True))
    hashed = password_hash()
    made = 0
    for spec in specs:
        if spec["slug"] in existing:
            continue
        with transaction.atomic():
            organisation = Organisation.objects.create(**spec)
            builder = _Builder(organisation, hashed, _rng(spec["slug"]))
            builder.units_small()
            builder.people_small()
            builder.strategies(2, 2, largest_first=False)
            builder.obligations()
            generations_raise(STRUCTURE, ACTIVITY, CONTENT, pk=organisation.pk)
        made += 1
        if made % 50 == 0:
            log(f"small municipalities: {made} made")
    log(f"small municipalities: {made} made, {len(existing)} already there")
    return made


# --- The builder -----------------------------------------------------------------


class _Builder:
    def __init__(self, organisation, password_hash_, rng):
        self.organisation = organisation
        self.password = password_hash_
        self.rng = rng
        self.units: list[Unit] = []
        self.centres: list[Unit] = []
        self.workplaces: list[Unit] = []
        self.comms_unit: Unit | None = None
        self.users: list = []
        self.assignments: list[RoleAssignment] = []
        self.today = timezone.localdate()

    # Units ---------------------------------------------------------------------

    def _units(self, rows: list[tuple[str, str, Unit | None, bool]]) -> list[Unit]:
        """Units created in bulk, with the materialised path Unit.save() would give."""
        created = Unit.objects.bulk_create([
            Unit(organisation=self.organisation, name=name, kind=kind, parent=parent,
                 is_communications=comms)
            for name, kind, parent, comms in rows
        ])
        for unit in created:
            prefix = unit.parent.path if unit.parent_id else "/"
            unit.path = f"{prefix}{unit.pk}/"
        Unit.objects.bulk_update(created, ["path"])
        self.units.extend(created)
        return created

    def units_large(self, size: Size):
        self.centres = self._units([(name, UnitKind.CENTRE, None, False)
                                    for name in CENTRES[: size.centres]])
        rows, names = [], set()
        for n in range(size.workplaces):
            centre = self.centres[n % len(self.centres)]
            name = f"{WORKPLACE_KINDS[n % len(WORKPLACE_KINDS)]} {PLACES[n % len(PLACES)]}"
            while (centre.pk, name) in names:
                name += " II"
            names.add((centre.pk, name))
            rows.append((name, UnitKind.WORKPLACE, centre, False))
        self.workplaces = self._units(rows)
        # The communications department is a staff function under the last centre.
        (self.comms_unit,) = self._units(
            [("Kommunikationsafdelingen", UnitKind.SECRETARIAT, self.centres[-1], True)]
        )

    def units_small(self):
        self.centres = self._units([(name, UnitKind.CENTRE, None, False) for name in CENTRES[:3]])
        self.workplaces = self._units([
            (f"{WORKPLACE_KINDS[n]} {PLACES[n]}", UnitKind.WORKPLACE, self.centres[n % 3], False)
            for n in range(6)
        ])
        (self.comms_unit,) = self._units(
            [("Kommunikation", UnitKind.SECRETARIAT, self.centres[0], True)]
        )

    # People --------------------------------------------------------------------

    def _name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _people(self, rows: list[tuple[str, str, Unit | None, str]]):
        """People with one role each: (username, role level, unit, title)."""
        User = get_user_model()
        now = timezone.now()
        users = User.objects.bulk_create(
            [
                User(username=username, full_name=self._name(), password=self.password,
                     date_joined=now)
                for username, _level, _unit, _title in rows
            ],
            batch_size=BATCH,
        )
        assignments = RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=user, organisation=self.organisation, unit=unit,
                               role_level=level, title=title)
                for user, (_username, level, unit, title) in zip(users, rows, strict=True)
            ],
            batch_size=BATCH,
        )
        # As role_assignment_create does: everyone joins their role's permission group.
        groups = organisation_role_groups(self.organisation)
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=a.user_id, group_id=groups[a.role_level].pk) for a in assignments],
            batch_size=BATCH, ignore_conflicts=True,
        )
        self.users.extend(users)
        self.assignments.extend(assignments)

    def _login_rows(self) -> list[tuple[str, str, Unit | None, str]]:
        """One person per role level named <slug>-<role level>, as the demo seeds have."""
        slug = self.organisation.slug
        first_workplace = self.workplaces[0]
        units = {
            RoleLevel.CENTRE: first_workplace.parent,
            RoleLevel.WORKPLACE: first_workplace,
            RoleLevel.LEADER: first_workplace,
            RoleLevel.EMPLOYEE: first_workplace,
            RoleLevel.COMMUNICATIONS: self.comms_unit,
        }
        return [(f"{slug}-{level}", level, units.get(level), "") for level in RoleLevel.values]

    def people_large(self, size: Size):
        slug = self.organisation.slug
        rows = self._login_rows()
        rows += [(f"{slug}-politiker-{n}", RoleLevel.POLITICIAN, None, "Byrådsmedlem")
                 for n in range(1, size.politicians)]
        rows += [(f"{slug}-direktion-{n}", RoleLevel.EXECUTIVE_BOARD, None, "Direktør")
                 for n in range(1, size.executives)]
        rows += [(f"{slug}-kommunikation-{n}", RoleLevel.COMMUNICATIONS, self.comms_unit,
                  "Kommunikationsmedarbejder") for n in range(1, size.communications)]
        rows += [(f"{slug}-centerchef-{c.pk}", RoleLevel.CENTRE, c, "Centerchef")
                 for c in self.centres[1:]]
        rows += [(f"{slug}-virksomhedsleder-{w.pk}", RoleLevel.WORKPLACE, w, "Leder")
                 for w in self.workplaces[1:]]
        for centre in self.centres:
            own = [w for w in self.workplaces if w.parent_id == centre.pk]
            rows += [(f"{slug}-leder-{centre.pk}-{n}", RoleLevel.LEADER, own[n % len(own)],
                      "Afdelingsleder") for n in range(size.leaders_per_centre)]
        rows += [(f"{slug}-medarbejder-{n}", RoleLevel.EMPLOYEE,
                  self.workplaces[n % len(self.workplaces)], "") for n in range(size.employees)]
        self._people(rows)

    def people_small(self):
        slug = self.organisation.slug
        rows = self._login_rows()
        rows += [(f"{slug}-medarbejder-{n}", RoleLevel.EMPLOYEE,
                  self.workplaces[n % len(self.workplaces)], "") for n in range(18)]
        self._people(rows)

    # Strategies ----------------------------------------------------------------

    def strategies(self, count: int, versions: int, *, largest_first: bool):
        for n in range(count):
            # The first strategy of the large municipality is the big document (about
            # 60 pages as a PDF); the others are of ordinary size.
            scale = 4 if (largest_first and n == 0) else 1
            title = THEMES[n % len(THEMES)] + (f" {n // len(THEMES) + 1}" if n >= len(THEMES)
                                               else "")
            strategy = sm.Strategy.objects.create(
                organisation=self.organisation, title=title, slug=f"strategi-{n + 1:02d}",
                kind=sm.StrategyKind.POLICY if n % 4 == 0 else sm.StrategyKind.STRATEGY,
                subtitle=self.organisation.name if scale > 1 else "",
            )
            grant_role_permissions(strategy)
            self._versions(strategy, n, versions, scale)

    def _versions(self, strategy, n: int, count: int, scale: int):
        """`count` versions: the older ones superseded, one adopted, and the newest in
        one of the undecided states (or the adopted one itself, now and then)."""
        language = self.organisation.language
        created = sm.StrategyVersion.objects.bulk_create([
            sm.StrategyVersion(
                strategy=strategy, number=number, status=sm.VersionStatus.DRAFT,
                language=language, dated=f"{2014 + 2 * number}",
                period_label=f"{2014 + 2 * number}–{2016 + 2 * number}",
                review_due=self.today + datetime.timedelta(days=30 * ((n % 12) - 3)),
                change_summary="" if number == 1 else f"Revideret udgave {number}.",
            )
            for number in range(1, count + 1)
        ])
        for version in created:
            self._content(version, n, scale)
        newest_state = (sm.VersionStatus.PROPOSED, sm.VersionStatus.DRAFT,
                        sm.VersionStatus.CONSULTATION, sm.VersionStatus.ADOPTED)[n % 4]
        adopted_number = count if newest_state == sm.VersionStatus.ADOPTED else count - 1
        if count == 1:
            adopted_number, newest_state = 1, sm.VersionStatus.ADOPTED
        transitions = []
        # Set the status last, after the content: exactly what an adoption freezes.
        for version in created:
            if version.number < adopted_number:
                status = sm.VersionStatus.SUPERSEDED
            elif version.number == adopted_number:
                status = sm.VersionStatus.ADOPTED
            else:
                status = newest_state
            if status == sm.VersionStatus.DRAFT:
                continue
            fields = {"status": status}
            if status in sm.FROZEN_STATUSES:
                fields.update(
                    adopted_on=datetime.date(2015 + 2 * version.number, 3, 1 + n % 27),
                    adopted_by=self.organisation.council_name,
                    case_reference=f"{15 + 2 * version.number}/{1000 + n}",
                )
            sm.StrategyVersion.objects.filter(pk=version.pk).update(**fields)
            path = [sm.VersionStatus.PROPOSED, sm.VersionStatus.ADOPTED]
            if status == sm.VersionStatus.SUPERSEDED:
                path.append(sm.VersionStatus.SUPERSEDED)
            elif status != sm.VersionStatus.ADOPTED:
                path = [status]
            previous = sm.VersionStatus.DRAFT
            for to_status in path:
                transitions.append(sm.VersionTransition(
                    version=version, from_status=previous, to_status=to_status))
                previous = to_status
        sm.VersionTransition.objects.bulk_create(transitions)

    def _content(self, version, n: int, scale: int):  # noqa: C901 - one flat walk
        v = version.number
        rng = _rng(self.organisation.slug, n, v)
        s = scale

        def text(k, sentences=2):
            return (LOREM * sentences)[: 120 * sentences] + f" ({k})"

        sm.Section.objects.bulk_create([
            sm.Section(version=version, position=p, kind=kind, level=1 if p % 3 == 0 else 2,
                       heading=f"{kind_label} {p + 1}", body=text(p, 4) + "\n\n" + text(p, 3))
            for p, (kind, kind_label) in enumerate(
                [(sm.SectionKind.PURPOSE, "Formål"), (sm.SectionKind.BACKGROUND, "Baggrund"),
                 (sm.SectionKind.VISION, "Vision")] + [(sm.SectionKind.TEXT, "Afsnit")] * (3 * s)
            )
        ])
        values = sm.Value.objects.bulk_create([
            sm.Value(version=version, position=p, name=name, description=text(p))
            for p, name in enumerate(("Åbenhed", "Troværdighed", "Dialog", "Klarhed",
                                      "Helhed", "Rettidighed")[: 3 + s // 2 + 1])
        ])
        sm.Principle.objects.bulk_create([
            sm.Principle(version=version, position=p, value=values[p % len(values)],
                         audience=(sm.Audience.EXTERNAL, sm.Audience.INTERNAL,
                                   sm.Audience.BOTH)[p % 3],
                         title=f"Princip {p + 1}", text=text(p))
            for p in range(8 * s)
        ])
        sm.FocusArea.objects.bulk_create([
            sm.FocusArea(version=version, position=p, title=f"Fokusområde {p + 1}",
                         description=text(p))
            for p in range(4 * s)
        ])
        goals = sm.Goal.objects.bulk_create([
            sm.Goal(version=version, position=p, kind=list(sm.GoalKind.values)[p % 4],
                    title=f"Mål {p + 1}", description=text(p))
            for p in range(5 * s)
        ])
        sm.Indicator.objects.bulk_create([
            sm.Indicator(version=version, goal=goal, position=i, name=f"Indikator {p + 1}.{i + 1}",
                         target=f"{60 + 5 * i} %", unit="procent",
                         measurement="Borgerundersøgelse hvert andet år")
            for p, goal in enumerate(goals) for i in range(2 + (s > 1))
        ])
        responsibilities = sm.Responsibility.objects.bulk_create([
            sm.Responsibility(
                version=version, position=p, role_level=level, label=label,
                heading=f"{label} har ansvar for", description=text(p),
                applies_down_tree=level in (RoleLevel.CENTRE, RoleLevel.WORKPLACE),
            )
            for p, (level, label) in enumerate(ROLE_DUTIES.items())
        ])
        items = []
        for responsibility in responsibilities:
            for i in range(3 + 3 * (s > 1)):
                # Most duties keep their words from version to version (and so their
                # acknowledgements); one in four is reworded in every new version.
                wording = v if i % 4 == 3 else 1
                subject = SUBJECTS[(i + n) % len(SUBJECTS)]
                items.append(sm.ResponsibilityItem(
                    version=version, responsibility=responsibility, position=i,
                    text=(f"{DUTY_VERBS[i % len(DUTY_VERBS)]} {subject} "
                          f"({self.organisation.name}, strategi {n + 1}, pligt {i + 1}"
                          f"{'' if wording == 1 else f', udgave {wording}'})."),
                ))
        sm.ResponsibilityItem.objects.bulk_create(items)
        stakeholders = sm.Stakeholder.objects.bulk_create([
            sm.Stakeholder(version=version, position=p, name=f"Målgruppe {p + 1}",
                           description=text(p, 1), priority=p + 1,
                           audience=(sm.Audience.EXTERNAL, sm.Audience.INTERNAL)[p % 2])
            for p in range(8 * s)
        ])
        roles = sm.MunicipalityRole.objects.bulk_create([
            sm.MunicipalityRole(version=version, position=p, kind=kind, name=label,
                                description=text(p), goal=text(p, 1))
            for p, (kind, label) in enumerate(sm.MunicipalityRoleKind.choices)
        ])
        sm.RoleSender.objects.bulk_create([
            sm.RoleSender(version=version, municipality_role=role, position=i,
                          label=ROLE_DUTIES[level], role_level=level)
            for role in roles
            for i, level in enumerate((RoleLevel.POLITICIAN, RoleLevel.LEADER))
        ])
        sm.RoleAudience.objects.bulk_create([
            sm.RoleAudience(version=version, municipality_role=role, position=i,
                            label=stakeholders[i].name, stakeholder=stakeholders[i])
            for role in roles for i in range(2)
        ])
        platforms = sm.Platform.objects.bulk_create([
            sm.Platform(version=version, position=p, name=f"Platform {p + 1}",
                        description=text(p, 1), audience=sm.Audience.BOTH)
            for p in range(6 * (1 + (s > 1)))
        ])
        sm.Channel.objects.bulk_create([
            sm.Channel(version=version, platform=platform, position=i,
                       name=f"Kanal {p + 1}.{i + 1}", description=text(i, 1))
            for p, platform in enumerate(platforms) for i in range(2 + (s > 1))
        ])
        sm.PlatformRoleUse.objects.bulk_create([
            sm.PlatformRoleUse(version=version, platform=platform, municipality_role=role,
                               position=i)
            for p, platform in enumerate(platforms)
            for i, role in enumerate(roles) if (p + i) % 2 == 0
        ])
        sm.SpokespersonRule.objects.bulk_create([
            sm.SpokespersonRule(version=version, position=p, speaker=label, role_level=level,
                                scope=f"Emne {p + 1}", text=text(p, 1))
            for p, (level, label) in enumerate(list(ROLE_DUTIES.items()) * s)
        ])
        owners = self.workplaces or [None]
        sm.Action.objects.bulk_create([
            sm.Action(
                version=version, position=p, title=f"Handling {p + 1}", description=text(p, 1),
                owner_unit=owners[rng.randrange(len(owners))],
                due_date=self.today + datetime.timedelta(days=rng.randrange(-120, 240)),
                status=rng.choice(sm.ActionStatus.values),
            )
            for p in range(10 * s)
        ])
        sm.AnnualWheelEvent.objects.bulk_create([
            sm.AnnualWheelEvent(version=version, position=p, month=p % 12 + 1,
                                title=f"Begivenhed {p + 1}", description=text(p, 1),
                                audience="Alle medarbejdere", owner_label="Kommunikation")
            for p in range(12 * (1 + (s > 1)))
        ])
        sm.RelatedDocument.objects.bulk_create([
            sm.RelatedDocument(version=version, position=p, title=f"Dokument {p + 1}",
                               year=str(2010 + p), note=text(p, 1))
            for p in range(3 * s)
        ])

    # Acknowledgements and check-ins -------------------------------------------

    def obligations(self) -> tuple[int, int]:
        """About 70 % of what each person carries acknowledged (each person has their own
        share between 40 and 100 %); check-ins of most obligations of each unit's leaders
        this quarter and the last."""
        index = obligation_index(self.organisation)
        acks, seen = [], set()
        share: dict[int, float] = {}
        for assignment in self.assignments:
            user_share = share.setdefault(
                assignment.user_id, min(1.0, max(0.0, self.rng.gauss(ACKNOWLEDGED_SHARE, 0.2)))
            )
            for o in index.for_assignment(assignment.role_level, assignment.unit_id):
                key = (assignment.user_id, o.strategy_id, o.text_hash)
                if key in seen or self.rng.random() >= user_share:
                    continue
                seen.add(key)
                acks.append(Acknowledgement(
                    user_id=assignment.user_id, organisation=self.organisation,
                    strategy_id=o.strategy_id, role_level=o.role_level, text_hash=o.text_hash,
                    text=o.text, version_id=o.version_id,
                ))
            if len(acks) >= BATCH:
                Acknowledgement.objects.bulk_create(acks, batch_size=BATCH)
                acks.clear()
        Acknowledgement.objects.bulk_create(acks, batch_size=BATCH)

        this_quarter = quarter_start(self.today)
        last_quarter = quarter_start(this_quarter - datetime.timedelta(days=1))
        check_ins, owed = [], {}
        for assignment in self.assignments:
            if assignment.role_level in LEADERSHIP_LEVELS and assignment.unit_id is not None:
                for o in index.for_assignment(assignment.role_level, assignment.unit_id):
                    owed.setdefault((assignment.unit_id, o.key), (o, assignment.user_id))
        statuses = CheckInStatus.values
        for (unit_id, _key), (o, leader_id) in owed.items():
            for period, share_ in ((this_quarter, 0.6), (last_quarter, 0.9)):
                if self.rng.random() >= share_:
                    continue
                check_ins.append(CheckIn(
                    organisation=self.organisation, unit_id=unit_id, strategy_id=o.strategy_id,
                    role_level=o.role_level, text_hash=o.text_hash, text=o.text,
                    version_id=o.version_id, period=period, recorded_by_id=leader_id,
                    status=statuses[self.rng.randrange(len(statuses))],
                    note="" if self.rng.random() < 0.7 else "Vi er godt i gang.",
                ))
        CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
        return len(seen), len(check_ins)
