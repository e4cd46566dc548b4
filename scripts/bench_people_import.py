"""How long importing 5,000 people from one CSV takes.

Writes a CSV as an HR system exports it (5,000 people in 200 workplaces under 10
administrations, each with a manager and a job title), then times, on a throwaway
SQLite database (or DATABASE_URL with --configured-database): the dry-run preview,
the first import (everything is created), and the same file again (nothing changes).

    .venv/bin/python scripts/bench_people_import.py
    .venv/bin/python scripts/bench_people_import.py --people 10000

A benchmark, not a test: pytest never collects it.
"""

import argparse
import csv
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--configured-database", action="store_true",
                        help="use DATABASE_URL (already migrated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kompas-bench-import-") as workdir:
        sys.path.insert(0, str(BASE_DIR))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        if not args.configured_database:
            os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
        os.environ["CELERY_BROKER_URL"] = ""
        import django

        django.setup()
        logging.disable(logging.ERROR)
        from django.core.management import call_command

        if not args.configured_database:
            call_command("migrate", verbosity=0)
        return _run(Path(workdir), args.people)


def _write(path: Path, people: int) -> None:
    from apps.identity.provisioning.tabular import TEMPLATE_HEADER

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(TEMPLATE_HEADER)
        for n in range(people):
            workplace = n % 200
            unit = f"Forvaltning {workplace % 10} / Arbejdssted {workplace}"
            leader = n < 200
            row = {
                "email": f"person{n}@bench.dk",
                "name": f"Person {n}",
                "title": "Leder" if leader else "Medarbejder",
                "unit_path": unit,
                "role_level": "leader" if leader else "employee",
                "manager_email": "" if leader else f"person{workplace}@bench.dk",
            }
            writer.writerow([row.get(column, "") for column in TEMPLATE_HEADER])


def _run(workdir: Path, people: int) -> int:
    from apps.identity.services import import_apply, import_plan, organisation_create

    organisation = organisation_create(
        name="Benchmark Kommune", slug="bench", country="DK", language="da",
        council_name="Byrådet",
    )
    path = workdir / "people.csv"
    _write(path, people)
    data = path.read_bytes()
    arguments = {"actor": None, "organisation": organisation, "data": data,
                 "filename": path.name, "full": True}
    print(f"{people} people, {len(data) / 1024:.0f} KiB of CSV")
    for label, service in (
        ("dry run (preview)", import_plan),
        ("first import", import_apply),
        ("same file again", import_apply),
    ):
        started = time.perf_counter()
        plan = service(**arguments)
        elapsed = time.perf_counter() - started
        print(f"{label:20} {elapsed:6.2f} s  {plan.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
