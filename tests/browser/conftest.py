"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded build)."""

import os
import re
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags that keep chromium off the network on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# Runs in every page before its own scripts: whatever the Content-Security-Policy blocks is reported to the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  const where = e.target instanceof Element ? e.target.outerHTML.slice(0, 200) : "";
  window.__cspViolation(`securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI} `
                        + `at ${e.sourceFile}:${e.lineNumber} ${where}`);
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def watch_csp(context, violations):
    """Collect what the policy blocks in every page of this browser: the document's securitypolicyviolation
    events, and chromium's console lines ("... violates the following Content Security Policy directive ...")."""
    context.expose_function("__cspViolation", lambda report: violations.append(report))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return context


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch):
    """What the Content-Security-Policy blocked in any browser the test opened: a test that leaves one fails.

    Every context the test makes is watched, also those made with browser.new_context() in the test itself.
    """
    violations = []
    new_context = browser.new_context
    monkeypatch.setattr(browser, "new_context", lambda *a, **kw: watch_csp(new_context(*a, **kw), violations))
    yield violations
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def page(browser, live_server, csp_violations):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def login(page, email, password):
    """Both steps: who has (or must have) an app fills in its code, as a kadersteller or beheerder does."""
    app = app_voor_login(email)
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if app is not None:
        page.wait_for_url(re.compile(r"/inloggen/code/"))
        page.get_by_label("Code", exact=True).fill(verse_code(app))
        page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/trajecten/"))


def app_voor_login(email):
    """The user's authenticator app; who must use two steps and has none gets one, as if set up before."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from organisaties.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        return None
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if app is None and user.tweestaps_verplicht():
        app = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    return app


def verse_code(app):
    """A code the app has not given yet: the server takes each 30-second step once, and one step ahead."""
    from account.tweestaps import code_voor

    app.refresh_from_db()
    while app.last_t + 1 - int(time.time()) // app.step > 1:
        time.sleep(1)
    return code_voor(app, max(0, app.last_t + 1 - int(time.time()) // app.step))


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/"))


def assert_accessible(page):
    """axe-core inside chromium: no WCAG 2.2 A/AA violations on the page as it is now."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def snapshot(page, name):
    """Screenshots at desktop and phone width, kept as test artefacts (not committed).

    At 375 px and at the narrowest phone we support (360 px) the page must not scroll sideways.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1280.png"), full_page=True)
    for width in (PHONE["width"], 360):
        page.set_viewport_size({**PHONE, "width": width})
        if width == PHONE["width"]:
            page.screenshot(path=str(ARTIFACTS / f"{name}-375.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size(size)


def check_page(page, name):
    assert_accessible(page)
    snapshot(page, name)
