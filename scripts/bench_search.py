"""How long a search takes at municipal scale (storby: 30 strategies, 150 versions, every
kind of content, 6,000 people), as the communications department (who read every draft)
and as an employee (adopted versions only).

Uses the PostgreSQL database of `make generate-large` (kompas_perf; --database-url to
change): it migrates it and generates storby if missing (about a minute), then prints
for each query and person the median time of the runs, the queries made and the hits.

    .venv/bin/python scripts/bench_search.py
    .venv/bin/python scripts/bench_search.py --runs 9 --query "sociale medier"

A benchmark, not a test: pytest never collects it.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
QUERIES = ["kommunikation", "sociale medier", "borgerne", "krise presse", "zzzingenting"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/kompas_perf")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", action="append", help="instead of the default queries")
    args = parser.parse_args()
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()
    logging.disable(logging.ERROR)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User
    from apps.search.selectors import search

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="storby-communications").exists():
        call_command("generate_large", verbosity=0)
    header = ("person", "query", "median ms", "max ms", "queries", "hits")
    print("{:<24} {:<16} {:>10} {:>8} {:>8} {:>5}".format(*header))
    for username in ("storby-communications", "storby-employee"):
        user = User.objects.get(username=username)
        for query in args.query or QUERIES:
            search(user, query)  # the obligation index, once per process
            times = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    results = search(user, query)
                    times.append((time.perf_counter() - started) * 1000)
            print(
                f"{username:<24} {query:<16} {statistics.median(times):>10.0f} "
                f"{max(times):>8.0f} {len(queries):>8} {results.count:>5}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
