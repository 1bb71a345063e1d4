"""Reminders before a session, through the notifications engine's timeline jobs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Message
from notifications.timeline import run_jobs
from sessions.models import Session
from sessions.timeline import remind_session_participants

from .factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: datetime.date, hour=14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def session():
    return SessionFactory(
        starts_at=at(D(2022, 9, 20)), ends_at=at(D(2022, 9, 20), 17), registration_deadline=at(D(2022, 9, 18))
    )


def test_confirmed_participants_get_reminders_7_and_1_days_before_once(session, django_capture_on_commit_callbacks):
    confirmed = RegistrationFactory(session=session, arrival=1, person__language="en")
    RegistrationFactory(session=session, arrival=2, waitlisted=True)
    RegistrationFactory(session=session, arrival=3, cancelled=True)
    assert remind_session_participants(today=D(2022, 9, 12)) == 0  # 8 days before: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_session_participants(today=D(2022, 9, 13)) == 1
        assert remind_session_participants(today=D(2022, 9, 13)) == 0  # run twice, sent once
        assert remind_session_participants(today=D(2022, 9, 15)) == 0  # still the 7-day reminder
        assert remind_session_participants(today=D(2022, 9, 19)) == 1
    assert [m.to for m in mail.outbox] == [[confirmed.person.email]] * 2
    assert mail.outbox[0].subject.startswith("In 7 days:") and mail.outbox[1].subject.startswith("Tomorrow:")
    assert mail.outbox[1].attachments and "/sessions/cancel/" in mail.outbox[1].body
    assert remind_session_participants(today=D(2022, 9, 20)) == 0  # the day itself: no more


def test_after_downtime_only_the_nearest_reminder_is_sent(session):
    RegistrationFactory(session=session, arrival=1)
    assert remind_session_participants(today=D(2022, 9, 19)) == 1
    assert list(Message.objects.values_list("key", flat=True))[0].startswith("session-reminder:")
    assert Message.objects.get().key.split(":")[2] == "1"


def test_reminder_days_are_configurable_per_session(session):
    RegistrationFactory(session=session, arrival=1)
    Session.objects.filter(pk=session.pk).update(reminder_days="3")
    assert remind_session_participants(today=D(2022, 9, 13)) == 0
    assert remind_session_participants(today=D(2022, 9, 17)) == 1
    Session.objects.filter(pk=session.pk).update(reminder_days="")
    assert remind_session_participants(today=D(2022, 9, 19)) == 0


def test_cancelled_sessions_get_no_reminders(session):
    RegistrationFactory(session=session, arrival=1)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    assert remind_session_participants(today=D(2022, 9, 19)) == 0


def test_a_session_moved_to_another_day_gets_its_reminders_again(session):
    RegistrationFactory(session=session, arrival=1)
    assert remind_session_participants(today=D(2022, 9, 19)) == 1
    Session.objects.filter(pk=session.pk).update(starts_at=at(D(2022, 9, 27)), ends_at=at(D(2022, 9, 27), 17))
    assert remind_session_participants(today=D(2022, 9, 20)) == 1
    assert remind_session_participants(today=D(2022, 9, 26)) == 1


def test_the_job_is_registered_with_the_timeline(session):
    RegistrationFactory(session=session, arrival=1)
    assert run_jobs(D(2022, 9, 19))["sessions.timeline.remind_session_participants"] == 1


def test_reminder_job_query_count_does_not_grow_with_participants(session, django_assert_num_queries):
    RegistrationFactory(session=session, arrival=1)
    # sessions, their confirmed people, existing keys, savepoint, insert (returning the new ids), release
    with django_assert_num_queries(6) as small:
        remind_session_participants(today=D(2022, 9, 13))
    for n in range(5):
        RegistrationFactory(session=session, arrival=n + 2)
    Message.objects.all().delete()
    with django_assert_num_queries(len(small.captured_queries)):
        assert remind_session_participants(today=D(2022, 9, 13)) == 6


def test_a_late_reminder_states_the_days_really_left_in_dutch_and_english(session, django_capture_on_commit_callbacks):
    dutch = RegistrationFactory(session=session, arrival=1, person__language="nl")
    english = RegistrationFactory(session=session, arrival=2, person__language="en")
    # The job did not run a week before: it catches up two days before the session.
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_session_participants(today=D(2022, 9, 18)) == 2
    # Still the 7-day reminder (sent once), but it says two days.
    assert {m.key.split(":")[2] for m in Message.objects.all()} == {"7"}
    nl = next(m for m in mail.outbox if m.to == [dutch.person.email])
    en = next(m for m in mail.outbox if m.to == [english.person.email])
    assert nl.subject.startswith("Over 2 dagen:") and "is over 2 dagen." in nl.body
    assert en.subject.startswith("In 2 days:") and "is in 2 days." in en.body
    assert "7 dagen" not in nl.body and "7 days" not in en.body
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_session_participants(today=D(2022, 9, 19)) == 2
    assert mail.outbox[-1].subject.split(":")[0] in ("Morgen", "Tomorrow")
