"""A newcomer's journey through the site in Chromium: language switch, sign-up with an emailed
code, log out, log in again with a login code; a wrong code; the 404 page. axe-core checks every
page on the way, in Dutch and in English.

Elements are found by role, CSS and attributes, not by their (translated) text, so these tests hold
whether or not the Dutch translations are compiled; the language is asserted with ``html[lang]``.
"""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OTHER_LANGUAGE = {"nl": "en", "en": "nl"}
# allauth's codes stand on a line of their own, e.g. "7KQX-M2PA" (letters and digits, dashed).
CODE_RE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})+|[A-Z0-9]{6,})\s*$", re.MULTILINE)
PROFILE_LINK_TEXT = re.compile(r"^\s*(My profile|Mijn profiel)\s*$")

LOGOUT_BUTTON = "header form[action*=logout] button"


def url(live_server, name: str) -> str:
    return live_server.url + reverse(name)


def expect_language(page, language: str):
    expect(page.locator("html")).to_have_attribute("lang", language)


def switch_language(page, language: str):
    """Press the language button in the header; the same page comes back in the other language."""
    before = page.url
    page.locator(f"header button[name=language][value={language}]").click()
    expect_language(page, language)
    expect(page).to_have_url(before)


def check_page(page, assert_accessible):
    """axe-core on the page in its current language, then in the other one, and back again."""
    language = page.locator("html").get_attribute("lang")
    assert language in OTHER_LANGUAGE, f"html[lang] is {language!r} on {page.url}"
    assert_accessible(page)
    switch_language(page, OTHER_LANGUAGE[language])
    assert_accessible(page)
    switch_language(page, language)


def code_from_mail(address: str, sent_before: int, timeout: float = 5.0) -> str:
    """The code in the newest email to address sent after the first ``sent_before`` messages."""
    deadline = time.monotonic() + timeout
    while True:
        messages = [m for m in mail.outbox[sent_before:] if address in m.to]
        if messages:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"no email to {address}; outbox: {[(m.to, m.subject) for m in mail.outbox]}")
        time.sleep(0.05)
    body = messages[-1].body
    match = CODE_RE.search(body)
    assert match, f"no code in the email to {address}:\n{body}"
    return match.group(1)


def submit_code(page, code: str):
    form = page.locator("main form:has(input[name=code])")
    form.locator("input[name=code]").fill(code)
    # The confirm button; "request new code" and "cancel" belong to other forms (form="…").
    form.locator("button[type=submit]:not([form])").click()


def expect_logged_in(page, live_server):
    expect(page.locator(LOGOUT_BUTTON)).to_be_visible()
    profile = page.locator(f'header a[href="{reverse("accounts:profile")}"]')
    expect(profile).to_be_visible()
    expect(profile).to_have_text(PROFILE_LINK_TEXT)


def expect_logged_out(page):
    expect(page.locator(LOGOUT_BUTTON)).to_have_count(0)
    expect(page.locator(f'header a[href="{reverse("account_login")}"]')).to_be_visible()


def request_login_code(page, live_server, assert_accessible, email: str):
    """From the login page, ask for a login code for email; ends on the confirm-code page."""
    page.goto(url(live_server, "account_login"))
    expect_language(page, "nl")
    check_page(page, assert_accessible)
    page.locator(f'main a[href="{reverse("account_request_login_code")}"]').click()
    expect(page).to_have_url(url(live_server, "account_request_login_code"))
    check_page(page, assert_accessible)
    form = page.locator(f'main form[action="{reverse("account_request_login_code")}"]')
    form.locator("input[name=email]").fill(email)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(url(live_server, "account_confirm_login_code"))
    expect(page.locator("main input[name=code]")).to_be_visible()


def test_newcomer_signs_up_logs_out_and_logs_in_with_a_code(
    page, live_server, transactional_db, current_plan, assert_accessible, clear_rate_limits
):
    email = "nieuwkomer@example.org"

    # The home page: Dutch first, even for an English-speaking browser, and it shows the plan.
    page.goto(live_server.url + "/")
    expect_language(page, "nl")
    expect(page.locator("main")).to_contain_text(current_plan.title_nl)
    expect(page.locator(f'main a[href="{current_plan.get_absolute_url()}"]').first).to_be_visible()
    # The stylesheet is served and applied, so axe checks contrast against the real colours.
    assert page.evaluate(
        "() => [...document.styleSheets].some(s => (s.href || '').includes('/css/site.css') && s.cssRules.length)"
    ), "static/css/site.css did not load"
    assert_accessible(page)

    # The language switch in the header: English, then back to Dutch.
    switch_language(page, "en")
    expect(page.locator("main")).to_contain_text(current_plan.title_en)
    expect(page.locator("header button[name=language][value=nl]")).to_have_attribute("lang", "nl")
    assert_accessible(page)
    switch_language(page, "nl")
    expect(page.locator("main")).to_contain_text(current_plan.title_nl)
    expect(page.locator("header button[name=language][value=en]")).to_have_attribute("lang", "en")

    # Sign up with only an email address.
    page.locator(f'header a[href="{reverse("account_signup")}"]').click()
    expect(page).to_have_url(url(live_server, "account_signup"))
    check_page(page, assert_accessible)
    sent = len(mail.outbox)
    form = page.locator(f'main form[action="{reverse("account_signup")}"]')
    form.locator("input[name=email]").fill(email)
    form.locator("button[type=submit]").click()

    # allauth emails a verification code and asks for it.
    expect(page).to_have_url(url(live_server, "account_email_verification_sent"))
    expect(page.locator("main input[name=code]")).to_be_visible()
    check_page(page, assert_accessible)
    submit_code(page, code_from_mail(email, sent))

    # Confirmed and logged in; the account remembers the language it was made in.
    expect_logged_in(page, live_server)
    expect_language(page, "nl")
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.select_related("user").get(email=email)
    assert address.verified and address.primary
    assert address.user.language == "nl"
    check_page(page, assert_accessible)
    page.locator(f'header a[href="{reverse("accounts:profile")}"]').click()
    expect(page).to_have_url(url(live_server, "accounts:profile"))
    expect(page.locator("main")).to_contain_text(email)
    check_page(page, assert_accessible)

    # Log out with the header's button (and allauth's confirmation page, should it show one).
    with page.expect_navigation():
        page.locator(LOGOUT_BUTTON).click()
    if page.url.startswith(url(live_server, "account_logout")):
        check_page(page, assert_accessible)
        page.locator(f'main form[action="{reverse("account_logout")}"] button[type=submit]').click()
    expect_logged_out(page)
    check_page(page, assert_accessible)

    # Log in again: login page → "Send me a login code" → email → code from the email.
    clear_rate_limits()
    sent = len(mail.outbox)
    request_login_code(page, live_server, assert_accessible, email)
    check_page(page, assert_accessible)
    submit_code(page, code_from_mail(email, sent))
    expect_logged_in(page, live_server)
    expect_language(page, "nl")
    assert_accessible(page)


def wrong_code_for(code: str) -> str:
    return "".join("B" if c == "A" else "A" if c.isalnum() else c for c in code)


def submit_wrong_code_and_expect_error(page, live_server, assert_accessible, wrong_code: str, language: str):
    """A wrong code keeps the confirm page, with an error summary and the error at the field itself."""
    submit_code(page, wrong_code)
    expect(page).to_have_url(url(live_server, "account_confirm_login_code"))
    expect_language(page, language)
    expect_logged_out(page)
    summary = page.locator("main .error-summary[role=alert]")
    expect(summary).to_be_visible()
    expect(summary.locator("li")).to_have_count(1)
    expect(summary.locator("li")).not_to_have_text("")
    code_input = page.locator("main input[name=code]")
    expect(code_input).to_have_attribute("aria-invalid", "true")
    error_id = code_input.get_attribute("aria-describedby").split()[-1]
    field_error = page.locator(f"#{error_id}")
    expect(field_error).to_be_visible()
    expect(field_error).not_to_have_text("")
    assert_accessible(page, where=f"confirm login code after a wrong code ({language})")


def test_wrong_login_code_shows_an_error_and_offers_a_new_code(
    page, live_server, transactional_db, assert_accessible, clear_rate_limits
):
    from tests.factories import UserFactory

    user = UserFactory(email="deelnemer@example.org")
    sent = len(mail.outbox)
    request_login_code(page, live_server, assert_accessible, user.email)
    wrong_code = wrong_code_for(code_from_mail(user.email, sent))

    # A wrong code, in Dutch and in English: a clear error, and a way back to the login options.
    submit_wrong_code_and_expect_error(page, live_server, assert_accessible, wrong_code, "nl")
    expect(page.locator("main button[form=logout-from-stage]")).to_be_visible()
    switch_language(page, "en")
    submit_wrong_code_and_expect_error(page, live_server, assert_accessible, wrong_code, "en")
    switch_language(page, "nl")

    # The last attempt: allauth drops the code and offers to request a new one, saying why.
    submit_code(page, wrong_code)
    expect(page).to_have_url(url(live_server, "account_request_login_code"))
    expect(page.locator("main .messages .message--error")).to_be_visible()
    expect(page.locator("main .messages .message--error")).not_to_have_text("")
    assert_accessible(page, where="request login code after too many wrong codes")

    # Asking again sends a new code, and that one works.
    clear_rate_limits()
    sent = len(mail.outbox)
    form = page.locator(f'main form[action="{reverse("account_request_login_code")}"]')
    form.locator("input[name=email]").fill(user.email)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(url(live_server, "account_confirm_login_code"))
    submit_code(page, code_from_mail(user.email, sent))
    expect_logged_in(page, live_server)


def test_request_new_code_button_sends_a_new_code(
    page, live_server, transactional_db, settings, assert_accessible, clear_rate_limits
):
    """allauth's "Request new code" button on the confirm-login-code page, rendered by our button
    element (form="resend"). It only shows with ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND, which
    config/settings/base.py does not set yet, so this test switches it on for itself."""
    from tests.factories import UserFactory

    settings.ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
    user = UserFactory(email="opnieuw@example.org")
    sent = len(mail.outbox)
    request_login_code(page, live_server, assert_accessible, user.email)
    first_code = code_from_mail(user.email, sent)
    submit_wrong_code_and_expect_error(page, live_server, assert_accessible, wrong_code_for(first_code), "nl")

    resend = page.locator("main button[form=resend]")
    expect(resend).to_be_visible()
    sent = len(mail.outbox)
    resend.click()
    expect(page).to_have_url(url(live_server, "account_confirm_login_code"))
    new_code = code_from_mail(user.email, sent)
    expect(page.locator("main .messages")).to_be_visible()
    check_page(page, assert_accessible)
    submit_code(page, new_code)
    expect_logged_in(page, live_server)


def test_axe_helper_reports_serious_violations(page, assert_accessible):
    """The helper must fail on real problems, or every check above would pass vacuously."""
    page.set_content('<html><body><main><img src="x.png"><input type="text"></main></body></html>')
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page, where="a page with known problems")
    assert "image-alt" in str(failure.value)
    assert "label" in str(failure.value)


def test_unknown_address_shows_a_friendly_dutch_404(page, live_server, transactional_db, assert_accessible):
    response = page.goto(live_server.url + "/deze-pagina-bestaat-niet/")
    assert response.status == 404
    expect_language(page, "nl")
    # The site's own page: header with language switch and menu, a heading, a way home.
    expect(page.locator("header nav")).to_be_visible()
    expect(page.locator("header button[name=language][value=en]")).to_be_visible()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main h1")).not_to_have_text("")
    expect(page.locator('main a[href="/"]')).to_be_visible()
    assert "Not Found" not in page.title()
    check_page(page, assert_accessible)
