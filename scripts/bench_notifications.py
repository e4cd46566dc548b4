"""How fast notifications are made for an adoption in a large municipality, and sent.

Builds Storby Kommune (5,500 employees and their leaders, apps/demo/large.py) in a
throwaway SQLite database (or DATABASE_URL with --configured-database), then:

1. times the notifications of one adoption: every bound person, with their new and
   changed duties (apps/notifications/adoption.py), and prints notifications per second;
2. starts a real SMTP server (aiosmtpd, a separate process on a free port), gives
   everyone an address and times one digest run (apps/notifications/delivery.py), one
   SMTP connection in batches, and prints e-mails per second.

    .venv/bin/python scripts/bench_notifications.py
    .venv/bin/python scripts/bench_notifications.py --employees 1000

A benchmark, not a test: pytest never collects it.
"""

import argparse
import datetime
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=5500)
    parser.add_argument(
        "--configured-database",
        action="store_true",
        help="use DATABASE_URL (migrated, without Storby) instead of SQLite",
    )
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kompas-bench-") as workdir:
        sys.path.insert(0, str(BASE_DIR))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        if not args.configured_database:
            os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
        os.environ["CELERY_BROKER_URL"] = ""
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
        server = subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{port}",
                "-c",
                "aiosmtpd.handlers.Sink",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            return _run(args.employees)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _run(employees: int) -> int:
    import django

    django.setup()
    logging.disable(logging.ERROR)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.db.models.functions import Concat
    from django.utils import timezone

    from apps.demo.large import Size, large_municipality_load
    from apps.notifications import delivery
    from apps.notifications.adoption import adoption_notify
    from apps.notifications.models import Notification
    from apps.strategies.models import StrategyVersion, VersionStatus

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    organisation = large_municipality_load(size=Size(employees=employees), log=lambda _m: None)
    print(
        f"Storby Kommune built in {time.perf_counter() - started:.0f} s "
        f"({organisation.role_assignments.count()} role assignments)"
    )

    version = (
        StrategyVersion.objects.filter(
            strategy__organisation=organisation, status=VersionStatus.ADOPTED
        )
        .annotate(n=Count("responsibilities"))
        .order_by("-n", "pk")
        .first()
    )
    started = time.perf_counter()
    made = adoption_notify(version_id=version.pk)
    seconds = time.perf_counter() - started
    print(
        f"adoption of {version}: {made} notifications in {seconds:.2f} s, "
        f"{made / seconds:,.0f} notifications/s"
    )

    get_user_model().objects.filter(role_assignments__organisation=organisation).update(
        email=Concat("username", django.db.models.Value("@storby.example"))
    )
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    started = time.perf_counter()
    report = delivery.send_due()
    seconds = time.perf_counter() - started
    print(
        f"digest run: {report.sent} e-mails ({report.notifications} notifications) in "
        f"{seconds:.2f} s over one SMTP connection, {report.sent / seconds:,.0f} e-mails/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
