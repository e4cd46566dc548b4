"""The accessibility statement: public, with a form to report a problem."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core import services, views
from apps.core.models import AccessibilityReport
from apps.core.services import DESCRIPTION_MAX_CHARS, accessibility_report_create
from apps.organisations.models import RoleLevel
from tests.factories import UserFactory

URL = "/accessibility/"


@pytest.fixture(autouse=True)
def english_browser(client):
    """Visitors get the language their browser asks for; these tests read English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_statement_is_public(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    assert "<h1>Accessibility statement for Kompas</h1>" in response.text
    assert 'name="description"' in response.text
    # The national supervisory authorities, where people may complain.
    for address in ("https://digst.dk/", "https://www.digg.se/", "https://www.uutilsynet.no/"):
        assert f'href="{address}"' in response.text


def test_url_is_named_in_the_core_namespace():
    assert reverse("core:accessibility") == URL


def test_anyone_can_report_a_problem_without_logging_in(client, db):
    response = client.post(
        URL,
        {
            "page_url": "/strategies/",
            "description": "  The menu cannot be reached with the keyboard.  ",
            "contact_email": "reader@example.dk",
        },
        follow=True,
    )

    report = AccessibilityReport.objects.get()
    assert report.page_url == "/strategies/"
    assert report.description == "The menu cannot be reached with the keyboard."
    assert report.contact_email == "reader@example.dk"
    assert response.redirect_chain == [(URL, 302)]
    assert "Your report has been received" in response.text


def test_the_view_stores_the_report_through_the_service(client, db, monkeypatch):
    calls = []
    monkeypatch.setattr(
        services, "accessibility_report_create", lambda **kwargs: calls.append(kwargs)
    )

    client.post(URL, {"page_url": "", "description": "Too little contrast.", "contact_email": ""})

    assert calls == [
        {
            "page_url": "",
            "description": "Too little contrast.",
            "contact_email": "",
            "sender": "127.0.0.1",
        }
    ]


def test_service_errors_are_shown_on_their_field(client, db, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"page_url": ["This page is not part of Kompas."]})

    monkeypatch.setattr(services, "accessibility_report_create", refuse)

    response = client.post(URL, {"page_url": "/x/", "description": "Hard to read."})

    assert response.status_code == 200
    assert response.context["form"].errors == {"page_url": ["This page is not part of Kompas."]}


def test_a_report_without_a_description_is_refused_with_the_error_at_the_field(client, db):
    response = client.post(URL, {"page_url": "", "description": "   ", "contact_email": ""})

    assert response.status_code == 200
    assert not AccessibilityReport.objects.exists()
    html = response.text
    assert 'role="alert"' in html  # the error summary
    assert 'href="#id_description"' in html  # which links to the field
    assert 'id="id_description_error"' in html
    assert "Describe the problem, so that we can find and fix it." in html
    field = html[html.index("<textarea") : html.index("</textarea>")]
    assert 'aria-invalid="true"' in field
    assert "id_description_error" in field.split('aria-describedby="')[1].split('"')[0]


def test_an_invalid_email_address_is_explained(client, db):
    response = client.post(URL, {"description": "Hard to read.", "contact_email": "not-an-email"})

    assert not AccessibilityReport.objects.exists()
    assert response.context["form"].errors == {
        "contact_email": [
            "Enter an email address such as name@example.dk, or leave the field empty."
        ]
    }


def test_errors_are_in_the_browsers_language_for_visitors(client, db):
    response = client.post(URL, {"description": ""}, HTTP_ACCEPT_LANGUAGE="da")

    assert '<html lang="da">' in response.text
    assert "Beskriv problemet, så vi kan finde og rette det." in response.text


def test_errors_are_in_the_chosen_language_for_signed_in_people(client, organisation, member_of):
    client.force_login(
        member_of(organisation, RoleLevel.EMPLOYEE, user=UserFactory(preferred_language="sv"))
    )

    response = client.post(URL, {"description": ""}, HTTP_ACCEPT_LANGUAGE="da")

    assert '<html lang="sv">' in response.text
    assert "Beskriv problemet så att vi kan hitta och åtgärda det." in response.text


@pytest.mark.parametrize(
    ("page", "prefill"),
    [
        ("/strategies/12/", "/strategies/12/"),
        ("/obligations/?unit=3", "/obligations/?unit=3"),
        ("https://evil.example/phish", ""),
        ("//evil.example/phish", ""),
        ("/\\evil.example", ""),
        ("javascript:alert(1)", ""),
        ("/\t/evil.example", ""),
    ],
)
def test_page_is_prefilled_only_with_a_local_path(client, db, page, prefill):
    response = client.get(URL, {"page": page})

    assert response.context["form"].initial == {"page_url": prefill}


def test_local_path_is_cut_to_the_fields_length():
    assert len(views._local_path("/" + "a" * 900)) == 500


@pytest.mark.parametrize(
    "path",
    ["/accessibility/", "/strategies/", "/obligations/", "/dashboards/employee/", "/nowhere/"],
)
def test_every_page_links_to_the_statement_with_its_own_path(client, organisation, member_of, path):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    response = client.get(path)

    footer = response.text[response.text.index("<footer") :]
    assert f'href="/accessibility/?page={path}"' in footer


def test_login_page_links_to_the_statement_for_visitors(client, db):
    response = client.get("/accounts/login/")

    footer = response.text[response.text.index("<footer") :]
    assert 'href="/accessibility/?page=/accounts/login/"' in footer


def test_service_stores_a_trimmed_report(db):
    report = accessibility_report_create(
        page_url=" /a/ ", description=" Focus is invisible. ", contact_email=" a@example.dk "
    )

    assert (report.page_url, report.description, report.contact_email) == (
        "/a/",
        "Focus is invisible.",
        "a@example.dk",
    )
    assert AccessibilityReport.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"description": "   "}, "description"),
        ({"description": "x" * (DESCRIPTION_MAX_CHARS + 1)}, "description"),
        ({"description": "Fine.", "contact_email": "nope"}, "contact_email"),
    ],
)
def test_service_refuses_an_invalid_report(db, fields, field):
    with pytest.raises(ValidationError) as error:
        accessibility_report_create(page_url="", **fields)

    assert field in error.value.message_dict
    assert not AccessibilityReport.objects.exists()


def test_one_address_may_send_only_so_many_reports_an_hour(client, db):
    report = {"page_url": "", "description": "The menu cannot be reached by keyboard."}
    for _ in range(services.REPORTS_PER_HOUR):
        assert client.post(URL, report).status_code == 302

    response = client.post(URL, report, REMOTE_ADDR="127.0.0.1")
    other = client.post(URL, report, REMOTE_ADDR="10.0.0.7")

    assert response.status_code == 200
    assert "Wait an hour and try again" in response.content.decode()
    assert "Wait an hour" in response.context["form"].non_field_errors()[0]
    assert AccessibilityReport.objects.count() == services.REPORTS_PER_HOUR + 1
    assert other.status_code == 302


def test_a_report_is_kept_when_the_rate_limit_cannot_be_counted(db, monkeypatch):
    def unavailable(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(services.cache, "add", unavailable)

    report = accessibility_report_create(
        page_url="/", description="The PDF has no headings.", sender="10.0.0.8"
    )

    assert AccessibilityReport.objects.get() == report


def test_statement_is_in_nynorsk_for_a_browser_asking_for_it(client, db):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nn-NO,nn;q=0.9"

    response = client.get(URL)

    assert '<html lang="nn">' in response.text
    assert "<h1>Tilgjengelegheitserklæring for Kompas</h1>" in response.text
    assert "Erklæringa vart utarbeidd 23. november 2026" in response.text
    assert "Meld frå om eit problem" in response.text
