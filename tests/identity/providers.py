"""Real identity providers for the tests, each in a subprocess on a free 127.0.0.1 port,
and the steps a person's browser takes through them (with requests, for the tests
that do not need Chromium)."""

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_PASSWORD = "provider-password-1"
CLIENT_SECRET = "kompas-client-secret"
# Each client of the OIDC provider that spoils its ID tokens in one way (misbehave.py).
MISBEHAVING = ["tampered", "wrong-audience", "expired", "wrong-issuer"]

PEOPLE = [
    # Known in Kompas as a communications officer.
    {
        "username": "anna",
        "email": "anna@sso.example",
        "name": "Anna Andersen",
        "groups": ["kompas-communications"],
    },
    # Unknown in Kompas; her group maps to employee in Team A.
    {
        "username": "bo",
        "email": "bo@sso.example",
        "name": "Bo Berg",
        "groups": ["kompas-team-a", "all-staff"],
    },
    # Unknown, and no group of his means anything in Kompas.
    {
        "username": "carl",
        "email": "carl@sso.example",
        "name": "Carl Carlsen",
        "groups": ["all-staff"],
    },
    # Known in Kompas, deactivated there.
    {
        "username": "dora",
        "email": "dora@sso.example",
        "name": "Dora Dahl",
        "groups": ["kompas-communications"],
    },
]


def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@dataclass
class RunningProvider:
    process: subprocess.Popen
    base_url: str

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(module: str, args: list[str], env: dict, tmp: Path) -> RunningProvider:
    log = open(tmp / f"{module.rpartition('.')[2]}.log", "w")  # noqa: SIM115 (kept open)
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    line = process.stdout.readline()
    if not line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"{module} did not start: see {log.name}")
    return RunningProvider(process, f"http://127.0.0.1:{int(line.split()[1])}")


def start_oidc_provider(tmp: Path, redirect_uris: list[str]) -> RunningProvider:
    import os

    spec = {
        "people": [{**person, "password": PROVIDER_PASSWORD} for person in PEOPLE],
        "clients": [
            {"client_id": client_id, "secret": CLIENT_SECRET, "redirect_uris": redirect_uris}
            for client_id in ["kompas", *(f"kompas-{mode}" for mode in MISBEHAVING)]
        ],
    }
    spec_path = tmp / "oidc-spec.json"
    spec_path.write_text(json.dumps(spec))
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(tmp / "oidc-provider.sqlite3"),
        "OIDC_PROVIDER_KEY": private_key_pem(),
    }
    env.pop("DATABASE_URL", None)
    return start("tests.identity.oidc_provider.serve", [str(spec_path)], env, tmp)


def hidden_inputs(html: str) -> dict[str, str]:
    inputs = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            inputs[name.group(1)] = (value.group(1) if value else "").replace("&amp;", "&")
    return inputs


def oidc_provider_login(authorize_url: str, username: str) -> str:
    """A person at the provider: opens the authorisation URL, logs in, and is sent back.
    Returns the URL the provider sends the browser back to."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)  # redirected to the provider's login
    page.raise_for_status()
    form = hidden_inputs(page.text)
    answer = browser.post(
        page.url,
        data={**form, "username": username, "password": PROVIDER_PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    base = "{0.scheme}://{0.netloc}".format(urlparse(page.url))
    back = browser.get(base + answer.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    return back.headers["Location"]


def key_and_certificate(tmp: Path, name: str) -> tuple[str, str]:
    """A throwaway RSA key and self-signed certificate, made for this test run only."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = tmp / f"{name}.key", tmp / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


def start_saml_idp(tmp: Path, name: str) -> RunningProvider:
    import os

    key, cert = key_and_certificate(tmp, name)
    people_path = tmp / f"{name}-people.json"
    people_path.write_text(
        json.dumps([{**person, "password": PROVIDER_PASSWORD} for person in PEOPLE])
    )
    return start(
        "tests.identity.saml_idp.serve", [key, cert, str(people_path)], dict(os.environ), tmp
    )


def saml_idp_login(redirect_url: str, username: str, *, valid_minutes: int = 15) -> dict:
    """A person at the SAML IdP: follows the redirect, logs in, and gets the form the IdP
    would post to the SP. Returns its action and fields."""
    browser = requests.Session()
    page = browser.get(redirect_url, timeout=10)
    assert page.status_code == 200, page.text
    base = "{0.scheme}://{0.netloc}".format(urlparse(page.url))
    answer = browser.post(
        f"{base}/login",
        data={
            **hidden_inputs(page.text),
            "username": username,
            "password": PROVIDER_PASSWORD,
            "valid_minutes": valid_minutes,
        },
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    action = re.search(r'action="([^"]+)"', answer.text).group(1)
    return {"action": action.replace("&amp;", "&"), "fields": hidden_inputs(answer.text)}
