"""Privacy in Chromium: the privacy statement from the footer, the profile's "your data" links,
and deleting an account through allauth's confirm-it's-you step. axe-core checks each page in
Dutch and in English. Elements are found by address and attributes, not by translated text."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_journey import check_page, expect_language
from tests.browser.test_sessions import log_in_as

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord"


def test_a_person_reads_the_privacy_statement_and_deletes_their_account(
    page, live_server, transactional_db, assert_accessible, clear_rate_limits
):
    from accounts.models import User
    from ideas.models import Idea
    from tests.factories import UserFactory
    from tests.ideas.factories import IdeaFactory

    person = UserFactory(email="weg@example.org", name="Wil Weg")
    person.set_password(PASSWORD)
    person.save()
    idea = IdeaFactory(author=person, show_name=True, title="Een idee dat blijft")

    # The privacy statement, from the footer of the home page.
    page.goto(live_server.url + "/")
    page.locator(f'footer a[href="{reverse("privacy")}"]').click()
    expect(page).to_have_url(live_server.url + reverse("privacy"))
    expect(page.locator("main h2")).to_have_count(4)
    check_page(page, assert_accessible)

    # The profile offers the download and the delete page.
    log_in_as(page, live_server, person)
    page.goto(live_server.url + reverse("accounts:profile"))
    expect(page.locator(f'main a[href="{reverse("accounts:my_data")}"][download]')).to_be_visible()
    page.locator(f'main a[href="{reverse("accounts:delete")}"]').click()
    expect(page).to_have_url(live_server.url + reverse("accounts:delete"))
    check_page(page, assert_accessible)

    # A wrong address: an error, the account stays and what was typed is still there.
    form = page.locator('main form:has(input[name="email"])')
    form.locator("input[name=email]").fill("iemand@example.org")
    form.locator("button[type=submit]").click()
    expect(page.locator("main input[name=email]")).to_have_value("iemand@example.org")
    expect(page.locator("main input[name=email]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert User.objects.filter(pk=person.pk).exists()

    # The right address, then allauth asks for the password; the delete then goes through.
    page.locator("main input[name=email]").fill("weg@example.org")
    page.locator("main form:has(input[name=email]) button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('account_reauthenticate')}?next=%2Faccounts%2Fdelete%2F")
    check_page(page, assert_accessible)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form:has(input[name=password]) button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + "/")
    expect_language(page, "nl")
    expect(page.locator("main .message--success")).to_be_visible()
    expect(page.locator(f'header a[href="{reverse("account_login")}"]')).to_be_visible()
    assert not User.objects.filter(pk=person.pk).exists()

    # The contribution stays, by a former participant, without the name.
    page.goto(live_server.url + idea.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Een idee dat blijft")
    expect(page.locator("main")).not_to_contain_text("Wil Weg")
    assert Idea.objects.get(pk=idea.pk).by_former_participant
