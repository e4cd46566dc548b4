"""A real SAML 2.0 identity provider for the tests: pysaml2's Server in a small WSGI app
on a free 127.0.0.1 port.

Usage: python -m tests.identity.saml_idp.serve KEY CERT PEOPLE.json
Prints "PORT <n>" when ready. Endpoints:
  GET  /metadata        its IdP metadata (Kompas stores it per organisation)
  POST /register-sp     registers an SP's metadata (what an IdP's administrator does)
  GET  /sso/redirect    the SSO service (HTTP-Redirect); checks the AuthnRequest's
                        signature and shows a login form
  GET  /rogue/redirect  the same, but answers any AuthnRequest, even one sent to another
                        IdP (a foreign IdP trying its luck: Kompas must not trust it)
  POST /login           signs the person in and posts a signed answer to the SP's ACS;
                        the form's valid_minutes (default 15) sets the assertion's
                        lifetime, so a test can ask for one that has already expired
"""

import json
import secrets
import sys
import threading
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.s_utils import decode_base64_and_inflate
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.samlp import authn_request_from_string
from saml2.server import Server
from saml2.time_util import in_a_while

from tests.identity.oidc_provider.serve import ThreadedServer

PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the signature of the parent)
        pass


class IdentityProvider:
    def __init__(self, base: str, key: str, cert: str, people: list[dict]):
        self.base = base
        self.key = key
        self.cert = cert
        self.people = {person["username"]: person for person in people}
        self.sp_metadata: list[str] = []
        self.pending: dict[str, tuple] = {}
        self.lock = threading.Lock()
        self.server = self.build()

    def build(self, valid_minutes: int = 15) -> Server:
        config = IdPConfig()
        config.load(
            {
                "entityid": f"{self.base}/metadata",
                "xmlsec_binary": "/usr/bin/xmlsec1",
                "key_file": self.key,
                "cert_file": self.cert,
                "allow_unknown_attributes": True,
                "service": {
                    "idp": {
                        "name": "Test IdP",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.base}/sso/redirect", BINDING_HTTP_REDIRECT)
                            ],
                        },
                        "want_authn_requests_signed": True,
                        "sign_response": True,
                        "sign_assertion": True,
                        "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": valid_minutes},
                                "attribute_restrictions": None,
                            }
                        },
                    }
                },
                "metadata": {"inline": self.sp_metadata} if self.sp_metadata else {},
            }
        )
        return Server(config=config)

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        try:
            if path == "/metadata":
                body = str(entity_descriptor(self.server.config)).encode()
                return self.reply(start_response, "200 OK", body, "text/xml")
            if path == "/register-sp":
                xml = self.read(environ).decode()
                with self.lock:
                    self.sp_metadata.append(xml)
                    self.server = self.build()
                return self.reply(start_response, "204 No Content", b"", "text/plain")
            if path == "/sso/redirect":
                return self.sso(environ, start_response)
            if path == "/rogue/redirect":
                return self.sso(environ, start_response, rogue=True)
            if path == "/login":
                return self.login(environ, start_response)
        except Exception as error:  # noqa: BLE001 (a refusal page for the test to read)
            body = f"IdP refused: {type(error).__name__}: {error}".encode()
            return self.reply(start_response, "400 Bad Request", body, "text/plain")
        return self.reply(start_response, "404 Not Found", b"", "text/plain")

    def sso(self, environ, start_response, *, rogue=False):
        query = {k: v[0] for k, v in parse_qs(environ["QUERY_STRING"]).items()}
        if rogue:
            message = authn_request_from_string(decode_base64_and_inflate(query["SAMLRequest"]))
        else:
            request = self.server.parse_authn_request(
                query["SAMLRequest"],
                BINDING_HTTP_REDIRECT,
                relay_state=query.get("RelayState"),
                sigalg=query.get("SigAlg"),
                signature=query.get("Signature"),
            )
            if request is None or "Signature" not in query:
                raise ValueError("unsigned or invalid AuthnRequest")
            message = request.message
        key = secrets.token_urlsafe(16)
        self.pending[key] = (message, query.get("RelayState", ""))
        page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Test SAML IdP</title></head><body><main><h1>Test SAML IdP</h1>
<form method="post" action="/login"><input type="hidden" name="key" value="{key}">
<p><label for="u">IdP username</label> <input id="u" name="username"></p>
<p><label for="p">IdP password</label> <input id="p" name="password" type="password"></p>
<button type="submit">Sign in at the SAML IdP</button></form></main></body></html>"""
        return self.reply(start_response, "200 OK", page.encode(), "text/html; charset=utf-8")

    def login(self, environ, start_response):
        form = {k: v[0] for k, v in parse_qs(self.read(environ).decode()).items()}
        message, relay_state = self.pending.pop(form["key"])
        person = self.people.get(form.get("username", ""))
        if person is None or form.get("password") != person["password"]:
            return self.reply(start_response, "403 Forbidden", b"Wrong password", "text/plain")
        valid_minutes = int(form.get("valid_minutes", 15))
        server = self.build(valid_minutes)
        if valid_minutes < 0:
            # An assertion issued a while ago: valid from before it expired, not from now.
            policy = server.config.getattr("policy", "idp")
            conditions = policy.conditions

            def expired_conditions(sp_entity_id):
                made = conditions(sp_entity_id)
                made.not_before = in_a_while(minutes=valid_minutes - 15)
                return made

            policy.conditions = expired_conditions
        sp = message.issuer.text
        acs = server.config.metadata.assertion_consumer_service(sp, BINDING_HTTP_POST)[0]
        response = server.create_authn_response(
            identity={
                "mail": [person["email"]],
                "displayName": [person["name"]],
                "groups": person["groups"],
            },
            in_response_to=message.id,
            destination=acs["location"],
            sp_entity_id=sp,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=person["email"]),
            authn={"class_ref": PASSWORD_CLASS, "authn_auth": f"{self.base}/metadata"},
            sign_response=True,
            sign_assertion=True,
        )
        info = server.apply_binding(
            BINDING_HTTP_POST, str(response), acs["location"], relay_state, response=True
        )
        body = info["data"]
        if isinstance(body, str):
            body = body.encode()
        return self.reply(start_response, "200 OK", body, "text/html; charset=utf-8")

    @staticmethod
    def read(environ) -> bytes:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return environ["wsgi.input"].read(length)

    @staticmethod
    def reply(start_response, status, body: bytes, content_type):
        start_response(status, [("Content-Type", content_type)])
        return [body]


def main(key: str, cert: str, people_path: str) -> None:
    with open(people_path, encoding="utf-8") as file:
        people = json.load(file)
    holder = {}
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start_response: holder["app"](environ, start_response),
        server_class=ThreadedServer,
        handler_class=QuietHandler,
    )
    holder["app"] = IdentityProvider(f"http://127.0.0.1:{server.server_port}", key, cert, people)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
