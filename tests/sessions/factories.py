import datetime

import factory
from django.utils import timezone

from sessions.models import Registration, Session
from tests.factories import ActionPlanFactory, UserFactory


def in_days(days: float, hour: int = 14) -> datetime.datetime:
    """A moment ``days`` from now at the given hour (local time)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    slug = factory.Sequence(lambda n: f"meedenksessie-{n}")
    title = factory.Sequence(lambda n: f"Meedenksessie open data {n}")
    description = "We verzamelen samen ideeën voor het actieplan."
    starts_at = factory.LazyFunction(lambda: in_days(14, 13))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=2))
    mode = Session.Mode.IN_PERSON
    venue = "Stadhuis Utrecht"
    address = "Stadsplateau 1, 3521 AZ Utrecht"
    venue_accessibility = "Drempelvrije ingang, lift en een invalidentoilet."
    capacity = 10

    class Params:
        cancelled = factory.Trait(status=Session.Status.CANCELLED)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration; ``waitlisted=True`` or ``cancelled=True`` for the other states."""

    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    arrival = factory.Sequence(lambda n: n + 1)
    registered_at = factory.LazyFunction(timezone.now)

    class Params:
        waitlisted = factory.Trait(status=Registration.Status.WAITLISTED)
        cancelled = factory.Trait(status=Registration.Status.CANCELLED, cancelled_at=factory.LazyFunction(timezone.now))
