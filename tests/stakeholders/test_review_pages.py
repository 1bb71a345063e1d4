"""The review rounds' pages: who gets what (every role, an ended seat, another plan's forum),
bad input that keeps what was typed, the decision log, the consultation, and query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment
from core import clock
from notifications.models import Message
from stakeholders.models import Remark, Review, RoundCommitment
from stakeholders.services import remark_answer, review_submit, round_close
from tests.factories import ForumMemberFactory, OrganisationFactory
from tests.roles import LOGIN, assert_answers, log_in
from tests.stakeholders.review_fixtures import DAY, full_scores, review_post

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

R = "stakeholders_review"


@pytest.fixture
def everyone(world, ended_seat_member, other_forum_member):
    # The forum's conftest adds its own member of another forum and ended seat to `people`; these
    # tests name theirs (same kinds of people), so the table has each role once.
    people = {k: v for k, v in world["people"].items() if k not in ("other_forum_member", "ended_member")}
    return {**people, "ended_seat": ended_seat_member, "other_forum": other_forum_member}


@pytest.fixture
def reviewed(world, make_commitment, open_round):
    """A round on one commitment with a review and one remark by the forum member."""
    commitment = make_commitment(status="ready")
    review_round = open_round(commitment)
    item = RoundCommitment.objects.get()
    review_submit(
        item=item, reviewer=world["people"]["forum_member"], scores=full_scores(), remarks=[{"text": "Vaag."}]
    )
    return review_round, item, Remark.objects.get()


def _urls(review_round, item):
    args = [review_round.plan.slug, review_round.pk]
    return {
        "round": reverse(f"{R}:round", args=args),
        "item": reverse(f"{R}:item", args=[*args, item.commitment.identifier]),
        "review": reverse(f"{R}:review", args=[*args, item.commitment.identifier]),
        "close": reverse(f"{R}:round_close", args=args),
        "log": reverse(f"{R}:decision_log", args=args),
        "moderation": reverse(f"{R}:moderation", args=args),
        "new": reverse(f"{R}:round_new", args=[review_round.plan.slug]),
    }


ALL = ("anonymous", "participant", "moderator", "process_owner", "action_holder", "forum_member",
       "other_action_holder", "ended_seat", "other_forum")  # fmt: skip


def _table(allowed, ok=200, anonymous=LOGIN):
    return {role: (ok if role in allowed else 403) for role in ALL} | {"anonymous": anonymous}


def test_who_may_see_the_round_and_its_pages(client, everyone, reviewed):
    review_round, item, _remark = reviewed
    urls = _urls(review_round, item)
    readers = {"moderator", "process_owner", "action_holder", "forum_member"}
    assert_answers(client, everyone, [
        (urls["round"], _table(readers)),
        (urls["item"], _table(readers)),
        (urls["new"], _table({"process_owner"})),
        (urls["moderation"], _table({"moderator", "process_owner"})),
        (urls["log"], _table({"moderator", "process_owner"})),  # not public while the round is open
    ])  # fmt: skip
    responses = assert_answers(client, everyone, [(urls["review"], _table({"forum_member"}))], language="en")
    # The member reviewed already: the page says so instead of offering a second form.
    assert "You have already reviewed this commitment" in responses[urls["review"], "forum_member"].content.decode()


def test_only_the_action_holder_of_the_commitment_and_process_owners_answer(client, everyone, reviewed):
    review_round, item, remark = reviewed
    url = reverse(f"{R}:answer", args=[review_round.plan.slug, review_round.pk, remark.pk])
    data = {f"r{remark.pk}-answer": "adopted", f"r{remark.pk}-reason": "Aangepast."}
    assert_answers(
        client, everyone, [(url, _table({"process_owner", "action_holder"}, ok=302))], method="post", data=data
    )


def test_only_process_owners_close_a_round_and_then_the_log_is_public(client, everyone, reviewed):
    review_round, item, _remark = reviewed
    urls = _urls(review_round, item)
    assert_answers(client, everyone, [(urls["close"], _table({"process_owner"}, ok=302))], method="post")
    review_round.refresh_from_db()
    assert review_round.closed_at is not None
    assert_answers(client, everyone, [(urls["log"], dict.fromkeys(ALL, 200))])


def test_a_bad_review_shows_field_errors_and_keeps_what_was_typed(client, world, make_commitment, open_round):
    commitment = make_commitment(status="ready")
    review_round = open_round(commitment)
    url = _urls(review_round, RoundCommitment.objects.get())["review"]
    log_in(client, world["people"]["forum_member"], language="en")
    data = review_post(remark_1_text="Mijn opmerking over de mijlpaal", score_ambition="5")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give a score from 1 to 4." in html
    assert "Mijn opmerking over de mijlpaal" in html and "Uitleg clarity" in html
    assert not Review.objects.exists()

    milestone = commitment.milestones.get()
    data = review_post(remark_1_text="Meetbaar maken", remark_2_text="Mijlpaal te vaag",
                       remark_2_target=f"milestone:{milestone.pk}")  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert [(r.text, r.milestone_id) for r in Remark.objects.order_by("pk")] == [
        ("Meetbaar maken", None),
        ("Mijlpaal te vaag", milestone.pk),
    ]
    # A second review (say, from a second tab): a clear message, and what was typed is still there.
    response = client.post(url, {**data, "remark_1_text": "Nog een keer"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "You have already reviewed this commitment in this round." in html and "Nog een keer" in html
    assert Review.objects.count() == 1


def test_a_review_after_the_deadline_is_refused(client, world, make_commitment, open_round, settings):
    review_round = open_round(make_commitment(status="ready"), deadline=clock.today() + 2 * DAY)
    url = _urls(review_round, RoundCommitment.objects.get())["review"]
    log_in(client, world["people"]["forum_member"], language="en")
    assert "Submit my review" in client.get(url).content.decode()
    # The member keeps the page open past the deadline, then sends it: refused, nothing lost.
    settings.PLATFORM_TODAY = (clock.today() + 3 * DAY).isoformat()
    response = client.post(url, review_post(remark_1_text="Te laat maar goed bedoeld"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "This round is closed: reviews can no longer be submitted." in html and "Te laat maar goed bedoeld" in html
    assert not Review.objects.exists()
    html = client.get(url).content.decode()
    assert "This round is closed" in html and "Submit my review" not in html


def test_an_answer_without_a_reason_keeps_the_choice_and_says_why(client, world, reviewed):
    review_round, item, remark = reviewed
    url = reverse(f"{R}:answer", args=[review_round.plan.slug, review_round.pk, remark.pk])
    log_in(client, world["people"]["action_holder"], language="en")
    response = client.post(url, {f"r{remark.pk}-answer": "partly", f"r{remark.pk}-reason": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "Give the reason for this answer." in html
    assert 'value="partly" checked' in html or 'value="partly"\n' in html or "checked" in html
    remark.refresh_from_db()
    assert remark.answer == ""


def test_revise_is_refused_on_the_commitment_page_until_every_remark_is_answered(client, world, reviewed):
    review_round, item, remark = reviewed
    log_in(client, world["people"]["action_holder"], language="en")
    url = reverse("commitments:transition", args=[item.commitment.identifier, "revise"])
    response = client.post(url)
    assert response.status_code == 400 and "still need an answer" in response.content.decode()
    remark_answer(remark=remark, answer="adopted", reason="Gedaan.", actor=world["people"]["action_holder"])
    client.post(url)
    assert Commitment.objects.get(pk=item.commitment_id).status == "revised"


def test_the_decision_log_shows_averages_answers_and_names_only_with_consent(
    client, world, make_commitment, open_round
):
    commitment = make_commitment(status="ready")
    review_round = open_round(commitment)
    item = RoundCommitment.objects.get()
    shy = world["people"]["forum_member"]
    shy_seat = shy.forum_seats.get()
    shy_seat.organisation = OrganisationFactory(name="Stichting Open")
    shy_seat.save()
    bold = ForumMemberFactory(plan=world["plan"], consent_to_show_name=True).user
    review_submit(item=item, reviewer=shy, scores=full_scores(2), remarks=[{"text": "Opmerking van iemand"}])
    review_submit(item=item, reviewer=bold, scores=full_scores(3), remarks=[{"text": "Opmerking met naam"}])
    for remark in Remark.objects.all():
        remark_answer(
            remark=remark, answer="not_adopted", reason="Reden " + remark.text, actor=world["people"]["action_holder"]
        )
    round_close(review_round=review_round, actor=world["people"]["process_owner"])
    log_in(client, None, language="en")
    html = client.get(review_round.decision_log_url).content.decode()
    assert "Clarity: 2.5 (2 scores)" in html
    assert bold.name in html and shy.name not in html
    assert "Stichting Open" in html and "Civil society" in html
    assert "Reden Opmerking met naam" in html and "Not adopted" in html
    log_in(client, None, language="nl")
    html = client.get(review_round.decision_log_url).content.decode()
    assert "Besluitenlijst" in html and "Niet overgenomen" in html


def test_the_round_and_its_commitments_name_reviewers_only_with_consent(client, world, make_commitment, open_round):
    # Found by tests/security: the commitment's page named every remark's author, and the round's
    # page the chosen reviewers, to the action holders too, consent or not.
    commitment = make_commitment(status="ready")
    shy = world["people"]["forum_member"]
    shy_seat = shy.forum_seats.get()
    bold_seat = ForumMemberFactory(plan=world["plan"], consent_to_show_name=True)
    # Names without characters that HTML escapes, so that a plain search for them is fair.
    bold_seat.user.name = "Sanne Bakker"
    bold_seat.user.save(update_fields=["name"])
    shy.name = "Kees de Vries"
    shy.save(update_fields=["name"])
    review_round = open_round(commitment, reviewers={commitment.pk: [shy_seat, bold_seat]})
    item = RoundCommitment.objects.get()
    review_submit(item=item, reviewer=shy, scores=full_scores(2), remarks=[{"text": "Opmerking van iemand"}])
    review_submit(item=item, reviewer=bold_seat.user, scores=full_scores(3), remarks=[{"text": "Met naam"}])
    urls = _urls(review_round, item)
    log_in(client, world["people"]["action_holder"], language="en")
    for page in ("round", "item"):
        html = client.get(urls[page]).content.decode()
        assert bold_seat.user.name in html and shy.name not in html, page
        assert "Civil society" in html, page
    # The process owners choose the reviewers by name.
    log_in(client, world["people"]["process_owner"], language="en")
    assert shy.name in client.get(urls["round"]).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_budgets_of_the_round_page_and_the_decision_log(client, world, make_commitment, open_round):
    def round_of(n):
        commitments = [make_commitment(status="ready") for _i in range(n)]
        review_round = open_round(*commitments)
        for k in range(n):
            member = ForumMemberFactory(plan=world["plan"]).user
            for item in RoundCommitment.objects.filter(round=review_round):
                review_submit(item=item, reviewer=member, scores=full_scores(), remarks=[{"text": f"r{k}"}])
        return review_round

    small, large = round_of(1), round_of(4)
    log_in(client, world["people"]["forum_member"], language="en")
    client.get(reverse("home"))  # the person's row is kept from here on
    counts = [_queries(client, r.get_absolute_url()) for r in (small, large)]
    # the round, the member's seat (permission, reused for "can review"), the items, their reviews,
    # remarks, reviewers and milestones: the same at 1 and 4 commitments with 1 and 4 reviews each
    # (session, person and groups come from the sessions cache).
    assert counts == [7, 7], counts
    for r in (small, large):
        round_close(review_round=r, actor=world["people"]["process_owner"])
    log_in(client, None)
    counts = [_queries(client, r.decision_log_url) for r in (small, large)]
    # the round; items with commitment and version; reviews, remarks, reviewers, milestones; the
    # latest versions in one query
    assert counts == [7, 7], counts


def test_public_consultation_comments_are_moderated_then_answered(client, world, make_commitment, open_round):
    review_round = open_round(make_commitment(status="ready"), public_consultation=True)
    item = RoundCommitment.objects.get()
    url = reverse(f"{R}:consultation", args=[review_round.plan.slug, review_round.pk, item.commitment.identifier])
    log_in(client, None, language="en")
    html = client.get(url).content.decode()
    assert "Sign in to comment" in html
    assert "description en: tekst" in html  # the draft as it was put to review, in the reader's language
    assert client.post(url, {"text": "Goed plan"}).status_code == 302  # to the login page
    assert not Remark.objects.exists()
    log_in(client, world["people"]["participant"], language="en")
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and "Write your comment." in response.content.decode()
    assert client.post(url, {"text": "Betrek ook jongeren."}).status_code == 302
    remark = Remark.objects.get()
    assert remark.moderation == "pending" and "Betrek ook jongeren." not in client.get(url).content.decode()
    # Pending comments do not hold up the revision; the moderator publishes it, then it must be answered.
    log_in(client, world["people"]["moderator"], language="en")
    moderation = _urls(review_round, item)["moderation"]
    assert "Betrek ook jongeren." in client.get(moderation).content.decode()
    client.post(moderation, {"remark": remark.pk, "decision": "approve"})
    log_in(client, None, language="en")
    assert "Betrek ook jongeren." in client.get(url).content.decode()
    from stakeholders.selectors import unanswered_remarks

    assert unanswered_remarks(item.commitment) == 1
    remark_answer(
        remark=Remark.objects.get(),
        answer="adopted",
        reason="Jongeren doen mee.",
        actor=world["people"]["action_holder"],
    )
    assert "Jongeren doen mee." in client.get(url).content.decode()
    assert Message.objects.filter(kind="remark-answered", to_email=world["people"]["participant"].email).exists()


def test_a_round_without_consultation_has_no_public_page(client, world, make_commitment, open_round):
    review_round = open_round(make_commitment(status="ready"))
    item = RoundCommitment.objects.get()
    url = reverse(f"{R}:consultation", args=[review_round.plan.slug, review_round.pk, item.commitment.identifier])
    assert client.get(url).status_code == 404


def test_round_new_opens_a_round_with_chosen_reviewers(client, world, make_commitment, seat):
    commitment = make_commitment(status="ready")
    other = ForumMemberFactory(plan=world["plan"])
    log_in(client, world["people"]["process_owner"], language="en")
    url = reverse(f"{R}:round_new", args=[world["plan"].slug])
    data = {"title": "Ronde 1", "deadline": str(clock.today() - DAY), "commitments": [commitment.pk],
            "criteria": ["clarity", "ambition"], f"reviewers_{commitment.pk}": [other.pk]}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400 and "The deadline must be after today." in response.content.decode()
    assert 'value="Ronde 1"' in response.content.decode()
    data["deadline"] = str(clock.today() + 5 * DAY)
    response = client.post(url, data)
    assert response.status_code == 302
    item = RoundCommitment.objects.get()
    assert list(item.reviewers.all()) == [other] and item.round.criteria == ["clarity", "ambition"]
    assert Commitment.objects.get(pk=commitment.pk).status == "in_review"


def test_a_published_comment_can_be_reported_and_the_moderator_rejects_it(client, world, make_commitment, open_round):
    from stakeholders.models import RemarkReport
    from stakeholders.services import consultation_comment, consultation_moderate

    review_round = open_round(make_commitment(status="ready"), public_consultation=True)
    item = RoundCommitment.objects.get()
    remark = consultation_comment(item=item, author=world["people"]["participant"], text="Iets ongepasts")
    consultation_moderate(remark=remark, approve=True, actor=world["people"]["moderator"])
    args = [review_round.plan.slug, review_round.pk, item.commitment.identifier]
    report_url = reverse(f"{R}:consultation_report", args=[*args, remark.pk])
    log_in(client, None)
    assert client.post(report_url, {"reason": "offensive"}).status_code == 302 and not RemarkReport.objects.exists()
    log_in(client, world["people"]["forum_member"], language="en")
    client.post(report_url, {"reason": "nonsense"})
    assert not RemarkReport.objects.exists()
    client.post(report_url, {"reason": "offensive"})
    assert RemarkReport.objects.get().reason == "offensive"
    log_in(client, world["people"]["moderator"], language="en")
    moderation = reverse(f"{R}:moderation", args=args[:2])
    html = client.get(moderation).content.decode()
    assert "Iets ongepasts" in html and "It is offensive or discriminatory" in html
    client.post(moderation, {"remark": remark.pk, "decision": "reject"})
    assert RemarkReport.objects.get().resolved_at is not None
    assert "Iets ongepasts" not in client.get(reverse(f"{R}:consultation", args=args)).content.decode()


def test_everyone_reads_a_public_consultation_and_only_signed_in_people_comment(
    client, everyone, world, make_commitment, open_round
):
    review_round = open_round(make_commitment(status="ready"), public_consultation=True)
    item = RoundCommitment.objects.get()
    url = reverse(f"{R}:consultation", args=[review_round.plan.slug, review_round.pk, item.commitment.identifier])
    assert_answers(client, everyone, [(url, dict.fromkeys(ALL, 200))])
    # Comments: everyone signed in (302 back to the page), the anonymous visitor to the login page.
    assert_answers(client, everyone, [(url, dict.fromkeys(ALL, 302) | {"anonymous": LOGIN})], method="post",
                   data={"text": "Een reactie"})  # fmt: skip
    assert Remark.objects.filter(is_public=True, moderation="pending").count() == len(ALL) - 1


def test_a_round_opens_only_in_the_plans_forum_review_phase(client, world, make_commitment):
    from plans.models import Phase

    commitment = make_commitment(status="ready")
    Phase.objects.filter(plan=world["plan"], kind=Phase.Kind.FORUM_REVIEW).update(
        starts_on=clock.today() + 5 * DAY, ends_on=clock.today() + 9 * DAY
    )
    log_in(client, world["people"]["process_owner"], language="en")
    url = reverse(f"{R}:round_new", args=[world["plan"].slug])
    data = {"title": "Te vroeg", "deadline": str(clock.today() + 8 * DAY), "commitments": [commitment.pk],
            "criteria": ["clarity"]}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert f"The forum review cannot start now for {commitment.identifier}" in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).status == "ready" and not RoundCommitment.objects.exists()
