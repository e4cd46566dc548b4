import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Exports are written under a throwaway MEDIA_ROOT, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in the test process even when CELERY_BROKER_URL points at Redis (CI),
    so no test leaves a message behind for a real worker. test_worker turns this off."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def trap_server():
    """An HTTP server on 127.0.0.1 that redirects every request to file:///etc/passwd
    and counts what it was asked for."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()
