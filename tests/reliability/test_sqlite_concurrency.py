"""The embedded SQLite default under concurrent writers: they wait for each other and all
succeed, instead of answering "database is locked" (a 500).

Runs in a subprocess on a database file, as `make run` serves it (tests themselves use an
in-memory database); each writer reads, then writes in one transaction, as a service does.
"""

import os
import subprocess
import sys
import textwrap

from django.conf import settings

WRITERS = 10

SCRIPT = textwrap.dedent(
    """
    import sys, threading, time
    import django
    django.setup()
    from django.db import connection, connections, transaction

    WRITERS = int(sys.argv[1])

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    barrier = threading.Barrier(WRITERS)
    errors = []

    def write():
        try:
            barrier.wait()
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter WHERE id = 1")
                    n = cursor.fetchone()[0]
                    time.sleep(0.05)
                    cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        print("count", cursor.fetchone()[0])
        cursor.execute("PRAGMA journal_mode")
        print("journal", cursor.fetchone()[0])
    print("errors", len(errors), errors[:1])
    """
)


def test_concurrent_writers_on_the_embedded_sqlite_all_succeed_in_turn(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'kompas.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(WRITERS)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "errors 0 []" in result.stdout, result.stdout
    assert f"count {WRITERS}" in result.stdout
    assert "journal wal" in result.stdout
