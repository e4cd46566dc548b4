import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


@pytest.fixture(autouse=True)
def isolated_exports(media_root, eager_celery):
    """Exports are written under a throwaway MEDIA_ROOT and render in the test process;
    test_worker switches the latter off for the tests that start a worker."""


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
