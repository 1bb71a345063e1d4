"""In Chromium, under the enforced Content-Security-Policy: staff set up their second factor before
anything else (the QR code must show), the Django admin works, and the violation check itself
catches what it should. The ``csp_violations`` fixture (conftest.py) fails any test with a violation.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import ActionPlanFactory, UserFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.browser


def test_the_violation_check_catches_inline_style_and_script(page, live_server, transactional_db, csp_violations):
    """The check must fail on real violations, or every browser test would pass it vacuously."""
    response = page.goto(live_server.url + reverse("home"))
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        """() => {
            document.body.insertAdjacentHTML("beforeend", '<p style="color: red">inline style</p>');
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    assert page.evaluate("() => window.inlineRan") is None  # the inline script did not run
    # Round trips to the browser, until the reports have reached the test.
    for _ in range(50):
        if sum("console" in v for v in csp_violations) >= 2 and sum("directive" in v for v in csp_violations) >= 2:
            break
        page.wait_for_timeout(50)
    directives = {v.get("directive") for v in csp_violations}
    assert {"style-src-attr", "script-src-elem"} <= directives  # from the listener in the page
    assert any("Content Security Policy" in v.get("console", "") for v in csp_violations)  # from the console
    csp_violations.clear()  # provoked on purpose: do not fail this test for them


def test_staff_set_up_their_second_factor_first_and_the_qr_code_shows(
    page, live_server, transactional_db, clear_rate_limits, assert_accessible, settings
):
    settings.STAFF_REQUIRE_MFA = True
    moderator = UserFactory(role="moderator")
    moderator.set_password("een-goed-wachtwoord")
    moderator.save()
    page.goto(live_server.url + reverse("account_login"))
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=login]").fill(moderator.email)
    form.locator("input[name=password]").fill("een-goed-wachtwoord")
    form.locator("button[type=submit]").click()
    # After the login, the first page is the setup of the second factor, not the home page; allauth
    # asks for the password once more before it shows the secret.
    expect(page.locator("main .message--warning")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(live_server.url + reverse("account_reauthenticate"))))
    assert_accessible(page)
    page.locator("main input[name=password]").fill("een-goed-wachtwoord")
    page.locator("main form:has(input[name=password]) button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("mfa_activate_totp"))
    qr_code = page.locator('main img[src^="data:image/svg+xml"]')
    expect(qr_code).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr_code.element_handle())
    assert_accessible(page)
    # A public page sends them back to the setup.
    page.goto(live_server.url + reverse("ideas:list"))
    expect(page).to_have_url(live_server.url + reverse("mfa_activate_totp"))
    secret = page.locator("input#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    page.locator("main input[name=code]").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(live_server.url + reverse("mfa_activate_totp"))
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    # With the second factor, every page is open.
    page.goto(live_server.url + reverse("staff:dashboard"))
    expect(page).to_have_url(live_server.url + reverse("staff:dashboard"))
    expect(page.locator("main h1")).to_be_visible()


def test_the_django_admin_works_under_the_policy(page, live_server, transactional_db, totp):
    plan = ActionPlanFactory()
    IdeaFactory(plan=plan)
    admin = totp(UserFactory(is_superuser=True))
    client = Client()
    client.force_login(admin)
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    for name in ("admin:index", "admin:ideas_idea_changelist", "admin:accounts_user_changelist"):
        page.goto(live_server.url + reverse(name))
        expect(page.locator("#content h1")).to_be_visible()
    # The admin's own scripts run: the two-list selector and the calendar are built by JavaScript.
    page.goto(live_server.url + reverse("admin:plans_actionplan_change", args=[plan.pk]))
    expect(page.locator(".selector-available")).to_be_visible()
    page.locator(".datetimeshortcuts a").first.click()  # "Today"
    page.goto(live_server.url + reverse("admin:accounts_user_change", args=[admin.pk]))
    expect(page.locator("#content h1")).to_be_visible()
