"""A real SMTP server (aiosmtpd) on a free port of 127.0.0.1 in a thread of the test
process; Django's SMTP backend sends to it, and the tests read back what arrived."""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from apps.organisations.models import RoleLevel
from config.celery import app as celery_app
from tests.factories import UnitFactory


@dataclass
class Received:
    envelope_to: list[str]
    message: email.message.EmailMessage
    raw: str = ""

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, content_type: str) -> str:
        return self.message.get_body(preferencelist=(content_type.split("/")[1],)).get_content()


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            raw = envelope.content.decode("utf-8", "replace").replace("\r\n", "\n")
            self.received.append(Received(list(envelope.rcpt_tos), message, raw))
        return "250 Message accepted for delivery"


class CountingController(Controller):
    def factory(self):
        handler = self.handler

        class Counting(SMTP):
            def connection_made(self, transport):
                with handler.lock:
                    handler.connections += 1
                super().connection_made(transport)

        return Counting(handler, **self.SMTP_kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = CountingController(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def to(self, address) -> list[Received]:
        return [r for r in self.received if address in r.envelope_to]

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp_server(settings):
    """Running, with Django's SMTP backend pointed at it."""
    server = SmtpServer()
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    settings.KOMPAS_BASE_URL = "https://kompas.example.dk"
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_send_on_commit():
    """Tasks run in the test process and sending is left to the test (as the embedded
    default does: mail goes out when send_notifications runs)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def people(organisation, member_of):
    """A workplace in a centre, its leader, the centre's leader, an employee, a
    politician, an executive and the communications department, each with an address."""
    centre = UnitFactory(organisation=organisation, kind="centre", name="Center for Borgere")
    workplace = UnitFactory(organisation=organisation, parent=centre, name="Borgerservice")
    made = {
        "communications": member_of(organisation, RoleLevel.COMMUNICATIONS),
        "leader": member_of(organisation, RoleLevel.LEADER, unit=workplace),
        "centre": member_of(organisation, RoleLevel.CENTRE, unit=centre),
        "employee": member_of(organisation, RoleLevel.EMPLOYEE, unit=workplace),
        "politician": member_of(organisation, RoleLevel.POLITICIAN),
        "executive": member_of(organisation, RoleLevel.EXECUTIVE_BOARD),
    }
    for name, user in made.items():
        user.email = f"{name}@kommune.example.dk"
        user.save(update_fields=["email"])
    made["workplace"] = workplace
    made["centre_unit"] = centre
    return made


DECISION = {"decided_on": None, "decided_by": "Byrådet", "case_reference": "26/100"}


@pytest.fixture
def draft(organisation):
    from tests.factories import ResponsibilityItemFactory, StrategyFactory, VersionFactory

    strategy = StrategyFactory(organisation=organisation, title="Kommunikationspolitik")
    version = VersionFactory(strategy=strategy, number=1)
    ResponsibilityItemFactory(
        responsibility__version=version,
        responsibility__role_level=RoleLevel.LEADER,
        responsibility__heading="Overblik",
        text="Lederen informerer medarbejderne.",
    )
    ResponsibilityItemFactory(
        responsibility__version=version,
        responsibility__role_level=RoleLevel.EMPLOYEE,
        responsibility__heading="Dialog",
        text="Medarbejderen deler viden.",
    )
    return version


@pytest.fixture
def adopt(django_capture_on_commit_callbacks):
    """Propose and adopt a version through the lifecycle service, running what it
    leaves for after the commit (the adoption's notifications)."""
    import datetime

    from apps.strategies import services as strategy_services

    def run(version, actor):
        with django_capture_on_commit_callbacks(execute=True):
            strategy_services.version_transition(version=version, actor=actor, to_status="proposed")
            return strategy_services.version_transition(
                version=version,
                actor=actor,
                to_status="adopted",
                **{**DECISION, "decided_on": datetime.date.today()},
            )

    return run
