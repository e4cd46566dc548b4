from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from apps.demo.large import (
    LARGE_SLUG,
    MAX_SMALL,
    large_municipality_load,
    small_municipalities_load,
)


class Command(BaseCommand):
    help = (
        f"Generate a large municipality ({LARGE_SLUG}: 5,500 employees, 170 workplaces, "
        "30 strategies with 5 versions each, acknowledgements and check-ins) for benchmarks, "
        "and optionally many small ones. Idempotent: what exists is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisations", type=int, default=0, metavar="N",
            help=f"also add N small municipalities with generated names (at most {MAX_SMALL})",
        )

    def handle(self, *args, organisations, **options):
        if not 0 <= organisations <= MAX_SMALL:
            raise CommandError(f"--organisations must be between 0 and {MAX_SMALL}")
        log = self.stdout.write
        large_municipality_load(log=log)
        if organisations:
            small_municipalities_load(organisations, log=log)
        # Fresh planner statistics, as autovacuum would gather them in time: without them
        # PostgreSQL plans the first queries on the new rows as if the tables were empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"Done. The people named {LARGE_SLUG}-<role level> (and kommune-NNN-<role level>) "
            "log in with the demo password."
        ))
