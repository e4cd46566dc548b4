"""Outside parties (høringsparter): invited by e-mail, answering by a signed link or
on a public consultation's page, without an account."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone, translation

from apps.audit.models import AuditEvent
from apps.consultations import parties
from apps.consultations.models import Comment, Consultation, ConsultationParty, Respondent
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def letters(media_root):
    return media_root


@pytest.fixture
def party(consultation, comms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [invited] = parties.parties_invite(
            version=consultation, actor=comms,
            entries=[("handicapraad@example.dk", "Handicaprådet")],
        )
    invited.refresh_from_db()
    return invited


def _link(party):
    return reverse("hoering:party", args=[parties.party_token(party)])


# The pages of outside parties are in the document's language (here Danish).


def _answer(**extra):
    return {"name": "Mette Hansen", "organisation": "Handicaprådet",
            "contact": "mette@example.dk", "target": "document",
            "text": "Husk tegnsprogstolkning.", "accept_notice": "on", **extra}


def test_parse_parties_reads_address_and_name_and_names_bad_lines():
    assert parties.parse_parties(
        "handicapraad@example.dk, Handicaprådet\nMED-udvalget <med@example.dk>\n\n"
    ) == [("handicapraad@example.dk", "Handicaprådet"), ("med@example.dk", "MED-udvalget")]
    with pytest.raises(ValidationError) as raised:
        parties.parse_parties("ok@example.dk\nikke en adresse\nogså@forkert")
    assert raised.value.message_dict["parties"] == [
        "These lines are not e-mail addresses: 2, 3."
    ]


def test_an_invited_party_gets_a_mail_with_its_link_and_the_deadline(party, consultation):
    [message] = mail.outbox
    deadline = consultation.consultation.deadline

    [token] = re.findall(r"/hoering/([^/\s]+)/", message.body)

    assert message.to == ["handicapraad@example.dk"]
    assert parties.party_from_token(token) == party
    # In the document's language (Danish), whoever invited.
    with translation.override("da"):
        assert formats.date_format(deadline, "DATE_FORMAT") in message.body
    assert "høring" in message.subject.lower()
    assert message.alternatives[0].mimetype == "text/html"
    assert party.mailed_at is not None


def test_the_party_answers_by_its_link_without_an_account(client, party, consultation):
    page = client.get(_link(party))

    response = client.post(_link(party), _answer())

    comment = Comment.objects.get()
    assert page.status_code == 200
    assert "Handicaprådet" in page.text
    assert response.status_code == 302
    assert (comment.author, comment.author_name, comment.text) == (
        None, "Mette Hansen (Handicaprådet)", "Husk tegnsprogstolkning."
    )
    assert comment.respondent.party == party
    assert comment.respondent.contact == "mette@example.dk"
    assert comment.respondent.accepted_notice_at is not None
    assert AuditEvent.objects.filter(verb="consultation.answer_without_account").exists()


def test_an_answer_without_accepting_the_publication_notice_is_refused_and_kept(client, party):
    response = client.post(_link(party), _answer(accept_notice=""))

    assert response.status_code == 200
    assert not Comment.objects.exists()
    assert "Acceptér, at dit svar offentliggøres" in response.text
    assert "Husk tegnsprogstolkning." in response.text


def test_an_answer_may_be_a_pdf_letter(client, party):
    letter = SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf")

    client.post(_link(party), _answer(text="", letter=letter))

    respondent = Respondent.objects.get()
    assert respondent.letter_name == "svar.pdf"
    assert respondent.letter.read().startswith(b"%PDF-")


@pytest.mark.parametrize("name, content", [
    ("svar.pdf", b"MZ\x90\x00 not a pdf at all"),  # a program named .pdf
    ("svar.docx", PDF),
])
def test_a_letter_that_is_not_a_pdf_is_refused(client, party, name, content):
    letter = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = client.post(_link(party), _answer(letter=letter))

    assert response.status_code == 200
    assert "Brevet skal være en PDF-fil." in response.text
    assert not Respondent.objects.exists()


def test_a_letter_over_the_size_limit_is_refused(client, party, monkeypatch):
    monkeypatch.setattr(parties, "LETTER_MAX_BYTES", 100)
    letter = SimpleUploadedFile("svar.pdf", PDF + b"0" * 200, content_type="application/pdf")

    response = client.post(_link(party), _answer(letter=letter))

    assert "Brevet må højst fylde" in response.text
    assert not Respondent.objects.exists()


def test_a_tampered_link_does_not_work(client, party):
    token = parties.party_token(party)
    forged = signing.dumps({"p": party.pk + 1, "n": str(party.nonce)}, salt="other")

    for bad in (token[:-2] + "xx", forged):
        response = client.get(reverse("hoering:party", args=[bad]))
        assert response.status_code == 404
        assert "Dette høringslink virker ikke" in response.text


def test_a_withdrawn_invitation_ends_the_link(client, party, comms):
    parties.party_withdraw(party=party, actor=comms)

    response = client.post(_link(party), _answer())

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_link_expires(client, party, monkeypatch):
    monkeypatch.setattr(parties, "PARTY_LINK_MAX_AGE", -1)

    assert client.get(_link(party)).status_code == 404


def test_inviting_a_withdrawn_party_again_gives_a_new_link(party, comms, consultation):
    old_link = parties.party_token(party)
    parties.party_withdraw(party=party, actor=comms)

    [again] = parties.parties_invite(version=consultation, actor=comms,
                                     entries=[("handicapraad@example.dk", "")])

    assert parties.party_from_token(old_link) is None
    assert parties.party_from_token(parties.party_token(again)) == again


def test_after_the_deadline_the_link_shows_the_answer_back_and_saves_nothing(client, party):
    Consultation.objects.filter(version=party.version).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = client.post(_link(party), _answer())

    assert response.status_code == 409
    assert "fordi høringen er slut" in response.text
    assert "Husk tegnsprogstolkning." in response.text
    assert not Comment.objects.exists()


def test_a_link_stops_working_when_the_version_leaves_consultation(client, party, comms):
    strategy_services.version_transition(version=party.version, actor=comms,
                                         to_status=VersionStatus.PROPOSED)

    assert client.get(_link(party)).status_code == 404


def test_the_invite_page_tracks_who_answered_and_withdraws(client, party, comms):
    client.post(_link(party), _answer())
    client.force_login(comms)

    page = client.get(reverse("consultations:invite", args=[party.version_id]))
    response = client.post(reverse("consultations:withdraw_party", args=[party.pk]))

    assert "handicapraad@example.dk" in page.text
    assert page.context["parties"][0].answers == 1
    assert response.status_code == 302
    assert ConsultationParty.objects.get().is_withdrawn


def test_the_invite_page_invites_parties_from_the_form(client, consultation, comms,
                                                       django_capture_on_commit_callbacks):
    client.force_login(comms)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:invite_parties", args=[consultation.pk]),
                               {"parties": "med@example.dk, MED-udvalget\nforkert"})
        assert response.status_code == 200
        assert "These lines are not e-mail addresses: 2." in response.text
        client.post(reverse("consultations:invite_parties", args=[consultation.pk]),
                    {"parties": "med@example.dk, MED-udvalget"})

    assert list(ConsultationParty.objects.values_list("email", "name")) == [
        ("med@example.dk", "MED-udvalget")
    ]
    assert [message.to for message in mail.outbox] == [["med@example.dk"]]


# --- A public consultation ---------------------------------------------------------


@pytest.fixture
def public(consultation):
    Consultation.objects.filter(version=consultation).update(public=True)
    return Consultation.objects.get(version=consultation)


def test_anyone_answers_a_public_consultation_from_its_page(client, public):
    url = reverse("hoering:public", args=[public.public_key])

    page = client.get(url)
    client.post(url, _answer(organisation=""))

    comment = Comment.objects.get()
    assert page.status_code == 200
    assert comment.author_name == "Mette Hansen"
    assert comment.respondent.party is None


def test_one_address_cannot_flood_a_public_consultation(client, public, settings):
    settings.KOMPAS_PUBLIC_ANSWERS_PER_HOUR = 2
    url = reverse("hoering:public", args=[public.public_key])
    for n in range(2):
        client.post(url, _answer(organisation="", text=f"Svar nummer {n}."))

    refused = client.post(url, _answer(organisation="", text="Et tredje svar, der ikke tabes."))

    assert refused.status_code == 429
    assert "Et tredje svar, der ikke tabes." in refused.text
    assert Comment.objects.count() == 2


def test_an_invited_party_is_not_counted_against_the_public_limit(client, party, settings):
    settings.KOMPAS_PUBLIC_ANSWERS_PER_HOUR = 0

    client.post(_link(party), _answer())

    assert Comment.objects.count() == 1


def test_a_consultation_that_is_not_public_has_no_public_page(client, consultation):
    key = Consultation.objects.get(version=consultation).public_key

    response = client.post(reverse("hoering:public", args=[key]), _answer())

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_the_letter_is_read_by_the_communications_department_only(
    client, party, comms, invited, other_organisation, member_of
):
    client.post(_link(party), _answer(letter=SimpleUploadedFile("svar.pdf", PDF)))
    comment = Comment.objects.get()
    url = reverse("consultations:letter", args=[comment.pk])
    stranger = member_of(other_organisation, RoleLevel.COMMUNICATIONS)
    statuses = {}
    for name, person in (("comms", comms), ("invited", invited), ("stranger", stranger)):
        client.force_login(person)
        statuses[name] = client.get(url).status_code

    assert statuses == {"comms": 200, "invited": 404, "stranger": 404}


def test_another_organisations_communications_department_cannot_withdraw(
    client, party, other_organisation, member_of
):
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    response = client.post(reverse("consultations:withdraw_party", args=[party.pk]))

    assert response.status_code == 404
    assert not ConsultationParty.objects.get().is_withdrawn
