"""Co-creation sessions in Chromium: a person registers and the session is full, a second person
joins the waitlist, the first cancels through the link in the email without logging in, and the
second is promoted and emailed. axe-core checks every page on the way, in Dutch and in English;
the staff's attendance list is checked on a phone-sized screen.

Elements are found by role, CSS and attributes rather than by translated text, as in test_journey.
"""

import re
import time

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_journey import check_page, expect_language

pytestmark = pytest.mark.browser


def log_in_as(page, live_server, user):
    """Sign the browser in as user: a session made by Django's test client, handed to Chromium."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip


def mail_to(address: str, sent_before: int, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while True:
        messages = [m for m in mail.outbox[sent_before:] if address in m.to]
        if messages:
            return messages[-1]
        if time.monotonic() > deadline:
            pytest.fail(f"no email to {address}; outbox: {[(m.to, m.subject) for m in mail.outbox]}")
        time.sleep(0.05)


def fits_320(page):
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at a 320px screen"
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.fixture
def full_soon(transactional_db, current_plan):
    """A session with one seat, two weeks from now."""
    from tests.sessions.factories import SessionFactory

    return SessionFactory(
        plan=current_plan, slug="meedenksessie-browsertest", title="Meedenksessie browsertest", capacity=1
    )


def test_register_fill_up_waitlist_cancel_by_email_link_and_promotion(page, live_server, full_soon, assert_accessible):
    from sessions.models import Registration
    from tests.factories import UserFactory

    first = UserFactory(email="eerste@example.org", name="Eerste Deelnemer")
    second = UserFactory(email="tweede@example.org", name="Tweede Deelnemer")
    session_path = full_soon.get_absolute_url()
    register_button = f'main form[action="{reverse("sessions:register", args=[full_soon.slug])}"] button[type=submit]'

    # The first person finds the session in the list and registers, with an accessibility need.
    log_in_as(page, live_server, first)
    page.goto(live_server.url + reverse("sessions:list"))
    expect_language(page, "nl")
    check_page(page, assert_accessible)
    page.locator(f'main a[href="{session_path}"]').first.click()
    expect(page).to_have_url(live_server.url + session_path)
    check_page(page, assert_accessible)
    fits_320(page)
    sent = len(mail.outbox)
    page.locator("main textarea[name=accessibility_needs]").fill("Een ringleiding graag")
    page.locator(register_button).click()
    expect(page).to_have_url(live_server.url + session_path)
    expect(page.locator("main .messages .message--success")).to_be_visible()
    # Cancelling asks first: the button opens the question with a second button (no JavaScript).
    cancel_form = page.locator(f'main form[action="{reverse("sessions:cancel", args=[full_soon.slug])}"]')
    expect(cancel_form).to_be_hidden()
    page.locator("main details.confirm > summary").click()
    expect(cancel_form.locator("button[type=submit]")).to_be_visible()
    check_page(page, assert_accessible)
    confirmation = mail_to(first.email, sent)
    assert confirmation.attachments and confirmation.attachments[0][0].endswith(".ics")
    cancel_path = re.search(r"/sessions/cancel/[^/\s]+/", confirmation.body).group(0)

    # The session is full now: the second person joins the waitlist and sees their place.
    log_in_as(page, live_server, second)
    page.goto(live_server.url + session_path)
    page.locator("main input[name=organisation_kind][value=civil_society]").check()
    page.locator(register_button).click()
    # Bad input stays on the page with an error summary and the field's error, the choice kept.
    expect(page.locator("main .error-summary[role=alert]")).to_be_visible()
    expect(page.locator("main input[name=organisation_name]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main input[name=organisation_kind][value=civil_society]")).to_be_checked()
    assert_accessible(page, where="registration form with an error")
    page.locator("main input[name=organisation_name]").fill("Open State Foundation")
    page.locator(register_button).click()
    expect(page).to_have_url(live_server.url + session_path)
    expect(page.locator("main .messages")).to_contain_text("1")
    assert Registration.objects.get(person=second).status == Registration.Status.WAITLISTED
    check_page(page, assert_accessible)

    # The first person cancels with the link from the email, not logged in.
    page.context.clear_cookies()
    page.goto(live_server.url + cancel_path)
    check_page(page, assert_accessible)
    sent = len(mail.outbox)
    page.locator(f'main form[action="{cancel_path}"] button[type=submit]').click()
    expect(page.locator("main .message--success")).to_be_visible()
    check_page(page, assert_accessible)
    assert Registration.objects.get(person=first).status == Registration.Status.CANCELLED

    # The second person has the seat and is told by email, with the calendar file.
    promoted = mail_to(second.email, sent)
    assert promoted.attachments and full_soon.title in promoted.subject
    assert Registration.objects.get(person=second).status == Registration.Status.CONFIRMED
    log_in_as(page, live_server, second)
    page.goto(live_server.url + session_path)
    expect(page.locator("main details.confirm > summary")).to_be_visible()
    expect(page.locator("main .message--success")).to_be_visible()

    # A tampered link: a clear page, nothing changed.
    page.context.clear_cookies()
    response = page.goto(live_server.url + cancel_path[:-5] + "xxxx/")
    assert response.status == 400
    expect(page.locator("main h1")).not_to_have_text("")
    check_page(page, assert_accessible)


def test_staff_check_people_in_on_a_phone(page, live_server, full_soon, assert_accessible, totp):
    from tests.factories import UserFactory
    from tests.sessions.factories import RegistrationFactory

    registration = RegistrationFactory(session=full_soon, person__name="Fatima Yilmaz", arrival=1)
    log_in_as(page, live_server, totp(UserFactory(role="moderator")))
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + reverse("sessions:staff_attendance", args=[full_soon.slug]))
    check_page(page, assert_accessible)
    fits_320(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.locator(f"#registration-{registration.pk} button[name=present][value='1']").click()
    expect(page.locator(f"#registration-{registration.pk} button[name=present][value='0']")).to_be_visible()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert_accessible(page, where="attendance list after a check-in")
    page.goto(live_server.url + reverse("sessions:staff_dashboard"))
    check_page(page, assert_accessible)


def fits(page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at a {width}px screen"
    overflowing = page.evaluate(
        "() => [...document.querySelectorAll('.table-wrapper')].filter(w => w.scrollWidth > w.clientWidth).length"
    )
    assert overflowing == 0, f"a table on {page.url} scrolls sideways at {width}px"


def in_view(page, locator):
    """The element is visible and lies within the screen's width (not scrolled away)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


def test_staff_tables_fit_desktop_and_phone_and_staff_move_people(
    page, live_server, full_soon, assert_accessible, totp
):
    from sessions.models import Registration
    from tests.factories import UserFactory
    from tests.sessions.factories import RegistrationFactory

    seated = RegistrationFactory(session=full_soon, person__name="Fatima Yilmaz", arrival=1)
    waiting = RegistrationFactory(session=full_soon, person__name="Joost de Vries", arrival=2, status="waitlisted")
    log_in_as(page, live_server, totp(UserFactory(role="process_owner")))
    edit = f'main a[href="{reverse("sessions:staff_edit", args=[full_soon.slug])}"]'
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("sessions:staff_dashboard"))
        fits(page, width)
        in_view(page, page.locator(edit))
        check_page(page, assert_accessible)
        page.goto(live_server.url + reverse("sessions:staff_participants", args=[full_soon.slug]))
        fits(page, width)
        in_view(page, page.locator(f"#registration-{seated.pk} button[value=waitlist]"))
        in_view(page, page.locator(f"#registration-{waiting.pk} button[value=confirm]"))
        assert_accessible(page, where=f"participants at {width}px")

    # On the phone: move the confirmed person to the waitlist; the seat goes to the one waiting.
    sent = len(mail.outbox)
    page.locator(f"#registration-{seated.pk} button[value=waitlist]").click()
    expect(page.locator("main .messages .message--success")).to_be_visible()
    assert Registration.objects.get(pk=seated.pk).status == Registration.Status.WAITLISTED
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
    mail_to(seated.person.email, sent)
    mail_to(waiting.person.email, sent)
    # Giving the seat back while the session is full is refused with a message.
    page.locator(f"#registration-{seated.pk} button[value=confirm]").click()
    expect(page.locator("main .messages .message--error")).to_be_visible()
    # Cancelling on someone's behalf asks first, then tells them.
    row = page.locator(f"#registration-{waiting.pk}")
    row.locator("details.confirm > summary").click()
    sent = len(mail.outbox)
    row.locator("button[value=cancel]").click()
    expect(page.locator("main .messages .message--success")).to_be_visible()
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CANCELLED
    mail_to(waiting.person.email, sent)
    assert Registration.objects.get(pk=seated.pk).status == Registration.Status.CONFIRMED  # promoted again
