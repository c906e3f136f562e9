"""Playwright on Debian's Chromium (`apt-get install -y chromium`).

Without Chromium these tests are skipped, unless REQUIRE_BROWSER is set (as in
CI), where a missing browser is a failure.
"""

import os
import shutil
from contextlib import contextmanager

import pytest
from playwright.sync_api import sync_playwright

from tests.builders import ensure_home_page

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; the tests still
# touch the database synchronously, which Django allows when told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


# Every page of every context reports what the enforced Content-Security-Policy
# blocked; the test that caused it fails at teardown with the list. Init
# scripts and bindings come in through the DevTools protocol, which the policy
# does not govern, so watching never trips it.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
});
"""


class CspViolations:
    def __init__(self):
        self.seen: list[str] = []

    def watch(self, context):
        context.add_init_script(_CSP_LISTENER)
        context.expose_binding(
            "__cspViolation",
            lambda source, text: self.seen.append(f"{source['page'].url}: {text}"),
        )
        context.on("console", self._console)
        return context

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.seen.append(f"{message.location.get('url', '')}: {message.text}")

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


_csp = CspViolations()


class _WatchedBrowser:
    """The browser, whose every new context is watched for CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **options):
        return _csp.watch(self._browser.new_context(**options))

    def new_page(self, **options):
        page = self.new_context(**options).new_page()
        return page


@pytest.fixture
def csp_violations():
    """What the policy blocked so far in this test (`take()` empties it)."""
    return _csp


@pytest.fixture(autouse=True)
def _csp_stays_clean():
    _csp.take()
    yield
    if violations := sorted(set(_csp.take())):
        pytest.fail(
            "The Content-Security-Policy blocked something:\n  "
            + "\n  ".join(violations),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install -y chromium")
        pytest.skip(f"No Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield _WatchedBrowser(browser)
        browser.close()


@contextmanager
def fresh_context(browser, **viewport):
    """A browser context of its own: no cookies from other tests."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized context: the member's side, and the host at the door."""
    with fresh_context(browser, width=390, height=844) as context:
        yield context


@pytest.fixture
def desktop(browser):
    """The admin is for a laptop; the door is for the `phone`."""
    with fresh_context(browser, width=1280, height=900) as context:
        yield context


@pytest.fixture(autouse=True)
def _home_page(live_server):
    """A live server sees only committed rows, and a transactional test that
    ran earlier may have emptied every table, the migrations' home page too."""
    ensure_home_page()
