"""The reporting rounds' timeline: the invitation when a round opens, reminders 14 and 3 days
before its deadline and the overdue notice the day after, each once per person, only to the
action holders whose report is not in, whatever the number of runs of the tick."""

import datetime
from collections import Counter

import pytest
from django.core import mail

from implementation import rounds
from implementation.timeline import invite_to_report, notify_overdue_reports, remind_to_report
from notifications.models import Message
from notifications.timeline import jobs, run_jobs
from plans.models import ActionPlan
from tests.commitments.factories import CommitmentFactory
from tests.factories import MembershipFactory
from tests.implementation.rounds_fixtures import *  # noqa: F403
from tests.implementation.rounds_fixtures import DEADLINE, OPENS, D, report

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
KINDS = ("reporting-invitation", "reporting-reminder", "reporting-overdue")


def _sent():
    return Counter(
        (m.kind, m.to_email, m.key.rsplit(":", 1)[-1] if m.kind == "reporting-reminder" else "")
        for m in Message.objects.filter(kind__in=KINDS)
    )


def _holders(setting):
    return [setting["holder"], *setting["y_members"]]


def test_the_jobs_are_registered():
    names = set(jobs())
    assert {
        "implementation.timeline.invite_to_report",
        "implementation.timeline.remind_to_report",
        "implementation.timeline.notify_overdue_reports",
    } <= names


def test_a_tick_every_day_twice_sends_each_message_exactly_once(
    settings, setting, make_round, django_capture_on_commit_callbacks
):
    """The platform's clock moves day by day from before the opening to after the deadline; the
    tick runs twice a day. Every action holder gets one invitation, one reminder 14 days and one
    3 days before, and one overdue notice, on the right days."""
    reporting_round = make_round()
    holders = _holders(setting)
    days_sent: dict[tuple, D] = {}
    day = OPENS - 3 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        while day <= DEADLINE + 20 * DAY:
            settings.PLATFORM_TODAY = day.isoformat()
            run_jobs()
            run_jobs()
            for message in Message.objects.filter(kind__in=KINDS):
                days_sent.setdefault((message.kind, message.key), day)
            day += DAY
    sent = _sent()
    for user in holders:
        assert sent[("reporting-invitation", user.email, "")] == 1
        assert sent[("reporting-reminder", user.email, "14")] == 1
        assert sent[("reporting-reminder", user.email, "3")] == 1
        assert sent[("reporting-overdue", user.email, "")] == 1
    assert sum(sent.values()) == 4 * len(holders)
    assert {d for (kind, _k), d in days_sent.items() if kind == "reporting-invitation"} == {OPENS}
    assert {d for (kind, key), d in days_sent.items() if key.endswith(":14")} == {DEADLINE - 14 * DAY}
    assert {d for (kind, key), d in days_sent.items() if key.endswith(":3")} == {DEADLINE - 3 * DAY}
    assert {d for (kind, _k), d in days_sent.items() if kind == "reporting-overdue"} == {DEADLINE + DAY}
    # And they were delivered: one email per message.
    assert len([m for m in mail.outbox if m.to[0] in {u.email for u in holders}]) == 4 * len(holders)
    assert Message.objects.filter(kind__in=KINDS, key__contains=f":{reporting_round.pk}:").count() == 12


def test_the_invitation_lists_all_commitments_of_a_person_in_one_email_in_their_language(
    setting, make_round, django_capture_on_commit_callbacks
):
    make_round()
    second = CommitmentFactory(plan=setting["x"].plan, lead_organisation=setting["y"].lead_organisation,
                               status="published", complete=True, title_nl="Tweede verbintenis")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_to_report(today=OPENS) == 3
    dutch, english = setting["y_members"]
    to_dutch = [m for m in mail.outbox if m.to == [dutch.email]]
    to_english = [m for m in mail.outbox if m.to == [english.email]]
    assert len(to_dutch) == 1 and len(to_english) == 1
    assert "Voortgang voorjaar 2024" in to_dutch[0].subject
    assert "Progress spring 2024" in to_english[0].subject and "31 May 2024" in to_english[0].body
    for message in (to_dutch[0], to_english[0]):
        assert setting["y"].identifier in message.body and second.identifier in message.body
        assert setting["x"].identifier not in message.body
        assert rounds.round_url(setting["x"].plan.reporting_rounds.get()) in message.body
    assert "Actief openbaar maken" in to_dutch[0].body and "Proactive disclosure" in to_english[0].body
    # Not the draft commitment's action holder.
    assert not [m for m in mail.outbox if m.to == [setting["draft"].lead_organisation.members.get().email]]


def test_nothing_before_the_round_opens_and_no_invitation_after_its_deadline(setting, make_round):
    make_round()
    assert invite_to_report(today=OPENS - DAY) == 0
    assert remind_to_report(today=OPENS - DAY) == 0
    assert invite_to_report(today=DEADLINE + DAY) == 0
    assert not Message.objects.filter(kind="reporting-invitation").exists()


def test_those_whose_report_is_in_get_no_reminder_or_overdue_notice(setting, make_round):
    reporting_round = make_round()
    invite_to_report(today=OPENS)
    report(setting["x"].milestones.get(), reporting_round)  # X is in (submitted, not checked yet)
    y_first, y_second = setting["y"].milestones.order_by("position")
    report(y_first, reporting_round)  # Y only partly
    assert remind_to_report(today=DEADLINE - 14 * DAY) == 2
    reminded = set(Message.objects.filter(kind="reporting-reminder").values_list("to_email", flat=True))
    assert reminded == {u.email for u in setting["y_members"]}
    # Y's second milestone is reported, but the first report is sent back: still not in.
    report(y_second, reporting_round)
    y_first.progress_reports.update(review="returned")
    assert remind_to_report(today=DEADLINE - 3 * DAY) == 2
    report(y_first, reporting_round)  # sent again
    assert notify_overdue_reports(today=DEADLINE + DAY) == 0


def test_a_late_start_sends_only_the_nearest_reminder_and_says_the_days_really_left(
    setting, make_round, django_capture_on_commit_callbacks
):
    make_round()
    # The tick did not run between 14 and 5 days before the deadline: the 14-day reminder goes out
    # now, once, and says 5 days; then the 3-day one on its day.
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_to_report(today=DEADLINE - 5 * DAY) == 3
        assert remind_to_report(today=DEADLINE - 4 * DAY) == 0
        assert remind_to_report(today=DEADLINE - 3 * DAY) == 3
        assert remind_to_report(today=DEADLINE - 1 * DAY) == 0
        assert remind_to_report(today=DEADLINE) == 0
    english = setting["y_members"][1]
    first, second = [m for m in mail.outbox if m.to == [english.email]]
    assert first.subject.startswith("5 days left to report progress")
    assert second.subject.startswith("3 days left to report progress")
    assert {m.key.rsplit(":", 1)[1] for m in Message.objects.filter(kind="reporting-reminder")} == {"14", "3"}


def test_a_short_round_gets_no_reminder_on_its_opening_day(setting, make_round):
    # Opens 10 days before its deadline: the 14-day reminder would fall before the opening; the
    # invitation says it all that day. The 3-day reminder still comes.
    make_round(opens_on=DEADLINE - 10 * DAY)
    assert remind_to_report(today=DEADLINE - 10 * DAY) == 0
    assert remind_to_report(today=DEADLINE - 3 * DAY) == 3


def test_the_overdue_notice_is_sent_the_day_after_the_deadline_and_not_for_rounds_long_past(setting, make_round):
    make_round()
    old = make_round(opens_on=D(2023, 9, 1), deadline=D(2023, 10, 1), title_nl="Najaar 2023")
    assert notify_overdue_reports(today=DEADLINE) == 0
    assert notify_overdue_reports(today=DEADLINE + DAY) == 3
    assert notify_overdue_reports(today=DEADLINE + 2 * DAY) == 0
    assert not Message.objects.filter(key__contains=f":{old.pk}:").exists()
    message = Message.objects.filter(kind="reporting-overdue", to_email=setting["holder"].email).get()
    assert "Voortgang voorjaar 2024" in message.subject and "31 mei 2024" in message.body_text


def test_rounds_of_a_plan_that_is_not_public_send_nothing(setting, make_round, plan):
    make_round()
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
    assert invite_to_report(today=OPENS) == 0
    assert remind_to_report(today=DEADLINE - 14 * DAY) == 0
    assert notify_overdue_reports(today=DEADLINE + DAY) == 0


def test_plain_text_is_not_html_escaped_but_the_html_part_is(setting, make_round, django_capture_on_commit_callbacks):
    setting["x"].title_nl = "Agenda's <openbaar>"
    setting["x"].save()
    make_round()
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_report(today=OPENS)
    sent = next(m for m in mail.outbox if m.to == [setting["holder"].email])
    assert "Agenda's <openbaar>" in sent.body
    assert "Agenda&#x27;s &lt;openbaar&gt;" in sent.alternatives[0][0]


def test_the_jobs_cost_the_same_number_of_queries_whatever_the_number_of_commitments(
    setting, make_round, django_assert_num_queries
):
    make_round()
    # rounds, commitments, milestones, finished milestones, reports in the round, action holders;
    # the outbox: existing keys, savepoint, insert, release
    with django_assert_num_queries(10):
        assert invite_to_report(today=OPENS) == 3
    for _ in range(3):
        extra = CommitmentFactory(plan=setting["x"].plan, status="published", complete=True)
        MembershipFactory(organisation=extra.lead_organisation)
    with django_assert_num_queries(10):
        assert remind_to_report(today=DEADLINE - 14 * DAY) == 6
