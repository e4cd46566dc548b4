"""The real Celery worker for the reliability tests, with windows to inject faults in.

    python -m tests.reliability.slow_worker [--render-delay S] [--write-delay S]
        [--visibility-timeout S] -- worker -Q <queue> ...

--render-delay  sleeps before each PDF is rendered (the job is "running" and the worker
                holds an idle database connection: a window to cut it).
--write-delay   sleeps once the PDF's bytes are in the temporary file beside their
                target, before the rename (a window to kill the worker mid-write).
--die-while-writing  the process making the PDF kills itself (SIGKILL) once the bytes are
                in the temporary file: a document that kills its worker every time.
--visibility-timeout  shortens how long Redis waits before handing out a message that a
                dead worker never acknowledged (15 minutes in production), and makes the
                worker look for such messages every second instead of every 100.

Nothing here is in the application: the faults are injected from the test side only.
"""

import argparse
import os
import signal
import sys
import time


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="slow_worker")
    parser.add_argument("--render-delay", type=float, default=0.0)
    parser.add_argument("--write-delay", type=float, default=0.0)
    parser.add_argument("--die-while-writing", action="store_true")
    parser.add_argument("--visibility-timeout", type=float, default=None)
    parser.add_argument("celery", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    celery_argv = [arg for arg in options.celery if arg != "--"]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from apps.exports import services
    from apps.exports.models import ExportKind
    from config.celery import app

    if options.render_delay:
        render = services.RENDERERS[ExportKind.STRATEGY]

        def slow_render(version):
            time.sleep(options.render_delay)
            return render(version)

        services.RENDERERS[ExportKind.STRATEGY] = slow_render

    if options.write_delay or options.die_while_writing:
        fsync = os.fsync

        def slow_fsync(fd):
            # Only the export's temporary file: nothing else in the worker is slowed.
            if ".export-" in os.readlink(f"/proc/self/fd/{fd}"):
                if options.die_while_writing:
                    os.kill(os.getpid(), signal.SIGKILL)
                time.sleep(options.write_delay)
            return fsync(fd)

        os.fsync = slow_fsync

    if options.visibility_timeout is not None:
        app.conf.broker_transport_options = {
            **app.conf.broker_transport_options,
            "visibility_timeout": options.visibility_timeout,
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        }

    app.worker_main(celery_argv)


if __name__ == "__main__":
    main(sys.argv[1:])
