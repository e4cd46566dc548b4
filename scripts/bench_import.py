"""How long importing a 40-page Word document takes (goal: under 5 s).

Writes a .docx of about 40 A4 pages (the five demo documents, laid out as the import
tests write them, repeated), then times reading it, proposing the types, and creating
the draft with every row through the strategies services, in a throwaway SQLite
database. Prints the median of the runs and each step.

    .venv/bin/python scripts/bench_import.py
    .venv/bin/python scripts/bench_import.py --runs 5

A benchmark, not a test: pytest never collects it.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORDS_PER_PAGE = 450  # an A4 page of running text at 11 pt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kompas-bench-import-") as workdir:
        sys.path.insert(0, str(BASE_DIR))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
        os.environ["DJANGO_MEDIA_ROOT"] = f"{workdir}/media"
        os.environ["CELERY_BROKER_URL"] = ""
        import django

        django.setup()
        logging.disable(logging.ERROR)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return _run(args.runs, args.pages)


def _document(pages: int) -> tuple[bytes, int]:
    from tests.imports.documents import MUNICIPALITIES, layout, write_docx

    parts, words = [], 0
    while words < pages * WORDS_PER_PAGE:
        for slug in MUNICIPALITIES:
            more = layout(slug)
            parts.extend(more if not parts else more[1:])
            words += sum(len(p.text.split()) + sum(len(" ".join(r).split()) for r in p.rows or [])
                         for p in more)
    return write_docx(parts), words


def _run(runs: int, pages: int) -> int:
    from apps.imports import services
    from apps.organisations.models import RoleLevel
    from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

    data, words = _document(pages)
    organisation = OrganisationFactory()
    actor = UserFactory()
    RoleAssignmentFactory(user=actor, organisation=organisation,
                          role_level=RoleLevel.COMMUNICATIONS)
    totals, reads, drafts, rows = [], [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        document_import = services.import_prepare(
            organisation=organisation, actor=actor, name="policy.docx", data=data
        )
        read_done = time.perf_counter()
        version = services.import_create_draft(document_import=document_import, actor=actor)
        end = time.perf_counter()
        reads.append(read_done - start)
        drafts.append(end - read_done)
        totals.append(end - start)
        rows = sum(services.plan_of(document_import).count().values())
        del version
    print(
        f"import of a {pages}-page .docx ({words} words, {len(data) // 1024} kB, {rows} rows): "
        f"median {statistics.median(totals):.2f} s (read and propose "
        f"{statistics.median(reads):.2f} s, create the draft {statistics.median(drafts):.2f} s; "
        f"goal < 5 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
