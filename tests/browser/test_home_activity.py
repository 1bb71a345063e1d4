"""The home page's cards lead to the action, and "my activity" cancels a registration after
asking, in Chromium with axe-core on every page (both languages)."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_journey import check_page
from tests.browser.test_sessions import log_in_as

pytestmark = pytest.mark.browser


def test_the_home_card_leads_to_sending_a_contribution(page, live_server, current_plan, assert_accessible):
    page.goto(live_server.url + reverse("home"))
    check_page(page, assert_accessible)
    page.locator(f'main .home-card a.button[href="{reverse("ideas:create")}"]').click()
    # Not signed in yet: the login page first, which then goes on to the form.
    expect(page).to_have_url(live_server.url + reverse("account_login") + "?next=" + reverse("ideas:create"))


def test_my_activity_cancels_a_registration_after_asking(page, live_server, current_plan, assert_accessible):
    from sessions.models import Registration
    from tests.factories import UserFactory
    from tests.sessions.factories import RegistrationFactory, SessionFactory, in_days

    person = UserFactory()
    session = SessionFactory(plan=current_plan, title="Mijn meedenksessie", starts_at=in_days(10),
                             ends_at=in_days(10) + datetime.timedelta(hours=2))  # fmt: skip
    registration = RegistrationFactory(session=session, person=person)
    log_in_as(page, live_server, person)
    page.goto(live_server.url + reverse("home"))
    page.locator(f'nav a[href="{reverse("accounts:activity")}"]').click()
    expect(page.locator("main")).to_contain_text("Mijn meedenksessie")
    check_page(page, assert_accessible)
    page.locator(f'main a[href^="{reverse("sessions:cancel", args=[session.slug])}"]').click()
    check_page(page, assert_accessible)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("accounts:activity"))
    expect(page.locator("main .messages")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
