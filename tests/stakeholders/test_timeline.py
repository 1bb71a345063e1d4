"""Reminders before a meeting (7 and 1 days, once, stating the real days left), the OGP rhythm, the
warning to the process owners 30 days before a six-month gap, and the staff dashboard item."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Message
from notifications.timeline import jobs
from stakeholders.selectors import add_months, rhythm
from stakeholders.timeline import remind_forum_members, warn_forum_rhythm
from tests.factories import ActionPlanFactory
from tests.roles import log_in

from .factories import MeetingFactory, at

pytestmark = pytest.mark.django_db
D = datetime.date


def test_members_get_reminders_7_and_1_days_before_once(people, plan, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(plan=plan, starts_at=at(D(2022, 11, 30), 10))
    member = people["forum_member"]
    assert remind_forum_members(today=D(2022, 11, 22)) == 0  # 8 days before
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_forum_members(today=D(2022, 11, 23)) == 1  # only the current member of this plan
        assert remind_forum_members(today=D(2022, 11, 23)) == 0  # run twice, sent once
        assert remind_forum_members(today=D(2022, 11, 25)) == 0  # still the 7-day reminder
        assert remind_forum_members(today=D(2022, 11, 29)) == 1
        assert remind_forum_members(today=D(2022, 11, 30)) == 0  # the day itself
    reminders = Message.objects.filter(kind="forum-meeting-reminder").order_by("pk")
    assert [m.to_email for m in reminders] == [member.email, member.email]
    assert meeting.title_nl in reminders[1].subject
    assert "morgen" in reminders[1].subject.lower() or "tomorrow" in reminders[1].subject.lower()
    assert reminders[0].attachments[0]["mimetype"] == "text/calendar"


def test_a_late_reminder_states_the_days_really_left(people, plan):
    MeetingFactory(plan=plan, starts_at=at(D(2022, 11, 30), 10))
    people["forum_member"].language = "en"
    people["forum_member"].save()
    # The job did not run from 7 to 3 days before: the 7-day reminder says 3 days.
    assert remind_forum_members(today=D(2022, 11, 27)) == 1
    message = Message.objects.get(kind="forum-meeting-reminder")
    assert "In 3 days" in message.subject and "in 3 days" in message.body_text


def test_the_jobs_are_registered():
    assert {"stakeholders.timeline.remind_forum_members", "stakeholders.timeline.warn_forum_rhythm"} <= set(jobs())


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(D(2022, 10, 27), 6) == D(2023, 4, 27)
    assert add_months(D(2022, 8, 31), 6) == D(2023, 2, 28)


def test_the_rhythm_during_implementation_needs_two_meetings_a_year():
    plan = ActionPlanFactory(term_start=D(2023, 1, 1), term_end=D(2026, 12, 31))
    march = MeetingFactory(plan=plan, starts_at=at(D(2024, 3, 1)))
    august = MeetingFactory(plan=plan, starts_at=at(D(2024, 8, 1)))
    state = rhythm(plan, [march], D(2024, 4, 1))
    assert not state.holds and state.due == D(2024, 9, 1)
    state = rhythm(plan, [march, august], D(2024, 4, 1))
    assert state.holds and state.next == august and state.this_year == 2
    # Before the plan's term, one meeting in the year is enough when the next is planned in time.
    early = ActionPlanFactory(term_start=D(2023, 1, 1), term_end=D(2026, 12, 31))
    one = MeetingFactory(plan=early, starts_at=at(D(2022, 10, 27)))
    two = MeetingFactory(plan=early, starts_at=at(D(2023, 3, 1)))
    assert rhythm(early, [one, two], D(2022, 12, 1)).holds
    assert rhythm(early, [], D(2022, 12, 1)).problem  # never met


def test_the_process_owners_are_warned_30_days_before_a_six_month_gap_once(
    people, plan, django_capture_on_commit_callbacks
):
    MeetingFactory(plan=plan, starts_at=at(D(2022, 10, 27)))  # due by 27 April 2023
    owner = people["process_owner"]
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_forum_rhythm(today=D(2023, 3, 27)) == 0  # 31 days before
        assert warn_forum_rhythm(today=D(2023, 3, 28)) == 1
        assert warn_forum_rhythm(today=D(2023, 3, 28)) == 0
        assert warn_forum_rhythm(today=D(2023, 4, 10)) == 0  # once, not every day
    message = Message.objects.get(kind="forum-rhythm-warning")
    assert message.to_email == owner.email and "27 april 2023" in message.subject.lower()
    assert reverse("stakeholders:staff_plan", args=[plan.slug]) in message.body_text


def test_no_warning_when_a_meeting_is_planned_in_time(people, plan):
    MeetingFactory(plan=plan, starts_at=at(D(2022, 10, 27)))
    MeetingFactory(plan=plan, starts_at=at(D(2023, 4, 20)))
    assert warn_forum_rhythm(today=D(2023, 3, 28)) == 0


def test_the_staff_dashboard_lists_a_forum_out_of_rhythm(client, people, plan, settings):
    settings.PLATFORM_TODAY = "2023-03-28"
    MeetingFactory(plan=plan, starts_at=at(D(2022, 10, 27)))
    log_in(client, people["process_owner"], language="en")
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert "No meeting is planned before the date it is due." in html
    assert reverse("stakeholders:staff_plan", args=[plan.slug]) in html
    log_in(client, people["moderator"], language="en")
    assert "No meeting is planned" not in client.get(reverse("staff:dashboard")).content.decode()
