"""The administration's pages in Chromium, at 1280 and 375 px, in English and Danish:
each page passes axe-core, and an import is previewed and applied in the browser."""

import os

import pytest
from playwright.sync_api import expect

from tests.identity.conftest import write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("KOMPAS_SCREENSHOTS")


def shot(person, name):
    if SCREENSHOTS:
        person.page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize(
    ("width", "language"), [(1280, "en"), (375, "da")], ids=["1280-en", "375-da"]
)
def test_the_administration_pages_pass_axe_and_an_import_applies(
    visitor, tmp_path, width, language
):
    from apps.accounts.models import User

    person = visitor("naestved-communications", viewport={"width": width, "height": 900})
    User.objects.filter(username="naestved-communications").update(preferred_language=language)
    tag = f"{width}-{language}"

    person.goto("/administration/")
    shot(person, f"home-{tag}")
    person.goto("/administration/people/")
    shot(person, f"people-{tag}")
    person.follow(person.page.locator("table tbody a").first)
    shot(person, f"person-{tag}")
    person.follow(person.page.locator("table tbody td a[href*='/roles/']").first)
    shot(person, f"role-{tag}")
    person.goto("/administration/people/")
    person.follow(person.page.locator("table tbody a").nth(1))
    person.follow(person.page.locator("a[href$='/erase/']"))
    shot(person, f"erase-{tag}")
    person.goto("/administration/scim/")
    person.page.locator("input[name=name]").fill("Entra ID")
    person.follow(person.page.locator("main form button[type=submit]"))
    expect(person.page.locator("main")).to_contain_text("kscim_")
    shot(person, f"scim-{tag}")
    person.goto("/administration/scim/groups/")
    person.goto("/administration/sign-in/")
    shot(person, f"sign-in-{tag}")
    person.goto("/administration/units/")
    shot(person, f"units-{tag}")
    person.goto("/administration/units/new/")
    person.goto("/administration/people/new/")
    shot(person, f"person-new-{tag}")

    person.goto("/administration/import/")
    shot(person, f"import-{tag}")
    path = write_csv(tmp_path / "hr.csv", [
        {"email": "ny.leder@naestved.dk", "name": "Ny Leder", "role_level": "leader",
         "unit_path": "Nye Enheder / Ny Skole"},
        {"email": "ny.medarbejder@naestved.dk", "name": "Ny Medarbejder",
         "unit_path": "Nye Enheder / Ny Skole", "manager_email": "ny.leder@naestved.dk"},
    ])
    person.page.locator("input[type=file]").set_input_files(str(path))
    person.follow(person.page.locator("main button[type=submit]"))
    shot(person, f"preview-{tag}")
    expect(person.page.locator("main")).to_contain_text(
        "Ny Medarbejder (ny.medarbejder@naestved.dk)"
    )
    person.follow(person.page.locator("main form button[type=submit]").first)
    shot(person, f"done-{tag}")
    assert User.objects.filter(email="ny.medarbejder@naestved.dk", is_active=True).exists()

    bad = write_csv(tmp_path / "bad.csv", [{"email": "ikke-en-adresse", "name": "X"}])
    person.goto("/administration/import/")
    person.page.locator("input[type=file]").set_input_files(str(bad))
    with person.page.expect_navigation():
        person.page.locator("main button[type=submit]").click()
    person.check()
    shot(person, f"errors-{tag}")
    expect(person.page.locator("main table")).to_contain_text("ikke-en-adresse")
