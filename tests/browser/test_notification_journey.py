"""The communications department invites a leader to a consultation; the leader sees
it at the top of the dashboard and in the inbox, and the mail reached a real SMTP
server."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import formats, translation
from playwright.sync_api import expect

from apps.accounts.models import User
from tests.factories import consultation_deadline
from tests.notifications.conftest import SmtpServer

pytestmark = pytest.mark.browser

TITLE = "Strategy for the citizens' service"


@pytest.fixture
def smtp_server(settings):
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


@pytest.mark.parametrize("width", [1280, 375])
def test_an_invited_leader_sees_it_on_the_dashboard_and_in_the_inbox_and_gets_a_mail(
    visitor, smtp_server, width, tmp_path
):
    leader_user = User.objects.get(username="naestved-leader")
    comms = visitor("naestved-communications", viewport={"width": width, "height": 900})
    page = comms.page
    comms.goto("/strategies/new/")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Kind").select_option(label="Strategy")
    comms.follow(page.get_by_role("button", name="Create the strategy"))
    comms.follow(page.get_by_role("link", name="See the draft as readers will see it"))
    page.locator("#move-consultation summary").click()
    page.locator("#move-consultation").get_by_label("Consultation deadline").fill(
        consultation_deadline(14).isoformat()
    )
    comms.follow(page.get_by_role("button", name="Send to consultation"))
    comms.follow(page.get_by_role("link", name="Go to the consultation of this version"))
    comms.follow(page.get_by_role("link", name="Invite people, units and outside parties"))
    # The page lists nobody until a search (a municipality has thousands of people).
    page.get_by_label("Search by name, user name or e-mail address").fill(leader_user.full_name)
    comms.follow(page.get_by_role("button", name="Search", exact=True))
    page.get_by_role("group", name="People").get_by_label(
        re.compile(rf"^{re.escape(leader_user.full_name)} \(")
    ).check()
    comms.follow(page.get_by_role("button", name="Send invitations"))

    leader = visitor("naestved-leader", viewport={"width": width, "height": 900})
    with translation.override("en"):
        deadline = formats.date_format(consultation_deadline(14), "DATE_FORMAT")
    invitation = f"You are invited to comment on {TITLE}, version 1, by {deadline}."
    leader.goto("/dashboards/leader/")
    top = leader.page.locator(".kompas-needs-you")
    expect(top).to_contain_text(invitation)
    expect(leader.page.locator(".kompas-inbox-link")).to_contain_text("unread")
    leader.page.screenshot(path=str(tmp_path / f"dashboard-{width}.png"), full_page=True)
    leader.follow(leader.page.locator(".kompas-inbox-link a").first)
    expect(leader.page.get_by_role("heading", level=1)).to_have_text("Notifications")
    leader.follow(leader.page.get_by_role("link", name=invitation))
    expect(leader.page).to_have_url(re.compile(r"/consultations/versions/\d+/$"))

    call_command("send_notifications", stdout=io.StringIO())

    mails = smtp_server.to(leader_user.email)
    assert len(mails) == 1
    assert invitation in mails[0].part("text/plain")
    assert "/consultations/versions/" in mails[0].part("text/html")
