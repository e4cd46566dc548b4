"""Runs the test OpenID Connect provider on a free 127.0.0.1 port.

Usage: python -m tests.identity.oidc_provider.serve SPEC.json
SPEC holds the people ({"username", "password", "email", "name", "groups"}) and the
clients ({"client_id", "secret", "redirect_uris"}). Prints "PORT <n>" when ready and
serves until it is terminated.
"""

import json
import os
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the signature of the parent)
        pass


class ThreadedServer(WSGIServer):
    def process_request(self, request, client_address):
        thread = threading.Thread(target=self._handle, args=(request, client_address), daemon=True)
        thread.start()

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def main(spec_path: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.identity.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    with open(spec_path, encoding="utf-8") as file:
        spec = json.load(file)
    for person in spec["people"]:
        first, _, last = person.get("name", "").partition(" ")
        user = User.objects.create_user(
            person["username"],
            email=person["email"],
            password=person["password"],
            first_name=first,
            last_name=last,
        )
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    for client in spec["clients"]:
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client["secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=ThreadedServer,
        handler_class=QuietHandler,
    )
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
