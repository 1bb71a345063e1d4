"""No overbooking: registrations that arrive at the same moment are served one after the other,
because each locks the session row before counting seats (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from notifications.models import Message
from sessions import services
from sessions.models import Registration
from tests.factories import UserFactory

from .factories import SessionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(workers):
    """Start every worker at the same moment; each closes its own database connection."""
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_forty_people_registering_at_once_for_ten_seats():
    session = SessionFactory(capacity=10)
    people = [UserFactory() for _ in range(40)]

    def register(person):
        return lambda: services.registration_create(session=session, person=person)

    assert run_at_once([register(p) for p in people]) == []

    rows = list(Registration.objects.filter(session=session).order_by("arrival"))
    assert len(rows) == 40
    assert [r.status for r in rows] == ["confirmed"] * 10 + ["waitlisted"] * 30
    # In order of arrival: the arrival numbers have no gaps and follow the order in which the rows
    # were written (ids and timestamps, taken under the lock), so the first ten served have the
    # seats and the waitlist positions follow the order in which people were served.
    assert [r.arrival for r in rows] == list(range(1, 41))
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
    assert [r.registered_at for r in rows] == sorted(r.registered_at for r in rows)
    waitlisted = [r for r in rows if r.status == "waitlisted"]
    assert [services.waitlist_position(r) for r in waitlisted] == list(range(1, 31))
    assert Message.objects.filter(kind="session-registered").count() == 40

    # Two cancellations of the same seat at once (the email link and the site): one promotion.
    cancelled = rows[0]
    results = []
    errors = run_at_once([lambda: results.append(services.registration_cancel(registration=cancelled))] * 2)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 1]
    assert Registration.objects.filter(session=session, status="confirmed").count() == 10
    promoted = Registration.objects.get(session=session, status="confirmed", arrival=11)
    assert Message.objects.filter(kind="session-promoted").get().recipient_id == promoted.person_id
    assert Registration.objects.filter(session=session, status="waitlisted").count() == 29


def test_two_different_cancellations_at_once_promote_two_in_order():
    session = SessionFactory(capacity=2)
    registrations = [services.registration_create(session=session, person=UserFactory()) for _ in range(5)]
    errors = run_at_once([lambda r=r: services.registration_cancel(registration=r) for r in registrations[:2]])
    assert errors == []
    confirmed = Registration.objects.filter(session=session, status="confirmed").order_by("arrival")
    assert [r.arrival for r in confirmed] == [3, 4]
