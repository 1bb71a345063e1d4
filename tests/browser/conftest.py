"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, axe-core for accessibility.

Playwright's sync API runs an event loop in the test thread, so Django refuses database access
from the test code unless DJANGO_ALLOW_ASYNC_UNSAFE is set; the live server runs in its own thread.
"""

import datetime
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import CHROMIUM, REQUIRE_SERVICES

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# axe-core impacts that fail a test; "moderate" and "minor" are left to review.
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The browser is launched by a session fixture, before the per-test `browser` marker check in
    # tests/conftest.py runs, so the same skip-or-fail rule is applied here too.
    if not shutil.which(CHROMIUM):
        reason = f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but the browser tests {reason}")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English-speaking browser: the platform must still start in Dutch (DutchFirstLocaleMiddleware).
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """``assert_accessible(page)``: run axe-core on the page and fail on serious or critical violations."""

    def check(page, where: str = ""):
        results = axe.run(page)
        violations = [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]
        if not violations:
            return
        lang = page.locator("html").get_attribute("lang")
        lines = [f"axe-core: {len(violations)} serious/critical violation(s) on {where or page.url} (lang={lang}):"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                lines.append(f"    {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
        pytest.fail("\n".join(lines), pytrace=False)

    return check


# Runs in every page before its own scripts: records each violation of the Content-Security-Policy
# in window.__cspViolations, and reports it to the test at once (the list goes with the page).
CSP_LISTENER = """
(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    const violation = {
      page: document.location.href, directive: event.effectiveDirective,
      blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber, sample: event.sample,
    };
    window.__cspViolations.push(violation);
    if (window.__reportCspViolation) window.__reportCspViolation(violation);
  });
})();
"""


def _describe(violation: dict) -> str:
    if "console" in violation:
        return f"{violation['page']}: {violation['console']}"
    where = f" in {violation['source']}:{violation['line']}" if violation.get("source") else ""
    sample = f" ({violation['sample']!r})" if violation.get("sample") else ""
    return f"{violation['page']}: {violation['directive']} refused {violation['blocked'] or 'inline'}{where}{sample}"


@pytest.fixture(autouse=True)
def csp_violations(request):
    """Fail every browser test on which the Content-Security-Policy refused anything, on any page.

    Violations come from a ``securitypolicyviolation`` listener in every page and from the
    browser's console ("Refused to … because it violates the following Content Security Policy
    directive"). The list is yielded, so a test that provokes a violation on purpose can look at
    it and empty it.
    """
    violations: list[dict] = []
    if "page" not in request.fixturenames and "context" not in request.fixturenames:
        yield violations  # no browser, or a context of the test's own
        return
    reported: list[dict] = []  # everything ever reported, also what the test cleared from `violations`

    def report(source, violation):
        reported.append(violation)
        violations.append(violation)

    context = request.getfixturevalue("context")
    context.expose_binding("__reportCspViolation", report)
    context.add_init_script(CSP_LISTENER)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append({"page": message.page.url if message.page else "?", "console": message.text})

    context.on("console", on_console)
    yield violations
    # What the open pages recorded but had no chance to report yet.
    for page in context.pages:
        try:
            recorded = page.evaluate("() => window.__cspViolations || []")
        except PlaywrightError:
            continue
        violations.extend(v for v in recorded if v not in reported)
    if violations:
        lines = [_describe(v) for v in violations]
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(lines)), pytrace=False)


@pytest.fixture
def clear_rate_limits():
    """allauth keeps its rate limits in the cache; tests that request several codes clear it."""
    cache.clear()
    yield cache.clear
    cache.clear()


@pytest.fixture
def current_plan(transactional_db):
    """A public action plan whose timeline runs around today: one phase done, one open, one to come."""
    from core import clock
    from plans.models import Phase
    from tests.factories import ActionPlanFactory, EventFactory, PhaseFactory

    today = clock.today()
    day = datetime.timedelta(days=1)
    plan = ActionPlanFactory(
        number=99,
        title_nl="Browsertest Actieplan Open Overheid",
        title_en="Browser test Open Government Action Plan",
        term_start=today + 90 * day,
        term_end=today + 4 * 365 * day,
    )
    PhaseFactory(plan=plan, kind=Phase.Kind.EXPLORATION, starts_on=today - 60 * day, ends_on=today - 31 * day)
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=today - 30 * day, ends_on=today + 30 * day)
    PhaseFactory(plan=plan, kind=Phase.Kind.SESSIONS, starts_on=today + 31 * day, ends_on=today + 60 * day)
    EventFactory(
        plan=plan, starts_at=datetime.datetime.combine(today + 14 * day, datetime.time(14), tzinfo=datetime.UTC)
    )
    return plan
