"""An outside party answers a høring by its link: the communications department invites
Handicaprådet by e-mail address, the mail reaches a real SMTP server, and someone of
the council opens the link without an account, answers on behalf of the council with
a PDF letter, and the communications department finds the answer by the party filter.
Every page on the way is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from apps.strategies.models import StrategyVersion, VersionStatus
from tests.notifications.conftest import SmtpServer

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def smtp_server(settings, demo):
    server = SmtpServer()
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    # The link in the mail leads to this live server.
    settings.KOMPAS_BASE_URL = demo.url
    yield server
    server.stop()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_outside_party_answers_a_consultation_by_its_link(
    visitor, smtp_server, width, tmp_path
):
    version = StrategyVersion.objects.get(
        strategy__organisation__slug="naestved", status=VersionStatus.CONSULTATION
    )
    viewport = {"width": width, "height": 900}
    comms = visitor("naestved-communications", viewport=viewport)
    page = comms.page
    comms.goto(f"/consultations/versions/{version.pk}/")
    expect(page.locator("#deadline")).to_contain_text("Consultation deadline:")
    comms.follow(page.get_by_role("link", name="Invite people, units and outside parties"))
    page.get_by_label("Outside parties' e-mail addresses").fill(
        "handicapraad@example.dk, Handicaprådet"
    )
    comms.follow(page.get_by_role("button", name="Invite outside parties"))
    expect(page.get_by_text("1 outside party invited.")).to_be_visible()
    parties = page.get_by_role(
        "table", name="Outside parties invited, and whether they have answered"
    )
    expect(parties).to_contain_text("Handicaprådet")
    expect(parties).to_contain_text("Not answered")

    [mail] = smtp_server.to("handicapraad@example.dk")
    # The mail is in the document's language (Danish), with the deadline and the link.
    assert "høring" in mail.subject.lower()
    assert "Fristen er" in mail.part("text/plain")
    [link] = re.findall(r"https?://\S+/hoering/[^/\s]+/", mail.part("text/plain"))
    assert f'href="{link}"' in mail.part("text/html")

    party = visitor(viewport=viewport)  # no account, not logged in
    party.goto(link.removeprefix(party.base_url))
    guest = party.page
    expect(guest.get_by_role("heading", level=1)).to_contain_text("Høring om")
    guest.get_by_label("Dit navn").fill("Mette Hansen")
    guest.get_by_label("På vegne af organisation").fill("Handicaprådet")
    guest.get_by_label("Din e-mailadresse").fill("mette@example.dk")
    guest.get_by_role("textbox", name="Dit svar").fill("Husk tegnsprogstolkning ved borgermøder.")
    guest.get_by_label("Eller upload dit svar som et brev (PDF)").set_input_files(
        {"name": "svar.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    # Sent without accepting the publication notice: refused, and nothing typed is lost.
    party.follow(guest.get_by_role("button", name="Send svar"))
    expect(guest.get_by_text("Acceptér, at dit svar offentliggøres")).to_be_visible()
    expect(guest.get_by_role("textbox", name="Dit svar")).to_have_value(
        "Husk tegnsprogstolkning ved borgermøder."
    )
    guest.get_by_label("Eller upload dit svar som et brev (PDF)").set_input_files(
        {"name": "svar.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    guest.get_by_label(re.compile("^Jeg accepterer")).check()
    party.follow(guest.get_by_role("button", name="Send svar"))
    expect(guest.get_by_text("Tak. Dit svar er modtaget")).to_be_visible()
    guest.screenshot(path=str(tmp_path / f"hoering-answered-{width}.png"), full_page=True)

    comms.goto(f"/consultations/versions/{version.pk}/")
    page.get_by_label("From", exact=True).select_option(label="Mette Hansen (Handicaprådet)")
    comms.follow(page.get_by_role("button", name="Show comments"))
    found = page.locator("section[aria-labelledby='filtered-heading']")
    expect(page.get_by_role("heading", name="1 comment matches")).to_be_visible()
    expect(found.first).to_contain_text("Husk tegnsprogstolkning ved borgermøder.")
    expect(page.get_by_role("link", name="Letter (PDF): svar.pdf")).to_be_visible()
    comms.goto(f"/consultations/versions/{version.pk}/invite/")
    answers = page.get_by_role("table", name=re.compile("^Outside parties invited"))
    expect(answers.get_by_role("row", name=re.compile("Handicaprådet"))).not_to_contain_text(
        "Not answered"
    )
