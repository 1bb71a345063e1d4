"""Reporting rounds: whether a commitment's report is in, opening a round (and its bad input), the
staff and public pages for every role, the agenda of a forum meeting, the forum's comments, and the
staff dashboard's line."""

import pytest
from django.core import mail
from django.urls import reverse

from implementation import rounds
from implementation.models import ForumComment, ReportingRound
from implementation.rounds import State
from notifications.models import Message
from plans.models import ActionPlan
from tests.commitments.factories import CommitmentFactory
from tests.factories import ForumMemberFactory, MembershipFactory
from tests.implementation.rounds_fixtures import *  # noqa: F403
from tests.implementation.rounds_fixtures import DEADLINE, OPENS, TODAY, D, report
from tests.roles import LOGIN, PROCESS_OWNER, PUBLIC, STAFF, assert_answers, log_in
from tests.stakeholders.factories import MeetingFactory, at

pytestmark = pytest.mark.django_db
R = "implementation_rounds"


def _states(reporting_round):
    return {c.commitment.pk: c.state for c in rounds.round_status(reporting_round).commitments}


# --- Whether the report is in -------------------------------------------------------------------


def test_a_report_is_in_when_every_open_milestone_has_a_report_that_was_not_sent_back(setting, make_round):
    reporting_round = make_round()
    x, y = setting["x"], setting["y"]
    first, second = y.milestones.order_by("position")
    assert _states(reporting_round) == {x.pk: State.MISSING, y.pk: State.MISSING}  # not the draft
    report(first, reporting_round)
    assert _states(reporting_round)[y.pk] == State.PARTLY
    returned = report(second, reporting_round, review="returned")
    assert _states(reporting_round)[y.pk] == State.PARTLY  # a report sent back does not count
    report(second, reporting_round, review="accepted")
    assert _states(reporting_round)[y.pk] == State.IN
    # A report in another round (or in none) does not count for this one.
    report(x.milestones.get(), None)
    report(x.milestones.get(), make_round(opens_on=D(2023, 9, 1), deadline=D(2023, 10, 1)))
    assert _states(reporting_round)[x.pk] == State.MISSING
    status = rounds.round_status(reporting_round)
    assert (status.reports_in, status.total) == (1, 2)
    assert rounds.report_is_in(y, reporting_round) and not rounds.report_is_in(x, reporting_round)
    assert returned.review == "returned"


def test_a_milestone_finished_before_the_round_needs_no_new_report(setting, make_round):
    reporting_round = make_round()
    x, y = setting["x"], setting["y"]
    # X's only milestone was completed in an earlier round: X has nothing left to report (in).
    report(x.milestones.get(), None, completion="completed", review="accepted", on=D(2023, 12, 1))
    # Y's first milestone was withdrawn, but that report was never accepted: still open.
    first, second = y.milestones.order_by("position")
    report(first, None, completion="withdrawn", review="submitted", on=D(2023, 12, 1))
    report(second, reporting_round)
    states = _states(reporting_round)
    assert states[x.pk] == State.NOTHING_DUE and states[y.pk] == State.PARTLY
    assert rounds.round_status(reporting_round).reports_in == 1


def test_round_statuses_cost_four_queries_for_any_number_of_rounds_and_commitments(
    setting, make_round, django_assert_num_queries
):
    one = make_round()
    with django_assert_num_queries(4):
        rounds.round_statuses([one])
    two = make_round(opens_on=D(2023, 9, 1), deadline=D(2023, 10, 1))
    for _ in range(3):
        CommitmentFactory(plan=setting["x"].plan, status="published", complete=True)
    report(setting["x"].milestones.get(), one)
    with django_assert_num_queries(4):
        statuses = rounds.round_statuses([one, two])
    assert statuses[one.pk].total == 5 and statuses[one.pk].reports_in == 1 and statuses[two.pk].reports_in == 0


def test_the_round_for_a_report_is_the_open_one_or_the_last_one_opened(setting, make_round, plan):
    autumn = make_round(opens_on=D(2023, 9, 1), deadline=D(2023, 10, 1))
    spring = make_round()
    assert rounds.round_for(plan, D(2023, 8, 1)) is None
    assert rounds.round_for(plan, D(2023, 9, 15)) == autumn
    assert rounds.round_for(plan, D(2023, 11, 15)) == autumn  # late for the autumn round
    assert rounds.round_for(plan, D(2024, 4, 2)) == spring


# --- Opening a round ----------------------------------------------------------------------------


def _open_data(**overrides):
    return {
        "title_nl": "Voortgang voorjaar 2024",
        "title_en": "Progress spring 2024",
        "opens_on": OPENS.isoformat(),
        "deadline": DEADLINE.isoformat(),
        "forum_meeting": "",
        **overrides,
    }


def test_a_process_owner_opens_a_round_and_the_action_holders_are_invited_at_once(
    client, people, setting, plan, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(plan=plan, starts_at=at(D(2024, 6, 10)))
    log_in(client, people["process_owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(f"{R}:staff_new", args=[plan.slug]), _open_data(forum_meeting=meeting.pk), follow=True
        )
    reporting_round = ReportingRound.objects.get()
    assert response.redirect_chain[-1][0] == rounds.staff_round_url(reporting_round)
    html = response.content.decode()
    assert "Voortgang voorjaar 2024" in html and setting["x"].identifier in html and meeting.title_nl in html
    assert reporting_round.forum_meeting == meeting and reporting_round.opened_by == people["process_owner"]
    invited = {m.to[0] for m in mail.outbox}
    assert invited == {setting["holder"].email, *(u.email for u in setting["y_members"])}
    # The timeline job the same day sends nothing more.
    from implementation.timeline import invite_to_report

    assert invite_to_report(today=TODAY) == 0


def test_a_round_opening_later_is_saved_and_invites_nobody_yet(client, people, setting, plan):
    log_in(client, people["process_owner"])
    response = client.post(reverse(f"{R}:staff_new", args=[plan.slug]), _open_data(opens_on="2024-04-15"))
    assert response.status_code == 302
    assert ReportingRound.objects.get().opens_on == D(2024, 4, 15)
    assert not Message.objects.filter(kind="reporting-invitation").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"deadline": "2024-03-31", "opens_on": "2024-04-10"}, "deadline", "The deadline must be on or after the day"),
        ({"opens_on": "2024-03-01", "deadline": "2024-03-31"}, "deadline", "The deadline cannot be in the past."),
        ({"opens_on": "2024-05-01", "deadline": "2024-07-01"}, "opens_on", "These dates overlap with the round"),
        ({"deadline": "31-05-2024"}, "deadline", "Give a date, such as 2024-05-31."),
        ({"title_nl": ""}, "title_nl", "Give the round a Dutch title."),
        ({"title_en": "Line\nbreak"}, "title_en", ""),
    ],
)
def test_bad_input_gives_an_error_at_its_field_keeps_what_was_typed_and_writes_nothing(
    client, people, setting, plan, make_round, overrides, field, message
):
    make_round(opens_on=D(2024, 6, 1), deadline=D(2024, 6, 30), title_nl="Zomerronde")
    log_in(client, people["process_owner"], language="en")
    data = _open_data(title_nl="Mijn getypte titel" if field != "title_nl" else "", **{
        k: v for k, v in overrides.items() if k != "title_nl"})  # fmt: skip
    response = client.post(reverse(f"{R}:staff_new", args=[plan.slug]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html and f'href="#id_{field}_group"' in html
    if field != "title_nl":
        assert 'value="Mijn getypte titel"' in html
    assert ReportingRound.objects.count() == 1
    assert not Message.objects.filter(kind="reporting-invitation").exists()


def test_the_overlap_error_names_the_other_round_in_dutch(client, people, setting, plan, make_round):
    make_round(opens_on=D(2024, 6, 1), deadline=D(2024, 6, 30), title_nl="Zomerronde")
    log_in(client, people["process_owner"])
    response = client.post(reverse(f"{R}:staff_new", args=[plan.slug]), _open_data(deadline="2024-06-01"))
    assert response.status_code == 400
    assert "Zomerronde" in response.content.decode() and "overlappen" in response.content.decode()


def test_a_plan_without_published_commitments_gets_no_round(client, people, plan, today):
    log_in(client, people["process_owner"], language="en")
    response = client.post(reverse(f"{R}:staff_new", args=[plan.slug]), _open_data())
    assert response.status_code == 400
    assert "no published commitments yet" in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_a_meeting_of_another_plan_is_refused(setting, plan, people, make_round):
    from django.core.exceptions import ValidationError

    other = MeetingFactory()
    with pytest.raises(ValidationError) as refused:
        rounds.round_open(plan=plan, title_nl="A", title_en="A", opens_on=OPENS, deadline=DEADLINE,
                          forum_meeting=other, actor=people["process_owner"])  # fmt: skip
    assert "forum_meeting" in refused.value.message_dict
    reporting_round = make_round()
    with pytest.raises(ValidationError):
        rounds.round_agenda_set(reporting_round=reporting_round, meeting=other, actor=people["process_owner"])
    assert not ReportingRound.objects.exclude(pk=reporting_round.pk).exists()


# --- Roles ----------------------------------------------------------------------------------------


def test_every_role_gets_the_answer_it_should_on_every_page(client, people, setting, plan, make_round):
    reporting_round = make_round()
    draft_plan = ActionPlan.objects.create(
        number=77, slug="concept-77", title_nl="Concept", title_en="Draft", term_start=D(2027, 1, 1),
        term_end=D(2029, 1, 1),
    )  # fmt: skip
    hidden = ReportingRound.objects.create(plan=draft_plan, title_nl="Verborgen", title_en="Hidden",
                                           opens_on=OPENS, deadline=DEADLINE)  # fmt: skip
    args, hidden_args = [plan.slug, reporting_round.pk], [draft_plan.slug, hidden.pk]
    assert_answers(client, people, [
        (reverse(f"{R}:staff_list", args=[plan.slug]), STAFF),
        (reverse(f"{R}:staff_new", args=[plan.slug]), PROCESS_OWNER),
        (reverse(f"{R}:staff_round", args=args), STAFF),
        (reverse(f"{R}:list", args=[plan.slug]), PUBLIC),
        (reverse(f"{R}:detail", args=args), PUBLIC),
        (reverse(f"{R}:list", args=[draft_plan.slug]), STAFF),
        (reverse(f"{R}:detail", args=hidden_args), STAFF),
        (reverse(f"{R}:staff_round", args=hidden_args), STAFF),
        (reverse(f"{R}:detail", args=[draft_plan.slug, reporting_round.pk]), dict.fromkeys(people, 404)),
    ])  # fmt: skip
    # POST-only pages: the agenda (process owners), a comment (members of this plan's forum).
    commenting = {**dict.fromkeys(people, 403), "anonymous": LOGIN, "forum_member": 400}
    assert_answers(client, people, [(reverse(f"{R}:comment", args=args), commenting)], method="post")
    assert_answers(client, people, [(reverse(f"{R}:staff_agenda", args=args), {**PROCESS_OWNER, "process_owner": 302})],
                   method="post", data={"forum_meeting": ""})  # fmt: skip


def test_only_the_forum_members_see_the_comment_form_and_staff_the_link_to_the_staff_page(
    client, people, setting, make_round
):
    reporting_round = make_round()
    url = rounds.round_url(reporting_round)
    answers = assert_answers(client, people, [(url, PUBLIC)], language="en")
    for role in people:
        html = answers[url, role].content.decode()
        assert ("Comment as a member of the forum" in html) == (role == "forum_member"), role
        assert ("Which reports are in (staff)" in html) == (role in ("moderator", "process_owner")), role


def test_members_of_another_forum_or_with_an_ended_seat_cannot_comment(client, setting, make_round, plan):
    reporting_round = make_round()
    other = ForumMemberFactory().user
    ended = ForumMemberFactory(plan=plan, since=D(2020, 1, 1), until=D(2023, 1, 1)).user
    for person in (other, ended):
        log_in(client, person)
        response = client.post(reverse(f"{R}:comment", args=[plan.slug, reporting_round.pk]), {"body": "Hallo"})
        assert response.status_code == 403
    assert not ForumComment.objects.exists()


# --- The forum's comments -------------------------------------------------------------------------


def test_a_forum_member_comments_and_everyone_reads_it_with_the_round_escaped(
    client, people, setting, plan, make_round
):
    reporting_round = make_round()
    member = people["forum_member"]
    log_in(client, member)
    url = reverse(f"{R}:comment", args=[plan.slug, reporting_round.pk])
    text = "Mijlpaal 2 loopt <b>achter</b> & verdient aandacht."
    response = client.post(url, {"body": text, "commitment": setting["y"].pk})
    comment = ForumComment.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#comment-{comment.pk}")
    assert (comment.author, comment.commitment, comment.round) == (member, setting["y"], reporting_round)
    for person in (None, people["process_owner"]):
        log_in(client, person, language="en")
        page = rounds.round_url(reporting_round) if person is None else rounds.staff_round_url(reporting_round)
        html = client.get(page).content.decode()
        assert "Mijlpaal 2 loopt &lt;b&gt;achter&lt;/b&gt; &amp; verdient aandacht." in html
        assert "<b>achter</b>" not in html
        assert setting["y"].identifier in html
        # No consent to show the name: the sector, never the name or the address.
        assert "A forum member (Civil society organisation)" in html
        assert member.name not in html and member.email not in html


def test_a_member_who_agreed_is_shown_by_name(client, people, setting, plan, make_round):
    reporting_round = make_round()
    people["forum_member"].forum_seats.update(consent_to_show_name=True)
    rounds.forum_comment_add(reporting_round=reporting_round, author=people["forum_member"], body="Goed bezig.")
    html = client.get(rounds.round_url(reporting_round)).content.decode()
    assert people["forum_member"].name in html and "Goed bezig." in html


def test_an_empty_comment_gets_an_error_and_keeps_the_choice(client, people, setting, plan, make_round):
    reporting_round = make_round()
    log_in(client, people["forum_member"], language="en")
    response = client.post(
        reverse(f"{R}:comment", args=[plan.slug, reporting_round.pk]), {"body": "   ", "commitment": setting["x"].pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write your comment." in html and 'class="error-summary"' in html
    assert f'<option value="{setting["x"].pk}" selected>' in html
    assert not ForumComment.objects.exists()


def test_comments_are_rate_limited_and_what_was_typed_is_kept(client, people, setting, plan, make_round):
    reporting_round = make_round()
    log_in(client, people["forum_member"], language="en")
    url = reverse(f"{R}:comment", args=[plan.slug, reporting_round.pk])
    for n in range(10):
        assert client.post(url, {"body": f"Opmerking {n}"}).status_code == 302
    response = client.post(url, {"body": "Nog eentje"})
    assert response.status_code == 429
    assert "many comments in a short time" in response.content.decode()
    assert "Nog eentje" in response.content.decode()
    assert ForumComment.objects.count() == 10


# --- Agenda of a forum meeting --------------------------------------------------------------------


def test_a_round_put_on_a_meeting_agenda_shows_on_the_meeting_page(client, people, setting, plan, make_round):
    reporting_round = make_round()
    meeting = MeetingFactory(plan=plan, starts_at=at(D(2024, 6, 10)))
    log_in(client, people["process_owner"])
    response = client.post(reverse(f"{R}:staff_agenda", args=[plan.slug, reporting_round.pk]),
                           {"forum_meeting": meeting.pk})  # fmt: skip
    assert response.status_code == 302
    reporting_round.refresh_from_db()
    assert reporting_round.forum_meeting == meeting
    log_in(client, None, language="en")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Progress of the action plan" in html and "Progress spring 2024" in html
    assert rounds.round_url(reporting_round) in html
    round_html = client.get(rounds.round_url(reporting_round)).content.decode()
    assert meeting.get_absolute_url() in round_html
    # A meeting without rounds shows no such section.
    assert (
        "Progress of the action plan" not in client.get(MeetingFactory(plan=plan).get_absolute_url()).content.decode()
    )


def test_a_meeting_of_another_plan_cannot_be_chosen_on_the_agenda_form(client, people, setting, plan, make_round):
    reporting_round = make_round()
    other = MeetingFactory()
    log_in(client, people["process_owner"], language="en")
    response = client.post(reverse(f"{R}:staff_agenda", args=[plan.slug, reporting_round.pk]),
                           {"forum_meeting": other.pk})  # fmt: skip
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    reporting_round.refresh_from_db()
    assert reporting_round.forum_meeting is None


# --- Staff pages and the dashboard ----------------------------------------------------------------


def test_the_staff_page_shows_per_commitment_whether_its_report_is_in(client, people, setting, make_round):
    reporting_round = make_round()
    report(setting["x"].milestones.get(), reporting_round, review="accepted")
    report(setting["y"].milestones.order_by("position").first(), reporting_round)
    log_in(client, people["moderator"], language="en")
    html = client.get(rounds.staff_round_url(reporting_round)).content.decode()
    assert "Reports in: 1 of 2 commitments." in html
    x_row = next(row for row in html.split("<tr>") if setting["x"].identifier in row)
    y_row = next(row for row in html.split("<tr>") if setting["y"].identifier in row)
    assert "Report in" in x_row and "1 / 1" in x_row
    assert "Report partly in" in y_row and "1 / 2" in y_row
    assert setting["draft"].identifier not in html
    # Moderators read; only process owners change the agenda.
    assert "Save the agenda" not in html
    log_in(client, people["process_owner"], language="en")
    assert "Save the agenda" in client.get(rounds.staff_round_url(reporting_round)).content.decode()
    listing = client.get(reverse(f"{R}:staff_list", args=[reporting_round.plan.slug])).content.decode()
    assert "Progress spring 2024" in listing and "1 of 2" in listing


def test_the_dashboard_shows_the_reports_not_in_of_an_open_round(client, people, setting, plan, make_round):
    ActionPlan.objects.filter(pk=plan.pk).update(term_start=D(2023, 1, 1), term_end=D(2026, 12, 31))
    log_in(client, people["process_owner"], language="en")
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert "no reporting round opened in the last six months" in html
    assert reverse(f"{R}:staff_list", args=[plan.slug]) in html
    reporting_round = make_round()
    report(setting["x"].milestones.get(), reporting_round)
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert "Progress spring 2024" in html and "1 of 2 reports not in yet" in html
    assert rounds.staff_round_url(reporting_round) in html
    assert "no reporting round opened in the last six months" not in html
    # Not for people without a staff role.
    log_in(client, people["forum_member"])
    assert client.get(reverse("staff:dashboard")).status_code == 403


def test_the_pages_cost_the_same_number_of_queries_whatever_the_data(client, people, setting, plan, make_round):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reporting_round = make_round()
    rounds.forum_comment_add(reporting_round=reporting_round, author=people["forum_member"], body="Eerste")
    log_in(client, people["process_owner"])
    pages = [rounds.staff_round_url(reporting_round), rounds.round_url(reporting_round),
             reverse(f"{R}:staff_list", args=[plan.slug]), reverse(f"{R}:list", args=[plan.slug])]  # fmt: skip

    def counts():
        result = []
        for page in pages:
            client.get(page)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for n in range(4):
        extra = CommitmentFactory(plan=plan, status="published", complete=True)
        MembershipFactory(organisation=extra.lead_organisation)
        report(extra.milestones.get(), reporting_round)
        rounds.forum_comment_add(reporting_round=reporting_round, author=people["forum_member"], body=f"Opmerking {n}",
                                 commitment=extra)  # fmt: skip
    make_round(opens_on=D(2023, 9, 1), deadline=D(2023, 10, 1))
    assert counts() == before


def test_a_members_comments_are_in_their_data_and_stay_without_their_name_when_they_leave(
    client, people, setting, make_round
):
    from accounts.services import account_delete

    reporting_round = make_round()
    member = people["forum_member"]
    people["forum_member"].forum_seats.update(consent_to_show_name=True)
    rounds.forum_comment_add(reporting_round=reporting_round, author=member, body="Mijn commentaar",
                             commitment=setting["x"])  # fmt: skip
    log_in(client, member)
    [exported] = client.get(reverse("accounts:my_data")).json()["forum_comments_on_progress"]
    assert exported["reporting_round"] == "Voortgang voorjaar 2024" and exported["comment"] == "Mijn commentaar"
    assert exported["commitment"] == setting["x"].identifier and exported["created_at"]
    account_delete(user=member)
    comment = ForumComment.objects.get()
    assert comment.author is None and comment.body == "Mijn commentaar"
    log_in(client, None, language="en")
    html = client.get(rounds.round_url(reporting_round)).content.decode()
    assert "Mijn commentaar" in html and "A forum member," in html
    assert member.name not in html
