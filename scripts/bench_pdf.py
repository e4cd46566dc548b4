"""How long a PDF export takes, and how much of that is WeasyPrint.

For every strategy of every demo seed this prints the median time of a complete
export (permission check, content key, job rows, audit row, reading the version,
rendering the print template, WeasyPrint, writing the file atomically) and the
median time WeasyPrint alone takes on the same HTML, so the overhead of our own
code is visible.

    .venv/bin/python scripts/bench_pdf.py            # throwaway SQLite database
    .venv/bin/python scripts/bench_pdf.py --runs 9
    .venv/bin/python scripts/bench_pdf.py --configured-database   # DATABASE_URL, migrated

Celery runs eagerly here whatever the environment says: the point is the export,
not the broker. A benchmark, not a test: pytest never collects it.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per strategy (median)")
    parser.add_argument(
        "--configured-database",
        action="store_true",
        help="use DATABASE_URL (already migrated) instead of a throwaway SQLite file",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kompas-bench-") as workdir:
        _configure(workdir, configured_database=args.configured_database)
        return _run(args.runs)


def _configure(workdir: str, *, configured_database: bool) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not configured_database:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["CELERY_BROKER_URL"] = ""  # eager: the task runs inside export_request
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

    import django

    django.setup()
    logging.disable(logging.ERROR)


def _run(runs: int) -> int:
    from django.core.management import call_command

    from apps.demo.services import seed_files, seed_load_file
    from apps.exports import pdf, services
    from apps.exports.models import ExportJob, ExportStatus
    from apps.organisations.models import RoleAssignment, RoleLevel
    from apps.strategies.models import StrategyVersion

    real_html_to_pdf = pdf.html_to_pdf
    weasyprint_version = pdf.weasyprint.__version__
    call_command("migrate", verbosity=0)
    organisations = [seed_load_file(path) for path in seed_files()]
    if not organisations:
        print("No seed fixtures found in apps/demo/seeds/.")
        return 1

    header = (
        f"{'municipality':<22} {'strategy':<42} {'pages':>5} {'KiB':>6} "
        f"{'export s':>9} {'html s':>7} {'weasy s':>8} {'ours s':>7} {'ours %':>7}"
    )
    print(
        f"PDF export of each seed strategy, median of {runs} runs, WeasyPrint {weasyprint_version}"
    )
    print("  export s: the whole export (request, job, audit, HTML, WeasyPrint, atomic write)")
    print("  html s:   reading the version and rendering the print template")
    print("  weasy s:  WeasyPrint alone on the same HTML, called on its own")
    print("  ours s:   the export less the WeasyPrint call inside it, per run")
    print(header)
    print("-" * len(header))
    totals = {"export": 0.0, "weasy": 0.0, "ours": 0.0}
    for organisation in organisations:
        actor = (
            RoleAssignment.objects.filter(
                organisation=organisation, role_level=RoleLevel.COMMUNICATIONS
            )
            .select_related("user")
            .first()
            .user
        )
        versions = (
            StrategyVersion.objects.filter(strategy__organisation=organisation)
            .select_related("strategy__organisation")
            .order_by("strategy__title", "-number")
        )
        for version in versions:
            logo = organisation.logo.name if organisation.logo else ""

            def export(version=version, actor=actor):
                ExportJob.objects.filter(version=version).delete()
                job = services.export_request(version=version, actor=actor)
                job.refresh_from_db()
                if job.status != ExportStatus.DONE:
                    raise SystemExit(f"export of {version} failed: {job.error}")
                return job

            def html_only(version=version):
                return pdf.strategy_html(version)

            html = html_only()
            data = pdf.html_to_pdf(html, logo_name=logo)
            export()  # warm-up: fonts, templates, the database's caches

            export_times, inside_times, weasy_times, html_times = [], [], [], []
            for _ in range(runs):
                inside = []
                with mock.patch.object(pdf, "html_to_pdf", _recording(real_html_to_pdf, inside)):
                    export_times.append(_timed(export))
                inside_times.append(sum(inside))
                weasy_times.append(
                    _timed(lambda html=html, logo=logo: real_html_to_pdf(html, logo_name=logo))
                )
                html_times.append(_timed(html_only))
            export_time = statistics.median(export_times)
            weasy_time = statistics.median(weasy_times)
            html_time = statistics.median(html_times)
            # Our share, measured inside each export: its time less its own WeasyPrint call.
            ours = statistics.median(
                total - inside for total, inside in zip(export_times, inside_times, strict=True)
            )
            totals["export"] += export_time
            totals["weasy"] += weasy_time
            totals["ours"] += ours
            print(
                f"{organisation.name[:22]:<22} {version.strategy.title[:42]:<42} "
                f"{_pages(data):>5} {len(data) / 1024:>6.0f} {export_time:>9.2f} "
                f"{html_time:>7.3f} {weasy_time:>8.2f} {ours:>7.3f} "
                f"{100 * ours / export_time:>6.1f}%"
            )
            ExportJob.objects.filter(version=version).delete()
    overhead = totals["ours"]
    print("-" * len(header))
    print(
        f"all: export {totals['export']:.2f} s, WeasyPrint alone {totals['weasy']:.2f} s, "
        f"our code {overhead:.2f} s ({100 * overhead / totals['export']:.1f}% of the export)"
    )
    return 0


def _recording(function, durations: list):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            durations.append(time.perf_counter() - started)

    return timed


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _pages(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


if __name__ == "__main__":
    sys.exit(main())
