"""The Content-Security-Policy holds in the browser, and the check every browser test ends with does see a breach.

conftest.py's csp_violations fails any browser test during which chromium blocked something. That only means
something if a blocked inline script or style does reach it: proven here by injecting them into a real page.
"""

import time

from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import login

INJECT = """() => {
  const style = document.createElement("style");
  style.textContent = "body { background-color: rgb(255, 0, 0) }";
  document.head.append(style);
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.head.append(script);
  document.querySelector("h1").setAttribute("style", "color: rgb(255, 0, 0)");
  const link = document.createElement("a");
  link.href = "javascript:window.clicked = true";
  link.textContent = "injected";
  document.body.append(link);
}"""


def wait_for(page, violations, count, seconds=5):
    """Playwright hands the page's reports over while it waits: give it until `count` have arrived."""
    until = time.monotonic() + seconds
    while len(violations) < count and time.monotonic() < until:
        page.wait_for_timeout(50)


def test_inline_script_style_and_javascript_urls_are_blocked_and_reported(page, csp_violations):
    page.goto("/inloggen/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert csp_violations == []

    page.evaluate(INJECT)
    page.get_by_role("link", name="injected").click()
    wait_for(page, csp_violations, 8)

    assert page.evaluate("window.injected") is None and page.evaluate("window.clicked") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") != "rgb(255, 0, 0)"
    # The document's events: the <style>, the <script>, the style attribute and the javascript: link.
    events = [v for v in csp_violations if v.startswith("securitypolicyviolation:")]
    assert sorted(v.split()[1] for v in events) == ["script-src-elem", "script-src-elem", "style-src-attr",
                                                   "style-src-elem"], csp_violations
    # chromium's console says the same, in its own words.
    console = [v for v in csp_violations if v not in events]
    assert len(console) == 4 and all("violates the following Content Security Policy" in v for v in console), console
    csp_violations.clear()  # seen and checked: the test itself must not fail on them


def test_a_page_the_server_sends_runs_under_the_policy_without_a_single_violation(page, csp_violations, alice, traject):
    login(page, "alice@example.org", PASSWORD)
    response = page.goto(f"/trajecten/{traject.uuid}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    page.wait_for_timeout(200)
    assert csp_violations == []
