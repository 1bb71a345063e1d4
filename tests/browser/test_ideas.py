"""Contributions in Chromium: a participant submits a contribution, a moderator publishes it,
another participant says it matters to them, staff answer it, and the author finds the answer
under "My contributions" and in their email. The public list filters without JavaScript (a plain
form and a bookmarkable address) and, with JavaScript, in place with htmx. axe-core checks every
page on the way; some pages also in English.

Elements are found by role, CSS and attributes rather than by translated text, as in test_journey.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_journey import check_page, expect_language
from tests.browser.test_sessions import log_in_as, mail_to

pytestmark = pytest.mark.browser

TITLE = "Publiceer alle lobbyafspraken van bewindspersonen"
TEXT = "Zet de agenda's van ministers elke week online.\n\nDan kan iedereen zien <b>met wie</b> zij praten."
# An apostrophe, as Dutch plurals often have: the plain-text email must not HTML-escape it.
ANSWER = "We nemen dit deels over: de agenda's komen online, de gespreksverslagen nog niet."


@pytest.fixture
def call_open(transactional_db):
    """A public plan whose call for input is open today, and two themes."""
    from tests.factories import ActionPlanFactory
    from tests.ideas.factories import ThemeFactory, open_call

    plan = open_call(ActionPlanFactory(number=98, title_nl="Browsertest Actieplan", title_en="Browser test plan"))
    themes = [
        ThemeFactory(slug="lobby", name_nl="Lobbytransparantie", name_en="Lobbying transparency"),
        ThemeFactory(slug="open-data", name_nl="Open data", name_en="Open data"),
    ]
    return plan, themes


def test_contribution_from_submission_to_answer(
    page, live_server, call_open, assert_accessible, clear_rate_limits, totp
):
    from ideas.models import Idea
    from tests.factories import UserFactory

    plan, (lobby, _) = call_open
    author = UserFactory(email="auteur@example.org", name="Anna Auteur")
    supporter = UserFactory(email="steun@example.org")
    moderator = totp(UserFactory(email="moderator@example.org", role="moderator"))
    process_owner = totp(UserFactory(email="proceseigenaar@example.org", role="process_owner"))

    # 1. The author sends a contribution: a suggestion on the lobby theme.
    log_in_as(page, live_server, author)
    page.goto(live_server.url + reverse("ideas:list"))
    expect_language(page, "nl")
    assert_accessible(page)
    page.locator(f'main a.button[href="{reverse("ideas:create")}"]').click()
    expect(page).to_have_url(live_server.url + reverse("ideas:create"))
    check_page(page, assert_accessible)  # the form, in Dutch and in English
    form = page.locator("main form[method=post]")
    form.locator("input[name=kind][value=suggestion]").check()
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=text]").fill(TEXT)
    form.locator(f"input[name=themes][value='{lobby.pk}']").check()
    sent = len(mail_outbox())
    form.locator("button[type=submit]").click()

    idea = Idea.objects.get(title=TITLE)
    assert (idea.author, idea.status, idea.kind, idea.plan) == (author, Idea.Status.NEW, "suggestion", plan)
    assert list(idea.themes.all()) == [lobby]
    expect(page).to_have_url(live_server.url + reverse("ideas:mine_detail", args=[idea.pk]))
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator("main .messages")).to_be_visible()
    # The markup is shown as text, never as HTML.
    expect(page.locator("main .prose")).to_contain_text("<b>met wie</b>")
    expect(page.locator("main .prose b")).to_have_count(0)
    assert_accessible(page)
    received = mail_to(author.email, sent)
    assert TITLE in received.body

    # Not published yet: the public list does not show it.
    page.goto(live_server.url + reverse("ideas:list"))
    expect(page.locator(f'#results a[href="{idea.get_absolute_url()}"]')).to_have_count(0)
    assert_accessible(page)

    # 2. A moderator publishes it from the queue.
    log_in_as(page, live_server, moderator)
    page.goto(live_server.url + reverse("ideas:queue"))
    expect_language(page, "nl")
    check_page(page, assert_accessible)
    queue = page.locator("main form[method=post]")
    queue.locator(f"input[name=ids][value='{idea.pk}']").check()
    queue.locator("button[name=action][value=publish]").click()
    expect(page).to_have_url(live_server.url + reverse("ideas:queue"))
    expect(page.locator(f"main input[name=ids][value='{idea.pk}']")).to_have_count(0)
    assert_accessible(page)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED and idea.published_at

    # 3. Another participant finds it in the public list and says it matters to them (htmx).
    log_in_as(page, live_server, supporter)
    page.goto(live_server.url + reverse("ideas:list"))
    assert_accessible(page)
    page.locator(f'#results a[href="{idea.get_absolute_url()}"]').click()
    expect(page).to_have_url(live_server.url + idea.get_absolute_url())
    assert_accessible(page)
    support = page.locator("#support")
    expect(support.locator("button[aria-pressed=false]")).to_be_visible()
    page.evaluate("() => { window.notReloaded = true; }")  # htmx is loaded on this page: no reload
    support.locator("button[type=submit]").click()
    expect(page.locator("#support button[aria-pressed=true]")).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true"), "the button reloaded the whole page"
    expect(page.locator("#support .support__count")).to_contain_text("1")
    assert_accessible(page)
    idea.refresh_from_db()
    assert idea.support_count == 1 and idea.supports.filter(user=supporter).exists()
    # Still so after a reload: it is stored, not only shown.
    page.reload()
    expect(page.locator("#support button[aria-pressed=true]")).to_be_visible()
    # The list shows the new count at once (its rendered HTML is cached by content, not by time).
    page.goto(live_server.url + reverse("ideas:list"))
    card = page.locator("#results .idea-card", has=page.locator(f'a[href="{idea.get_absolute_url()}"]'))
    expect(card.locator(".idea-card__facts")).to_contain_text(re.compile(r"·\s+1\s"))
    assert_accessible(page)

    # 4. Staff answer it on the answers page: partly taken up, with a public answer.
    log_in_as(page, live_server, process_owner)
    page.goto(live_server.url + reverse("ideas:answers"))
    check_page(page, assert_accessible)
    answers = page.locator("main form[method=post]")
    answers.locator(f"input[name=ids][value='{idea.pk}']").check()
    answers.locator("select[name=outcome]").select_option(Idea.Outcome.PARTLY)
    answers.locator("textarea[name=response]").fill(ANSWER)
    sent = len(mail_outbox())
    answers.locator("button[name=action][value=answer]").click()
    expect(page.locator("main .messages")).to_be_visible()
    expect(page.locator(f"main input[name=ids][value='{idea.pk}']")).to_have_count(0)  # answered: off the list
    assert_accessible(page)
    idea.refresh_from_db()
    assert (idea.outcome, idea.response, idea.responded_by) == (Idea.Outcome.PARTLY, ANSWER, process_owner)

    # ... and the author is emailed the answer.
    answer_mail = mail_to(author.email, sent)
    assert ANSWER in answer_mail.body
    assert idea.get_absolute_url() in answer_mail.body or reverse("ideas:mine") in answer_mail.body

    # 5. The author finds the answer under "My contributions".
    log_in_as(page, live_server, author)
    page.goto(live_server.url + reverse("ideas:mine"))
    expect_language(page, "nl")
    check_page(page, assert_accessible)
    card = page.locator("main .card", has=page.locator(f'a[href="{reverse("ideas:mine_detail", args=[idea.pk])}"]'))
    expect(card).to_have_count(1)
    expect(card.locator("strong")).to_have_count(2)  # the status and the answer's outcome
    card.locator(f'a[href="{reverse("ideas:mine_detail", args=[idea.pk])}"]').click()
    expect(page).to_have_url(live_server.url + reverse("ideas:mine_detail", args=[idea.pk]))
    answer = page.locator("main section[aria-labelledby=answer-title]")
    expect(answer).to_contain_text(ANSWER)
    check_page(page, assert_accessible)

    # The public page shows the answer and the support too, to anyone.
    page.context.clear_cookies()
    page.goto(live_server.url + idea.get_absolute_url())
    expect(page.locator("main section[aria-labelledby=answer-title]")).to_contain_text(ANSWER)
    expect(page.locator("#support .support__count")).to_contain_text("1")
    assert_accessible(page)


def mail_outbox():
    from django.core import mail

    return mail.outbox


@pytest.fixture
def listed(call_open):
    """Three published contributions on the lobby theme and two on open data."""
    from tests.ideas.factories import IdeaFactory

    plan, (lobby, open_data) = call_open
    for n in range(3):
        IdeaFactory(plan=plan, title=f"Lobby-idee {n}", themes=[lobby])
    for n in range(2):
        IdeaFactory(plan=plan, title=f"Data-idee {n}", themes=[open_data])
    return lobby, open_data


def test_list_filters_without_javascript(browser, live_server, listed):
    """axe-core needs JavaScript, so it checks these pages in the test below, with JavaScript on."""
    lobby, _ = listed
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("ideas:list"))
        expect_language(page, "nl")
        expect(page.locator("#results .idea-card")).to_have_count(5)
        form = page.locator("main form[role=search]")
        form.locator("select[name=theme]").select_option(lobby.slug)
        form.locator("button[type=submit]").click()
        # A full page load to a bookmarkable address with the filter in it.
        expect(page).to_have_url(re.compile(rf"/ideas/\?(.*&)?theme={lobby.slug}(&|$)"))
        expect(page.locator("#results .idea-card")).to_have_count(3)
        expect(page.locator("#results")).to_contain_text("Lobby-idee")
        expect(page.locator("#results")).not_to_contain_text("Data-idee")
        expect(page.locator("main form[role=search] select[name=theme]")).to_have_value(lobby.slug)
        # The bookmarked address gives the same list.
        page.goto(page.url)
        expect(page.locator("#results .idea-card")).to_have_count(3)
    finally:
        context.close()


def test_list_filters_in_place_with_htmx(page, live_server, listed, assert_accessible):
    lobby, open_data = listed
    page.goto(live_server.url + reverse("ideas:list"))
    expect_language(page, "nl")
    expect(page.locator("#results .idea-card")).to_have_count(5)
    check_page(page, assert_accessible)  # in Dutch and in English
    # A marker on the window survives only if the page is not loaded again.
    page.evaluate("() => { window.notReloaded = true; }")
    page.locator("main form[role=search] select[name=theme]").select_option(open_data.slug)
    expect(page).to_have_url(re.compile(rf"/ideas/\?(.*&)?theme={open_data.slug}(&|$)"))
    expect(page.locator("#results .idea-card")).to_have_count(2)
    expect(page.locator("#results")).not_to_contain_text("Lobby-idee")
    assert page.evaluate("() => window.notReloaded === true"), "the filter reloaded the whole page"
    expect(page.locator("#results")).to_have_count(1)  # the section was replaced, not nested
    expect(page.locator("main h1")).to_have_count(1)
    assert_accessible(page)
    # Back to all themes, still in place.
    page.locator("main form[role=search] select[name=theme]").select_option("")
    expect(page.locator("#results .idea-card")).to_have_count(5)
    assert page.evaluate("() => window.notReloaded === true")
