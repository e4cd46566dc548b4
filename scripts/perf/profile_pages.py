"""Where a page's time goes, in-process, on the benchmark's database.

    .venv/bin/python scripts/perf/profile_pages.py                 # every page: time, queries
    .venv/bin/python scripts/perf/profile_pages.py --profile executive   # and pyinstrument's tree

For each page of scripts/perf/benchmark.py this signs in storby's person of the page's
role with Django's test client (no server, no network), loads the page --runs times
and prints the median time, the number of SQL queries, the time spent in them and
the slowest query. With --profile NAME it then prints pyinstrument's call tree of one
more request to that page (pyinstrument is a development tool: pip install
pyinstrument). A tool for finding a cause, not a measurement: the benchmark is that.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import DEFAULT_DATABASE_URL, LARGE, PAGES, _page_path  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", metavar="PAGE", help="a page name, e.g. executive")
    parser.add_argument("--slug", default=LARGE)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CELERY_BROKER_URL"] = ""

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client

    settings.DEBUG = True  # so that connection.queries records the SQL
    settings.ALLOWED_HOSTS = ["*"]
    print(f"{'page':<20} {'median ms':>9} {'queries':>7} {'sql ms':>7}  slowest query")
    for page in PAGES:
        client = Client()
        user = get_user_model().objects.get(username=f"{args.slug}-{page.role_level}")
        client.force_login(user)
        path = _page_path(page, args.slug)
        client.get(path)
        times, sql = [], []
        for _ in range(args.runs):
            reset_queries()
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            sql.append(list(connection.queries))
            if response.status_code != 200:
                raise SystemExit(f"{path}: status {response.status_code}")
        queries = sql[-1]
        slowest = max(queries, key=lambda q: float(q["time"]), default={"time": 0, "sql": ""})
        print(f"{page.name:<20} {1000 * statistics.median(times):>9.1f} {len(queries):>7} "
              f"{1000 * sum(float(q['time']) for q in queries):>7.1f}  "
              f"{1000 * float(slowest['time']):.1f} ms {slowest['sql'][:90]}")
        if page.name == args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                client.get(path)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
