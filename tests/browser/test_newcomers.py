"""What newcomers ran into, as a person sees it in Chromium, at 375 and 1280 px, in Dutch and in
English, with axe-core and the Content-Security-Policy check on every page:

- a participant's journey (both widths x both languages): the home page's cards and "coming up"
  (8), "my activity" with its cancel question (9), the commitments overview and the new-commitment
  form with the only plan and organisation chosen (9), the contributions list with its filters
  folded on a phone (10) and the names of themes, plans and building blocks in the page's language
  (4), the sessions list and each session's page agreeing on sign-up (3), and a late reminder's
  email that says the real days left (2);
- the staff's part (both widths, English only: the staff pages are heavy, and English is where
  Dutch text would leak): a pending contribution's page with publish, reject and its reports, and
  a duplicate marking refused (1); the sessions table and the participants fit the screen with
  their actions, a participant is moved and a cancellation asks first (12).

Elements are found by CSS, attributes and URLs; the language by ``html[lang]`` and the factories'
own Dutch and English names.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_journey import expect_language
from tests.browser.test_sessions import fits, in_view, log_in_as

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (375, 800), "desktop": (1280, 900)}
DAY = datetime.timedelta(days=1)


def set_language(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def see(page, live_server, path, language, assert_accessible):
    """Open the page: in the language asked, no sideways scrolling, no axe violations."""
    page.goto(live_server.url + path)
    expect_language(page, language)
    width = page.viewport_size["width"]
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at a {width}px screen"
    assert_accessible(page, where=f"{page.url} at {width}px")


def names(language, nl, en):
    """(what must show, what must not) for a name with a Dutch and an English version."""
    return (nl, en) if language == "nl" else (en, nl)


@pytest.fixture
def newcomer(transactional_db, current_plan):
    from core import clock
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import ForumMemberFactory, MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory
    from tests.ideas.factories import BuildingBlockFactory, IdeaFactory
    from tests.sessions.factories import RegistrationFactory, SessionFactory, in_days

    theme = ThemeFactory(slug="lobby", name_nl="Lobbytransparantie", name_en="Lobbying transparency")
    block = BuildingBlockFactory(plan=current_plan, title_nl="Bouwsteen open agenda's", title_en="Block open diaries")
    org = OrganisationFactory(name="Gemeente Utrecht", kind="co_government")
    person = UserFactory(name="Nina Nieuw", email="nina@example.org")
    MembershipFactory(user=person, organisation=org)
    ForumMemberFactory(plan=current_plan, user=person, since=clock.today() - 30 * DAY)  # for "my reviews"
    commitment = CommitmentFactory(plan=current_plan, lead_organisation=org)
    IdeaFactory(plan=current_plan, author=person, title="Mijn idee over lobby", themes=[theme])
    IdeaFactory(plan=current_plan, title="Een ander idee", themes=[theme], building_block=block)
    open_ = SessionFactory(plan=current_plan, title="Sessie met plaatsen", capacity=10)
    full = SessionFactory(plan=current_plan, title="Volle sessie", capacity=1)
    closed = SessionFactory(
        plan=current_plan, title="Gesloten sessie", starts_at=in_days(1, 13), ends_at=in_days(1, 16),
        registration_deadline=in_days(-1, 13),
    )  # fmt: skip
    RegistrationFactory(session=full)
    registration = RegistrationFactory(session=open_, person=person)
    return {
        "plan": current_plan, "theme": theme, "block": block, "org": org, "person": person,
        "commitment": commitment, "sessions": {"open": open_, "full": full, "closed": closed},
        "registration": registration,
    }  # fmt: skip


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_newcomers_journey(page, live_server, newcomer, viewport, language, assert_accessible):
    from notifications.models import Message
    from sessions.timeline import remind_session_participants

    width, height = VIEWPORTS[viewport]
    phone = width < 600
    page.set_viewport_size({"width": width, "height": height})
    person, plan, sessions = newcomer["person"], newcomer["plan"], newcomer["sessions"]
    person.language = language
    person.save(update_fields=["language"])
    log_in_as(page, live_server, person)
    set_language(page, live_server, language)

    # 8. Home: the cards lead to the action; "coming up" lists the sessions open for sign-up.
    see(page, live_server, reverse("home"), language, assert_accessible)
    in_view(page, page.locator(f'main .home-card a.button[href="{reverse("ideas:create")}"]').first)
    main = page.locator("main")
    expect(main.locator(f'.event-list a[href="{sessions["open"].get_absolute_url()}"]')).to_be_visible()
    expect(main.locator(f'.event-list a[href="{sessions["full"].get_absolute_url()}"]')).to_be_visible()
    expect(main.locator(f'.event-list a[href="{sessions["closed"].get_absolute_url()}"]')).to_have_count(0)

    # 9. "My activity" is in the menu: my contributions, sessions, commitments and reviews.
    activity = page.locator(f'header nav a[href="{reverse("accounts:activity")}"]')
    expect(activity).to_have_count(1)
    see(page, live_server, reverse("accounts:activity"), language, assert_accessible)
    for section in ("contributions", "sessions", "commitments", "reviews"):
        expect(main.locator(f"section[aria-labelledby=activity-{section}] h2")).to_be_visible()
    expect(main).to_contain_text("Mijn idee over lobby")
    expect(main).to_contain_text(sessions["open"].title)
    expect(main).to_contain_text(newcomer["commitment"].identifier)
    cancel = main.locator(f'a[href^="{reverse("sessions:cancel", args=[sessions["open"].slug])}"]')
    in_view(page, cancel)
    cancel.click()
    expect_language(page, language)
    in_view(page, page.locator("main form[method=post] button[type=submit]"))  # asks first
    assert_accessible(page, where=f"cancel confirmation at {width}px")

    # 9. /commitments/ leads to my organisation's; the new form has the only plan and organisation.
    see(page, live_server, reverse("commitments:list"), language, assert_accessible)
    in_view(page, main.locator(f'a[href="{reverse("commitments:workspace")}"]'))
    see(page, live_server, reverse("commitments:new"), language, assert_accessible)
    expect(page.locator("#id_plan")).to_have_value(str(plan.pk))
    expect(page.locator("#id_lead_organisation")).to_have_value(str(newcomer["org"].pk))
    shown, hidden = names(language, plan.title_nl, plan.title_en)
    expect(page.locator("#id_plan option:checked")).to_have_text(shown)

    # 10 and 4. The contributions: on a phone the results first, the filters behind a button; the
    # themes and plans in the page's language.
    see(page, live_server, reverse("ideas:list"), language, assert_accessible)
    fold, theme_select = main.locator("details.filters-fold"), main.locator("form[role=search] select[name=theme]")
    if phone:
        expect(theme_select).to_be_hidden()
        assert main.locator("#results").bounding_box()["y"] < fold.locator("summary").bounding_box()["y"]
        in_view(page, fold.locator("summary"))
        fold.locator("summary").click()
    in_view(page, theme_select)
    shown, hidden = names(language, newcomer["theme"].name_nl, newcomer["theme"].name_en)
    expect(theme_select.locator("option", has_text=shown)).to_have_count(1)
    expect(theme_select.locator("option", has_text=hidden)).to_have_count(0)
    plan_options = main.locator("form[role=search] select[name=plan] option")
    shown, hidden = names(language, plan.title_nl, plan.title_en)
    expect(plan_options.filter(has_text=shown)).to_have_count(1)
    expect(plan_options.filter(has_text=hidden)).to_have_count(0)
    assert_accessible(page, where=f"contributions with the filters open at {width}px")
    see(page, live_server, reverse("ideas:create"), language, assert_accessible)
    theme_label = main.locator(f'label:has(input[name=themes][value="{newcomer["theme"].pk}"])')
    shown, hidden = names(language, newcomer["theme"].name_nl, newcomer["theme"].name_en)
    expect(theme_label).to_contain_text(shown)
    see(page, live_server, reverse("ideas:building_blocks"), language, assert_accessible)
    shown, hidden = names(language, newcomer["block"].title_nl, newcomer["block"].title_en)
    expect(main).to_contain_text(shown)
    expect(main).not_to_contain_text(hidden)

    # 3. The sessions list and each session's page say the same about signing up.
    see(page, live_server, reverse("sessions:list"), language, assert_accessible)
    in_list = {}
    for key, session in sessions.items():
        card = main.locator(f'li.card:has(a[href="{session.get_absolute_url()}"])').first
        in_list[key] = card.locator(".signup-state").inner_text().strip()
    for key, session in sessions.items():
        see(page, live_server, session.get_absolute_url(), language, assert_accessible)
        assert main.locator("dd.signup-state").inner_text().strip() == in_list[key], (key, in_list)
        register = main.locator(f'form[action="{reverse("sessions:register", args=[session.slug])}"]')
        if key == "closed":
            expect(register).to_have_count(0)
        elif key == "full":
            in_view(page, register.locator("button[type=submit]"))  # join the waitlist
    assert len(set(in_list.values())) == 3, in_list  # three different states

    # 2. A reminder that goes out late (the 7-day one, 5 days before) says 5 days.
    from core import clock

    day = clock.localdate(sessions["open"].starts_at)
    remind_session_participants(today=day - 5 * DAY)
    message = Message.objects.get(kind="session-reminder", to_email=person.email)
    assert message.language == language
    # In a blank page of its own: an email has inline styles, which the site's CSP would refuse.
    email = page.context.new_page()
    email.set_viewport_size({"width": width, "height": height})
    email.set_content(message.body_html)
    expect(email.locator("body")).to_contain_text(sessions["open"].title)
    scroll = email.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"the reminder is {scroll}px wide at a {width}px screen"
    assert_accessible(email, where=f"reminder email at {width}px")
    seven = "7 dagen" if language == "nl" else "7 days"
    five = "5 dagen" if language == "nl" else "5 days"
    expect(email.locator("body")).to_contain_text(five)
    assert five in message.subject and five in message.body_text
    assert seven not in message.subject + message.body_text + message.body_html
    email.close()


@pytest.fixture
def staff_data(transactional_db, current_plan, totp):
    from ideas.models import Report
    from tests.factories import UserFactory
    from tests.ideas.factories import IdeaFactory
    from tests.sessions.factories import RegistrationFactory, SessionFactory

    original = IdeaFactory(plan=current_plan, title="Open agenda's van ministers")
    pending = IdeaFactory(plan=current_plan, title="Open agenda's van ministers graag", pending=True)
    Report.objects.create(idea=pending, reporter=UserFactory(), reason="spam", text="Reclame voor een bureau")
    session = SessionFactory(plan=current_plan, slug="meedenksessie-staf", title="Meedenksessie staf", capacity=2)
    seated = RegistrationFactory(session=session, person__name="Fatima Yilmaz", arrival=1)
    waiting = RegistrationFactory(session=session, person__name="Joost de Vries", arrival=2, waitlisted=True)
    staff = totp(UserFactory(role="process_owner", name="Anna de Vries"))
    return {"original": original, "pending": pending, "session": session, "seated": seated,
            "waiting": waiting, "staff": staff}  # fmt: skip


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_staff_moderate_and_run_sessions(page, live_server, staff_data, viewport, assert_accessible):
    from ideas.models import Idea
    from sessions.models import Registration

    language = "en"
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    log_in_as(page, live_server, staff_data["staff"])
    set_language(page, live_server, language)
    main = page.locator("main")

    # 1. A pending contribution: publish and reject buttons, the reports' reasons; no duplicate.
    pending = staff_data["pending"]
    see(page, live_server, reverse("ideas:staff_idea", args=[pending.pk]), language, assert_accessible)
    in_view(page, main.locator("button[name=action][value=publish]"))
    expect(main.locator("button[name=action][value=publish]")).to_be_enabled()
    reject = main.locator("form:has(input[name=action][value=reject]) button[type=submit]")
    in_view(page, reject)
    expect(reject).to_be_enabled()
    expect(main.locator("section[aria-labelledby=reports-title]")).to_contain_text("It is advertising or spam")
    expect(main.locator("section[aria-labelledby=reports-title]")).to_contain_text("Reclame voor een bureau")
    expect(main.locator("button[name=original]")).to_have_count(0)
    # Even a hand-made request to mark it as a duplicate is refused.
    status = page.evaluate(
        """async ([url, original]) => {
            const body = new FormData();
            body.append("csrfmiddlewaretoken", document.querySelector("input[name=csrfmiddlewaretoken]").value);
            body.append("action", "duplicate");
            body.append("original", original);
            return (await fetch(url, {method: "POST", body})).status;
        }""",
        [reverse("ideas:staff_idea", args=[pending.pk]), staff_data["original"].pk],
    )
    assert status >= 400, status
    pending.refresh_from_db()
    assert pending.status == Idea.Status.NEW and pending.duplicate_of_id is None

    # 12. The sessions table and the participants fit the screen with their actions.
    session, seated, waiting = staff_data["session"], staff_data["seated"], staff_data["waiting"]
    see(page, live_server, reverse("sessions:staff_dashboard"), language, assert_accessible)
    fits(page, width)
    page.set_viewport_size({"width": width, "height": height})
    in_view(page, main.locator(f'a[href="{reverse("sessions:staff_edit", args=[session.slug])}"]'))
    in_view(page, main.locator(f'a[href="{reverse("sessions:staff_participants", args=[session.slug])}"]'))
    see(page, live_server, reverse("sessions:staff_participants", args=[session.slug]), language, assert_accessible)
    fits(page, width)
    page.set_viewport_size({"width": width, "height": height})
    in_view(page, page.locator(f"#registration-{seated.pk} button[value=waitlist]"))
    confirm = page.locator(f"#registration-{waiting.pk} button[value=confirm]")
    in_view(page, confirm)
    confirm.click()  # a seat is free: the one waiting gets it
    expect(main.locator(".messages .message--success")).to_be_visible()
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
    # Cancelling on someone's behalf asks first.
    row = page.locator(f"#registration-{seated.pk}")
    expect(row.locator("button[value=cancel]")).to_be_hidden()
    in_view(page, row.locator("details.confirm > summary"))
    row.locator("details.confirm > summary").click()
    in_view(page, row.locator("button[value=cancel]"))
    assert_accessible(page, where=f"participants with the cancel question open at {width}px")
    row.locator("button[value=cancel]").click()
    expect(main.locator(".messages .message--success")).to_be_visible()
    assert Registration.objects.get(pk=seated.pk).status == Registration.Status.CANCELLED
