"""Issue 15, point 9: in Chromium, an action holder reports progress on a milestone with a
document (after one refused date), a process owner accepts it, and the public progress page and
the commitment page show it. axe-core checks every page in Dutch and English on the way."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_journey import check_page

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def implementation(transactional_db):
    from allauth.mfa.models import Authenticator

    from commitments.models import Commitment
    from core import clock
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import ActionPlanFactory, MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory

    today = clock.today()
    plan = ActionPlanFactory(
        number=5, title_nl="Vijfde Actieplan Open Overheid", title_en="Fifth Open Government Action Plan",
        term_start=today - 400 * DAY, term_end=today + 3 * 365 * DAY,
    )  # fmt: skip
    bzk = OrganisationFactory(name="Ministerie van BZK", kind="government")
    holder = UserFactory(name="Pieter Jansen", email="actiehouder@example.org")
    MembershipFactory(user=holder, organisation=bzk)
    owner = UserFactory(role="process_owner", name="Anna de Vries")
    Authenticator.objects.create(user=owner, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    commitment = CommitmentFactory(
        plan=plan, lead_organisation=bzk, status=Commitment.Status.PUBLISHED, complete=True,
        title_nl="Actieve openbaarmaking", title_en="Proactive disclosure",
    )  # fmt: skip
    commitment.themes.add(ThemeFactory(slug="openbaarheid", name_nl="Openbaarheid", name_en="Openness"))
    return {"plan": plan, "holder": holder, "owner": owner, "commitment": commitment,
            "milestone": commitment.milestones.get(), "today": today}  # fmt: skip


def log_in(page, live_server, user):
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_action_holder_reports_process_owner_accepts_public_sees_it(
    page, live_server, implementation, assert_accessible, tmp_path, settings
):
    from implementation.models import ProgressReport

    settings.MEDIA_ROOT = tmp_path
    milestone = implementation["milestone"]
    report_url = reverse("implementation_progress:progress_report", args=[milestone.pk])

    # The action holder finds the form from "my activity".
    log_in(page, live_server, implementation["holder"])
    page.goto(live_server.url + reverse("accounts:activity"))
    page.locator(f'main a[href="{reverse("implementation_progress:progress_mine")}"]').click()
    check_page(page, assert_accessible)
    page.locator(f'main a[href="{report_url}"]').first.click()
    check_page(page, assert_accessible)

    # A date in the future is refused next to its field; what was typed stays.
    page.locator("#id_completion_2").check()  # substantial
    page.locator("#id_explanation_nl").fill("De eerste vier Woo-categorieën worden actief openbaar gemaakt.")
    page.locator("#id_explanation_en").fill("The first four Woo categories are disclosed proactively.")
    page.locator("#id_reported_on").fill((implementation["today"] + 5 * DAY).isoformat())
    page.locator("#id_link_1_title").fill("Woo-index")
    page.locator("#id_link_1_url").fill("https://open.overheid.nl/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_reported_on_error")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_explanation_nl")).to_have_value(
        "De eerste vier Woo-categorieën worden actief openbaar gemaakt."
    )
    assert_accessible(page, "the form with an error")
    assert not ProgressReport.objects.exists()

    page.locator("#id_reported_on").fill((implementation["today"] - DAY).isoformat())
    page.locator("#id_document_1_title").fill("Besluit actieve openbaarmaking")
    page.locator("#id_document_1").set_input_files(files=[{"name": "besluit.pdf", "mimeType": "application/pdf",
                                                           "buffer": PDF}])  # fmt: skip
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("implementation_progress:progress_mine"))
    check_page(page, assert_accessible)
    report = ProgressReport.objects.get()
    assert report.review == ProgressReport.Review.SUBMITTED and report.evidence.count() == 2

    # Not public before the check.
    log_in(page, live_server, None)
    page.goto(live_server.url + implementation["commitment"].get_absolute_url())
    expect(page.locator("#progress-title")).to_be_visible()
    assert "Woo-categorieën worden actief" not in page.locator("main").inner_text()

    # The process owner accepts it.
    log_in(page, live_server, implementation["owner"])
    page.goto(live_server.url + reverse("implementation_progress:progress_checks"))
    check_page(page, assert_accessible)
    page.locator(f'main a[href="{reverse("implementation_progress:progress_check", args=[report.pk])}"]').click()
    check_page(page, assert_accessible)
    page.locator("main button[name=decision][value=accept]").click()
    expect(page).to_have_url(live_server.url + reverse("implementation_progress:progress_checks"))
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.ACCEPTED

    # The public progress page shows the completion in text, and the commitment page the report.
    log_in(page, live_server, None)
    page.goto(live_server.url + reverse("implementation_progress:progress_plan", args=[implementation["plan"].slug]))
    check_page(page, assert_accessible)
    row = page.locator("main table tbody tr").first
    expect(row).to_contain_text(implementation["commitment"].identifier)
    expect(row).to_contain_text("67%")
    link = page.locator(f'main a[href="{implementation["commitment"].get_absolute_url()}#progress-title"]')
    expect(link).to_be_visible()
    page.goto(live_server.url + implementation["commitment"].get_absolute_url())  # the language switch drops #…
    check_page(page, assert_accessible)
    main = page.locator("main")
    expect(main).to_contain_text("Woo-categorieën worden actief openbaar gemaakt")
    document = report.evidence.get(title="Besluit actieve openbaarmaking")
    expect(
        page.locator(f'a[href="{reverse("implementation_progress:progress_evidence", args=[document.pk])}"]')
    ).to_be_visible()
