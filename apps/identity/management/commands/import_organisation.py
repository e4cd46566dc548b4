"""python manage.py import_organisation FILE --organisation SLUG [--dry-run] [--full]

The same import as the administration's import page, for operators and scheduled jobs:
prints what it creates, changes and deactivates, or every bad row with its line number
(and exits with 1, changing nothing). --template prints the accepted header row.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.identity.provisioning.tabular import template_csv
from apps.identity.services import FileError, ImportHasErrors, import_apply, import_plan
from apps.organisations.models import Organisation


class Command(BaseCommand):
    help = "Import units and people of an organisation from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="A .csv or .xlsx file.")
        parser.add_argument("--organisation", help="The organisation's short name (slug).")
        parser.add_argument("--dry-run", action="store_true", help="Show, change nothing.")
        parser.add_argument(
            "--full", action="store_true",
            help="The file lists everyone: deactivate the people not in it.",
        )
        parser.add_argument(
            "--template", action="store_true", help="Print the accepted header row and stop."
        )

    def handle(self, *args, file=None, organisation=None, dry_run=False, full=False,
               template=False, **options):
        if template:
            self.stdout.write(template_csv(), ending="")
            return
        if not file or not organisation:
            raise CommandError("Give a FILE and --organisation SLUG (or --template).")
        try:
            target = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist as error:
            raise CommandError(f"No organisation has the short name {organisation!r}.") from error
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        arguments = {"actor": None, "organisation": target, "data": data,
                     "filename": path.name, "full": full}
        try:
            plan = import_plan(**arguments) if dry_run else import_apply(**arguments)
        except FileError as error:
            raise CommandError(str(error)) from error
        except ImportHasErrors as error:
            plan = error.plan
        if plan.has_errors:
            for line, message in plan.errors:
                self.stderr.write(f"line {line}: {message}")
            self.stderr.write(f"{len(plan.errors)} bad rows; nothing was imported.")
            raise SystemExit(1)
        self._report(plan, dry_run)

    def _report(self, plan, dry_run):
        out = self.stdout
        for path in plan.units_created:
            out.write(f"unit created: {' / '.join(path)}")
        for label, changes in (
            ("created", plan.people_created),
            ("changed", plan.people_changed),
            ("reactivated", plan.people_reactivated),
            ("deactivated", plan.people_deactivated),
        ):
            for change in changes:
                detail = f": {'; '.join(change.changes)}" if change.changes else ""
                out.write(f"person {label}: {change.email}{detail}")
        summary = ", ".join(f"{key} {value}" for key, value in plan.summary().items())
        if plan.changes_nothing:
            out.write(f"Nothing to change ({summary}).")
        else:
            out.write(f"{'Would change' if dry_run else 'Imported'}: {summary}.")
