"""Screenshots of every dashboard, as each demo user sees it after logging in.

    .venv/bin/python scripts/screenshot_dashboards.py --serve

With --serve the script builds a fresh SQLite database in a temporary directory,
loads the demo, starts `manage.py runserver` on --port and stops it again at the
end. Without it, it uses the server already running at --base-url.

With --interact (on by default with --serve) it first uses the app as people
would, so the pictures are not all zeros: the demo employee and leader acknowledge
some of their obligations, and the leader records a check-in.

PNGs go to docs/screenshots/<role>.png, plus check_ins.png, obligations.png,
strategy_version.png and accessibility_statement.png.
The politician is Glostrup's by default (--politician-organisation), whose demo has
a version proposed to the council, so the page shows a proposal to compare.
"""

import argparse
import os
import shutil
import subprocess  # noqa: S404 - starts the Django development server we own
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("leader", "employee", "politician", "executive_board", "communications")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


def serve(port: int, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_DEBUG": "true",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*manage, "load_demo"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    server = subprocess.Popen(  # noqa: S603
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)  # noqa: S310
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the development server did not start")


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def interact(browser, base_url: str, organisation: str, password: str) -> None:
    """Acknowledge and check in through the pages, as the demo people would."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base_url, f"{organisation}-employee", password)
    page.goto(f"{base_url}/dashboards/employee/")
    page.locator("form.kompas-acknowledge button").first.click()
    page.wait_for_load_state("networkidle")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base_url, f"{organisation}-leader", password)
    page.goto(f"{base_url}/dashboards/leader/")
    for _ in range(3):
        page.locator("form.kompas-acknowledge button").first.click()
        page.wait_for_load_state("networkidle")
    page.locator("a[href*='/check-ins/']").first.click()
    page.wait_for_load_state("networkidle")
    first = page.locator("section.kompas-check-in").first
    first.locator("input[value=on_track]").check()
    first.locator("textarea").fill("Principperne er på dagsordenen ved hvert personalemøde.")
    second = page.locator("section.kompas-check-in").nth(1)
    second.locator("input[value=needs_attention]").check()
    # One form, one save for all the unit's check-ins.
    page.locator(".kompas-check-in-save button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    context.close()


def screenshot(browser, base_url: str, organisations: dict, password: str, out: Path) -> list:
    saved = []
    for role in ROLES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
        page = context.new_page()
        log_in(page, base_url, f"{organisations[role]}-{role}", password)
        # The dashboards' landing page picks the dashboard from the person's roles.
        page.goto(f"{base_url}/dashboards/")
        page.wait_for_load_state("networkidle")
        path = out / f"{role}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
        if role == "leader":
            page.locator("a[href*='/check-ins/']").first.click()
            page.wait_for_load_state("networkidle")
            path = out / "check_ins.png"
            page.screenshot(path=str(path), full_page=True)
            saved.append(path)
        if role == "employee":
            page.goto(f"{base_url}/obligations/")
            page.wait_for_load_state("networkidle")
            path = out / "obligations.png"
            page.screenshot(path=str(path), full_page=True)
            saved.append(path)
        if role == "communications":
            # The first strategy's newest version, as the communications department reads it.
            page.goto(f"{base_url}/strategies/")
            page.locator("main a[href*='/strategies/versions/']").first.click()
            page.wait_for_load_state("networkidle")
            path = out / "strategy_version.png"
            # A whole strategy is many screens long; the top shows the page's layout.
            page.screenshot(
                path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 1600}
            )
            saved.append(path)
        context.close()
    # The accessibility statement is public: no login.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    page.goto(f"{base_url}/accessibility/")
    page.wait_for_load_state("networkidle")
    path = out / "accessibility_statement.png"
    page.screenshot(path=str(path), full_page=True)
    saved.append(path)
    context.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="start a fresh demo server")
    parser.add_argument("--port", type=int, default=8125)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--organisation", default="naestved")
    parser.add_argument("--politician-organisation", default="glostrup")
    parser.add_argument("--interact", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    base_url = (args.base_url or f"http://127.0.0.1:{args.port}").rstrip("/")
    password = os.environ.get("KOMPAS_DEMO_PASSWORD", "kompas-demo-2026")
    do_interact = args.serve if args.interact is None else args.interact
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="kompas-screenshots-"))
    server = serve(args.port, workdir) if args.serve else None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            if do_interact:
                interact(browser, base_url, args.organisation, password)
            organisations = {role: args.organisation for role in ROLES}
            organisations["politician"] = args.politician_organisation
            for path in screenshot(browser, base_url, organisations, password, args.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
