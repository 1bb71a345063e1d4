"""A forum review in Chromium: a forum member scores a commitment and writes two remarks (one on
a milestone), the action holder answers both, the commitment goes to revised, and the decision log
shows it all in Dutch and English. axe-core checks every page in both languages on the way."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_commitments import log_in
from tests.browser.test_journey import check_page, switch_language

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)


@pytest.fixture
def review(transactional_db):
    from commitments.models import Commitment
    from core import clock
    from plans.models import Phase
    from stakeholders.services import round_open
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import (
        ActionPlanFactory,
        ForumMemberFactory,
        MembershipFactory,
        OrganisationFactory,
        PhaseFactory,
        UserFactory,
    )

    today = clock.today()
    plan = ActionPlanFactory(
        number=5, title_nl="Vijfde Actieplan Open Overheid", title_en="Fifth Open Government Action Plan"
    )
    PhaseFactory(plan=plan, kind=Phase.Kind.DRAFTING, starts_on=today - 20 * DAY, ends_on=today + 20 * DAY)
    PhaseFactory(plan=plan, kind=Phase.Kind.FORUM_REVIEW, starts_on=today - 2 * DAY, ends_on=today + 15 * DAY)
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", kind="co_government")
    holder = MembershipFactory(user=UserFactory(name="Pieter Jansen"), organisation=vng).user
    member = ForumMemberFactory(
        plan=plan, user=UserFactory(name="Fatima Forumlid"), organisation=OrganisationFactory(name="Open State"),
        consent_to_show_name=True,
    )  # fmt: skip
    commitment = CommitmentFactory(
        plan=plan, lead_organisation=vng, status=Commitment.Status.READY, complete=True,
        title_nl="Open raadsinformatie", title_en="Open council information",
    )  # fmt: skip
    owner = UserFactory(role="process_owner")
    review_round = round_open(
        plan=plan, title="Forumronde november", deadline=today + 7 * DAY, commitments=[commitment], actor=owner
    )
    return {"round": review_round, "commitment": commitment, "holder": holder, "member": member.user, "owner": owner}


def test_member_reviews_holder_answers_commitment_is_revised_and_the_log_shows_it(
    page, live_server, review, assert_accessible
):
    from commitments.models import Commitment
    from stakeholders.models import Remark, Review
    from stakeholders.services import round_close

    review_round, commitment = review["round"], review["commitment"]
    milestone = commitment.milestones.get()

    # The forum member opens the round and reviews the commitment.
    log_in(page, live_server, review["member"])
    page.goto(live_server.url + review_round.get_absolute_url())
    check_page(page, assert_accessible)
    review_url = reverse(
        "stakeholders_review:review", args=[review_round.plan.slug, review_round.pk, commitment.identifier]
    )
    page.locator(f'main a[href="{review_url}"]').click()
    check_page(page, assert_accessible)
    for key, score in zip(review_round.criteria, ["3", "2", "4", "3", "4"], strict=True):
        page.locator(f'input[name="score_{key}"][value="{score}"]').check()
        page.locator(f"#id_explanation_{key}").fill(f"Toelichting bij {key}")
    page.locator("#id_remark_1_text").fill("Maak het doel meetbaar.")
    page.locator("#id_remark_1_target").select_option("field:description_nl")
    page.locator("#id_remark_2_text").fill("Deze mijlpaal heeft geen tussenresultaat.")
    page.locator("#id_remark_2_target").select_option(f"milestone:{milestone.pk}")
    page.locator("main form button[type=submit]").click()
    item_url = reverse(
        "stakeholders_review:item", args=[review_round.plan.slug, review_round.pk, commitment.identifier]
    )
    expect(page).to_have_url(live_server.url + item_url)
    assert Review.objects.get().scores["verifiability"]["score"] == 2
    first, second = Remark.objects.order_by("pk")
    assert second.milestone_id == milestone.pk

    # The action holder answers both remarks; the first time without a reason, which is refused.
    page.context.clear_cookies()
    log_in(page, live_server, review["holder"])
    page.goto(live_server.url + item_url)
    check_page(page, assert_accessible)
    page.locator(f'input[name="r{first.pk}-answer"][value="adopted"]').check()
    page.locator(f"#remark-{first.pk} button[type=submit]").click()
    expect(page.locator(f"#remark-{first.pk} .error-summary")).to_be_visible()
    assert page.locator(f'input[name="r{first.pk}-answer"][value="adopted"]').is_checked()  # nothing lost
    assert_accessible(page, "the answer form with its error")
    page.locator(f"#id_r{first.pk}-reason").fill("Het doel staat nu in de beschrijving.")
    page.locator(f"#remark-{first.pk} button[type=submit]").click()
    expect(page.locator(f"#remark-{first.pk}")).to_contain_text("Het doel staat nu in de beschrijving.")
    page.locator(f'input[name="r{second.pk}-answer"][value="not_adopted"]').check()
    page.locator(f"#id_r{second.pk}-reason").fill("De mijlpaal is al kort genoeg.")
    page.locator(f"#remark-{second.pk} button[type=submit]").click()
    expect(page.locator(f"#remark-{second.pk}")).to_contain_text("De mijlpaal is al kort genoeg.")

    # Every remark has an answer: the commitment can go to revised.
    page.goto(live_server.url + commitment.get_absolute_url())
    revise = reverse("commitments:transition", args=[commitment.identifier, "revise"])
    page.locator(f'form[action="{revise}"] button[type=submit]').click()
    expect(page.locator("main")).to_be_visible()
    assert Commitment.objects.get(pk=commitment.pk).status == "revised"

    # The round closes; the decision log is public and shows it all, in Dutch and English.
    round_close(review_round=review_round, actor=review["owner"])
    page.context.clear_cookies()
    page.goto(live_server.url + review_round.decision_log_url)
    check_page(page, assert_accessible)
    main = page.locator("main")
    expect(main).to_contain_text("Besluitenlijst")
    expect(main).to_contain_text("Overgenomen")
    expect(main).to_contain_text("Niet overgenomen")
    expect(main).to_contain_text("Duidelijkheid: 3")
    expect(main).to_contain_text("Fatima Forumlid")  # she agreed to show her name
    expect(main).to_contain_text("Deze mijlpaal heeft geen tussenresultaat.")
    expect(main).to_contain_text("De mijlpaal is al kort genoeg.")
    switch_language(page, "en")
    expect(main).to_contain_text("Decision log")
    expect(main).to_contain_text("Not adopted")
    expect(main).to_contain_text("Clarity: 3")
    expect(main).to_contain_text("Milestone:")
