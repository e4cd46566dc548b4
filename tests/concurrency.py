"""Running calls at the same instant, each in its own thread and database connection,
for the race tests (they need PostgreSQL's row locks)."""

import threading

from django.db import connections


def run_together(*calls):
    """Start every call at the same instant in its own thread and database connection;
    the outcomes (a result or the exception raised) in the order of the calls."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
