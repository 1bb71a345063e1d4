"""Review rounds through their services: opening is the start_review step, reviews, remarks,
answers, the revise guard, notices and reminders."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from commitments.models import Commitment, StatusChange
from commitments.services import TransitionRefused, commitment_save, commitment_transition
from core import clock
from notifications.models import Message
from notifications.timeline import run_jobs
from stakeholders.models import Remark, Review, RoundCommitment
from stakeholders.services import remark_answer, review_submit
from tests.factories import ForumMemberFactory, MembershipFactory
from tests.stakeholders.review_fixtures import DAY, full_scores

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def english():
    # The services' messages are asserted in English, whatever an earlier test left active.
    with translation.override("en"):
        yield


def test_opening_a_round_starts_the_review_records_the_version_and_invites_the_forum(
    world, make_commitment, open_round
):
    commitment = make_commitment(status="ready")
    ended = ForumMemberFactory(plan=world["plan"], until=clock.today() - DAY)
    review_round = open_round(commitment)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.IN_REVIEW
    assert StatusChange.objects.get().to_status == "in_review"
    item = RoundCommitment.objects.get()
    assert item.reviewed_version.number == commitment.version
    invited = set(Message.objects.filter(kind="review-invitation").values_list("to_email", flat=True))
    assert invited == {world["people"]["forum_member"].email}
    assert ended.user.email not in invited
    assert review_round.criteria == ["clarity", "verifiability", "relevance", "ambition", "social_value"]


def test_a_commitment_that_is_not_ready_refuses_the_whole_round(world, make_commitment, open_round):
    ready, draft = make_commitment(status="ready"), make_commitment(status="draft")
    with pytest.raises(TransitionRefused):
        open_round(ready, draft)
    ready.refresh_from_db()
    assert ready.status == "ready" and not RoundCommitment.objects.exists() and not Message.objects.exists()


def test_chosen_reviewers_only_are_invited_and_may_review(world, make_commitment, open_round, seat):
    other = ForumMemberFactory(plan=world["plan"])
    commitment = make_commitment(status="ready")
    open_round(commitment, reviewers={commitment.pk: [other]})
    assert list(Message.objects.values_list("to_email", flat=True)) == [other.user.email]
    item = RoundCommitment.objects.get()
    with pytest.raises(ValidationError, match="not a reviewer"):
        review_submit(item=item, reviewer=seat.user, scores=full_scores(), remarks=[])


def test_a_review_with_remarks_notifies_the_action_holder_once_per_submission(world, make_commitment, open_round):
    commitment = make_commitment(status="ready")
    colleague = MembershipFactory(organisation=world["org"]).user
    open_round(commitment)
    item = RoundCommitment.objects.get()
    milestone = commitment.milestones.get()
    review_submit(
        item=item, reviewer=world["people"]["forum_member"], scores=full_scores(),
        remarks=[{"text": "Maak het doel meetbaar.", "field": "description_nl"},
                 {"text": "Deze mijlpaal is te vaag.", "milestone": milestone.pk}, {"text": "  "}],
    )  # fmt: skip
    remarks = list(Remark.objects.order_by("pk"))
    assert [(r.field, r.milestone_id) for r in remarks] == [("description_nl", None), ("", milestone.pk)]
    notices = Message.objects.filter(kind="review-remarks")
    assert {m.to_email for m in notices} == {world["people"]["action_holder"].email, colleague.email}
    assert notices.count() == 2  # one per person, not one per remark
    assert "2 opmerkingen geschreven" in notices.first().body_text  # in the recipient's language


@pytest.mark.parametrize("score", [0, 5, None, "x"])
def test_a_score_outside_the_scale_is_refused(world, make_commitment, open_round, score):
    open_round(make_commitment(status="ready"))
    scores = {**full_scores(), "ambition": {"score": score}}
    with pytest.raises(ValidationError) as error:
        review_submit(
            item=RoundCommitment.objects.get(), reviewer=world["people"]["forum_member"], scores=scores, remarks=[]
        )
    assert error.value.message_dict == {"score_ambition": ["Give a score from 1 to 4."]}
    assert not Review.objects.exists()


def test_a_second_review_and_a_review_after_the_deadline_are_refused(world, make_commitment, open_round, settings):
    open_round(make_commitment(status="ready"), deadline=clock.today() + 3 * DAY)
    item, member = RoundCommitment.objects.get(), world["people"]["forum_member"]
    review_submit(item=item, reviewer=member, scores=full_scores(), remarks=[])
    with pytest.raises(ValidationError, match="already reviewed"):
        review_submit(item=item, reviewer=member, scores=full_scores(), remarks=[])
    other = ForumMemberFactory(plan=world["plan"]).user
    settings.PLATFORM_TODAY = (clock.today() + 4 * DAY).isoformat()
    with pytest.raises(ValidationError, match="closed"):
        review_submit(item=item, reviewer=other, scores=full_scores(), remarks=[])
    assert Review.objects.count() == 1


def test_revise_waits_for_an_answer_to_every_remark_and_the_reviewer_is_told(world, make_commitment, open_round):
    commitment = make_commitment(status="ready")
    open_round(commitment)
    member, holder = world["people"]["forum_member"], world["people"]["action_holder"]
    review_submit(
        item=RoundCommitment.objects.get(), reviewer=member, scores=full_scores(),
        remarks=[{"text": "Een"}, {"text": "Twee"}],
    )  # fmt: skip
    first, second = Remark.objects.order_by("pk")
    remark_answer(remark=first, answer="adopted", reason="Overgenomen in de beschrijving.", actor=holder)
    with pytest.raises(TransitionRefused, match="1 remark"):
        commitment_transition(commitment=commitment, name="revise", actor=holder)
    with pytest.raises(ValidationError) as error:
        remark_answer(remark=second, answer="not_adopted", reason="  ", actor=holder)
    assert error.value.message_dict == {"reason": ["Give the reason for this answer."]}
    remark_answer(remark=second, answer="not_adopted", reason="Past niet binnen het budget.", actor=holder)
    assert commitment_transition(commitment=commitment, name="revise", actor=holder).status == "revised"
    told = Message.objects.filter(kind="remark-answered")
    assert told.count() == 2 and {m.to_email for m in told} == {member.email}
    # Changing an answer does not tell the reviewer again.
    remark_answer(remark=second, answer="partly", reason="Deels toch.", actor=holder)
    assert Message.objects.filter(kind="remark-answered").count() == 2


def test_reminders_go_out_once_at_7_and_1_days_with_the_real_days_left(world, make_commitment, open_round, settings):
    today = clock.today()
    first, second = make_commitment(status="ready"), make_commitment(status="ready")
    open_round(first, second, deadline=today + 9 * DAY)
    done = ForumMemberFactory(plan=world["plan"]).user
    for item in RoundCommitment.objects.all():
        review_submit(item=item, reviewer=done, scores=full_scores(), remarks=[])
    member = world["people"]["forum_member"]
    review_submit(item=RoundCommitment.objects.get(commitment=first), reviewer=member, scores=full_scores(), remarks=[])
    Message.objects.all().delete()

    def run(day):
        settings.PLATFORM_TODAY = day.isoformat()
        run_jobs(day)
        return list(Message.objects.filter(kind="review-reminder").order_by("pk"))

    assert run(today + DAY) == []  # 8 days left
    sent = run(today + 3 * DAY)  # 6 days left: the 7-day reminder, late, with the real number
    assert [m.to_email for m in sent] == [member.email] and "Nog 6 dagen" in sent[0].subject
    assert len(run(today + 4 * DAY)) == 1  # not twice
    sent = run(today + 8 * DAY)
    assert len(sent) == 2 and "Morgen" in sent[1].subject
    assert len(run(today + 8 * DAY)) == 2


def test_editing_after_the_review_shows_in_the_diff(world, make_commitment, open_round):
    from stakeholders.selectors import item_diff, latest_snapshots, round_items

    commitment = make_commitment(status="ready")
    review_round = open_round(commitment)
    Commitment.objects.filter(pk=commitment.pk).update(status="revised")
    commitment.refresh_from_db()
    commitment_save(
        commitment=commitment, data={"description_nl": "Een scherpere beschrijving."},
        milestones=[], seen_version=commitment.version, actor=world["people"]["process_owner"],
    )  # fmt: skip
    (item,) = round_items(review_round)
    rows = item_diff(item, latest_snapshots([item])[commitment.pk])
    assert "description_nl" in [r.field for r in rows]


def test_a_deleted_account_leaves_its_remarks_in_the_log_without_a_name(world, make_commitment, open_round):
    from accounts.personal_data import export
    from accounts.services import account_delete

    open_round(make_commitment(status="ready"))
    member = world["people"]["forum_member"]
    review_submit(item=RoundCommitment.objects.get(), reviewer=member, scores=full_scores(), remarks=[{"text": "Eén"}])
    data = export(member)
    assert data["forum_reviews"]["remarks"][0]["text"] == "Eén" and data["forum_reviews"]["reviews"][0]["scores"]
    account_delete(user=member)
    remark = Remark.objects.get()
    assert remark.author is None and remark.text == "Eén" and Review.objects.get().reviewer is None


def test_rounds_for_plan_lists_the_plans_rounds_newest_first_with_their_links(world, make_commitment, open_round):
    from stakeholders.selectors import rounds_for_plan

    first = open_round(make_commitment(status="ready"), title="Eerste")
    second = open_round(make_commitment(status="ready"), title="Tweede")
    ForumMemberFactory()  # another plan's forum, without rounds
    rounds = rounds_for_plan(world["plan"])
    assert [r.title for r in rounds] == ["Tweede", "Eerste"]
    assert rounds[0].get_absolute_url() == f"/forum/{world['plan'].slug}/rounds/{second.pk}/"
    assert rounds[1].decision_log_url == f"/forum/{world['plan'].slug}/rounds/{first.pk}/decisions/"
