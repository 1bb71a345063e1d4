import datetime

import factory
from django.utils import timezone

from stakeholders.models import ForumTerms, Meeting, MeetingDocument
from tests.factories import ActionPlanFactory, ForumMemberFactory  # noqa: F401 (one place to import from)


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ForumTermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumTerms

    plan = factory.SubFactory(ActionPlanFactory)
    text_nl = "Het forum denkt mee."
    text_en = "The forum thinks along."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    plan = factory.SubFactory(ActionPlanFactory)
    title_nl = factory.Sequence(lambda n: f"Forumbijeenkomst {n}")
    title_en = factory.Sequence(lambda n: f"Forum meeting {n}")
    starts_at = factory.LazyFunction(lambda: at(timezone.localdate() + datetime.timedelta(days=20)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "Ministerie van BZK"
    address = "Turfmarkt 147, Den Haag"
    agenda_nl = "1. Opening"
    agenda_en = "1. Opening"


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = "Notitie"
    file = factory.django.FileField(filename="notitie.pdf", data=b"%PDF-1.4 test")
