"""An action holder drafts a commitment in Chromium: both languages, two milestones, told what is
missing, completes it; a colleague saves in between, so their stale save is refused and merged;
then it is marked ready and the history shows the diff. axe-core checks the pages in Dutch and
English on the way.

Elements are found by name, id and URL rather than by translated text where possible.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_journey import check_page

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)


@pytest.fixture
def drafting(transactional_db):
    from core import clock
    from plans.models import Phase
    from tests.factories import ActionPlanFactory, MembershipFactory, OrganisationFactory, PhaseFactory, UserFactory

    today = clock.today()
    plan = ActionPlanFactory(
        number=5, title_nl="Vijfde Actieplan Open Overheid", title_en="Fifth Open Government Action Plan",
        term_start=today + 30 * DAY, term_end=today + 4 * 365 * DAY,
    )  # fmt: skip
    PhaseFactory(plan=plan, kind=Phase.Kind.DRAFTING, starts_on=today - 10 * DAY, ends_on=today + 20 * DAY)
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", kind="co_government")
    plan.action_holders.add(vng)
    holder = UserFactory(name="Pieter Jansen", email="actiehouder@example.org")
    colleague = UserFactory(name="Els de Groot", email="collega@example.org")
    MembershipFactory(user=holder, organisation=vng)
    MembershipFactory(user=colleague, organisation=vng)
    return {"plan": plan, "org": vng, "holder": holder, "colleague": colleague, "start": plan.term_start}


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def fill_pair(page, name, nl, en=None):
    page.locator(f"#id_{name}_nl").fill(nl)
    if en is not None:
        page.locator(f"#id_{name}_en").fill(en)


def test_action_holder_drafts_completes_merges_and_marks_ready(page, live_server, drafting, assert_accessible):
    from commitments.models import Commitment

    start = drafting["start"]
    log_in(page, live_server, drafting["holder"])

    # My commitments → new commitment: plan, lead organisation, titles.
    page.goto(live_server.url + reverse("commitments:workspace"))
    check_page(page, assert_accessible)
    page.locator(f'main a[href="{reverse("commitments:new")}"]').click()
    check_page(page, assert_accessible)
    page.locator("#id_plan").select_option(str(drafting["plan"].pk))
    page.locator("#id_lead_organisation").select_option(str(drafting["org"].pk))
    page.locator("#id_title_nl").fill("Open raadsinformatie in alle gemeenten")
    page.locator("#id_title_en").fill("Open council information in every municipality")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("commitments:edit", args=["NL-5-01"]))
    check_page(page, assert_accessible)

    # The template in both languages, but the English problem left empty; two milestones.
    fill_pair(page, "problem", "Raadsstukken zijn slecht vindbaar.")
    fill_pair(page, "causes", "Elke gemeente gebruikt een ander systeem.", "Every municipality uses another system.")
    fill_pair(page, "done_so_far", "Een standaard is in ontwikkeling.", "A standard is being developed.")
    fill_pair(page, "description", "De VNG helpt gemeenten publiceren.", "VNG helps municipalities publish.")
    fill_pair(page, "how_it_helps", "Inwoners vinden raadsstukken terug.", "Residents find council papers.")
    page.locator("#id_transparency").check()
    fill_pair(page, "transparency_why", "Raadsinformatie wordt openbaar.", "Council information becomes public.")
    page.locator("#id_contact_name").fill("Pieter Jansen")
    page.locator("#id_contact_email").fill("pieter@example.org")
    for n, (nl, en) in enumerate(
        [("Standaard vastgesteld", "Standard agreed"), ("Alle gemeenten publiceren", "All municipalities publish")]
    ):
        page.locator(f"#id_milestones-{n}-description_nl").fill(nl)
        page.locator(f"#id_milestones-{n}-description_en").fill(en)
        page.locator(f"#id_milestones-{n}-starts_on").fill((start + (n * 200 + 10) * DAY).isoformat())
        page.locator(f"#id_milestones-{n}-ends_on").fill((start + (n * 200 + 150) * DAY).isoformat())
    page.locator("#id_milestones-0-expected_output_nl").fill("Gepubliceerde standaard")
    page.locator("#id_milestones-0-expected_output_en").fill("Published standard")
    page.locator("main form button[type=submit]").click()

    # The commitment page tells what is missing, with a link to the field.
    commitment = Commitment.objects.get(identifier="NL-5-01")
    expect(page).to_have_url(live_server.url + commitment.get_absolute_url())
    missing = page.locator('main .missing-list a[href$="#id_problem_en_group"]')
    expect(missing).to_have_count(1)
    expect(page.locator("main .timeline .timeline__item")).to_have_count(2)
    check_page(page, assert_accessible)
    missing.click()
    expect(page).to_have_url(re.compile(r"/edit/#id_problem_en_group$"))

    # Meanwhile a colleague saves a change to the same field.
    colleague = Client()
    colleague.force_login(drafting["colleague"])
    from tests.commitments.helpers import edit_data

    data = edit_data(colleague, commitment, problem_nl="Raadsstukken zijn per gemeente anders opgeslagen.")
    assert colleague.post(reverse("commitments:edit", args=[commitment.identifier]), data).status_code == 302

    # The stale save is refused: both texts side by side, and the form keeps what was typed.
    fill_pair(
        page, "problem", "Raadsstukken zijn slecht vindbaar en niet doorzoekbaar.", "Council papers are hard to find."
    )
    page.locator("main form button[type=submit]").click()
    conflict = page.locator("main [data-stale]")
    expect(conflict).to_be_visible()
    expect(conflict.locator("[data-mine]")).to_contain_text("slecht vindbaar en niet doorzoekbaar")
    expect(conflict.locator("[data-theirs]")).to_contain_text("per gemeente anders opgeslagen")
    expect(page.locator("#id_problem_en")).to_have_value("Council papers are hard to find.")
    # Only in this language: switching language reloads the page, and this one answers a POST.
    assert_accessible(page, where="the refused stale save")

    # They merge the two texts and save on top of the newest version.
    page.locator("#id_problem_nl").fill("Raadsstukken zijn per gemeente anders opgeslagen en slecht vindbaar.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + commitment.get_absolute_url())
    expect(page.locator("main .missing-list")).to_have_count(0)
    commitment.refresh_from_db()
    assert commitment.problem_nl == "Raadsstukken zijn per gemeente anders opgeslagen en slecht vindbaar."
    assert commitment.version == 4

    # Complete: mark it ready for review.
    page.locator(
        f'main form[action="{reverse("commitments:transition", args=[commitment.identifier, "submit"])}"] button'
    ).click()
    expect(page.locator("main .messages .message--success")).to_be_visible()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.READY
    check_page(page, assert_accessible)

    # The history lists the versions and shows the merge as a diff, word by word.
    page.locator(f'main a[href="{reverse("commitments:history", args=[commitment.identifier])}"]').click()
    expect(page.locator("main table").last.locator("tbody tr")).to_have_count(4)
    expect(page.locator("main .diff-table del").first).to_be_visible()
    expect(page.locator("main .diff-table ins").first).to_contain_text("en slecht vindbaar")
    check_page(page, assert_accessible)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
