"""Browser journeys: Debian's Chromium, driven by Playwright, against pytest-django's
live server with the demo loaded. Every page a journey visits is checked with
axe-core (WCAG 2.1 A and AA); a serious or critical violation fails the test.

Chromium is installed by make test (scripts/system_packages.sh --test); KOMPAS_CHROMIUM points
elsewhere.
"""

import functools
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("KOMPAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
PASSWORD = "kompas-demo-2026"

# Pages render in the live server's thread while the test waits; give them time.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        pytest.fail(f"Chromium is not at {CHROMIUM}: run scripts/system_packages.sh --test.")
    # Playwright's sync API keeps an event loop in this thread, and Django refuses
    # database calls from a thread with a running loop unless told it is safe. The
    # fixtures' own queries (loading the demo, checking a saved row) are synchronous.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture(autouse=True)
def isolated_exports(media_root, eager_celery):
    """PDF exports render inside the live server's request, never on a real worker,
    into a throwaway MEDIA_ROOT."""


@pytest.fixture(scope="module")
def frozen_guards_lifted(django_db_setup):
    """Kept for the modules that ask for it: the guards are lifted for each flush alone
    (tests/conftest.py, sqlite_guards_lifted_for_flush), so pages are used with them on."""
    yield


@pytest.fixture
def demo(frozen_guards_lifted, live_server, settings, tmp_path):
    """The demo municipalities, in a database the live server shares (transactional_db,
    which live_server brings along, empties it after each test).

    The people see the interface in English, the language the assertions are written
    in; tests/accounts covers choosing a language.
    """
    from apps.accounts.models import User

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    User.objects.update(preferred_language="en")
    return live_server


class Browsing:
    """One person's browser context. Navigation goes through goto() and follow(), which
    check the page with axe-core once it has loaded."""

    def __init__(self, context, base_url: str):
        self.context = context
        self.page: Page = context.new_page()
        self.base_url = base_url.rstrip("/")
        self.checked: list[str] = []

    def goto(self, path: str, *, status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == status, (path, response)
        self.check()
        return response

    def follow(self, locator):
        """Click (or press Enter on) something that loads a new page, then check that page."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def press(self, key: str):
        """Press a key that loads a new page (Enter on a link or a submit button)."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.check()

    def check(self):
        """Run axe-core on the page as it is now, and fail on serious or critical violations."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Injected as code, not as a <script> tag: the CSP refuses inline scripts.
            self.page.evaluate(_axe_source())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        self.checked.append(self.page.url)
        _log_axe(self.page.url, result)
        failing = [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]
        if failing:
            lines = [f"axe-core found violations on {self.page.url}:"]
            for violation in failing:
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                lines.append(
                    f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                    f"[{targets}] {violation['helpUrl']}"
                )
            raise AssertionError("\n".join(lines))

    def log_in(self, username: str):
        """Log in through the form, with the keyboard only."""
        self.goto("/accounts/login/")
        self.page.get_by_label("Username").focus()
        self.page.keyboard.type(username)
        self.page.keyboard.press("Tab")
        expect(self.page.get_by_label("Password")).to_be_focused()
        self.page.keyboard.type(PASSWORD)
        self.press("Enter")
        expect(self.page.get_by_role("button", name="Log out")).to_be_visible()


@functools.cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def _log_axe(url: str, result: dict) -> None:
    """With KOMPAS_AXE_LOG set, append every checked page and its violations (any impact)."""
    path = os.environ.get("KOMPAS_AXE_LOG")
    if not path:
        return
    entry = {
        "url": url,
        "violations": [
            {
                "id": v["id"],
                "impact": v["impact"],
                "targets": [" ".join(n["target"]) for n in v["nodes"][:5]],
            }
            for v in result["violations"]
        ],
        "incomplete": sorted({v["id"] for v in result["incomplete"]}),
    }
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")


def _new_context(browser, **options):
    options = {"locale": "en-GB", "viewport": {"width": 1280, "height": 900}, **options}
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def guest(browser, live_server):
    """Someone who is not logged in, on a live server without the demo (faster: the
    public pages need no municipality)."""
    context = _new_context(browser)
    yield Browsing(context, live_server.url)
    context.close()


@pytest.fixture
def visitor(browser, demo):
    """Opens a fresh browser context (a person of their own) on the live server."""
    contexts = []

    def open_context(username: str | None = None, **options) -> Browsing:
        context = _new_context(browser, **options)
        contexts.append(context)
        browsing = Browsing(context, demo.url)
        if username:
            browsing.log_in(username)
        return browsing

    yield open_context
    for context in contexts:
        context.close()
