import datetime

import factory
from allauth.account.models import EmailAddress
from faker import Faker

from accounts.models import Membership, Organisation, User
from accounts.services import role_grant
from plans.models import ActionPlan, Event, Phase, Theme
from stakeholders.models import ForumMember

_dutch = Faker("nl_NL")


def _plain_dutch_name() -> str:
    """A Dutch name without characters that HTML escapes ("d' Heripon"), so that tests can look
    for it in a page as it is."""
    return _dutch.name().replace("'", "").replace("&", "en")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.LazyFunction(_plain_dutch_name)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            role_grant(user=obj, role=extracted)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name_nl = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.CIVIL_SOCIETY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    number = factory.Sequence(lambda n: n + 10)
    slug = factory.LazyAttribute(lambda o: f"actieplan-{o.number}")
    title_nl = factory.LazyAttribute(lambda o: f"Actieplan Open Overheid {o.number}")
    title_en = factory.LazyAttribute(lambda o: f"Open Government Action Plan {o.number}")
    term_start = datetime.date(2023, 1, 1)
    term_end = datetime.date(2026, 12, 31)
    status = ActionPlan.Status.PUBLIC


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    plan = factory.SubFactory(ActionPlanFactory)
    kind = Phase.Kind.CALL_FOR_INPUT
    starts_on = datetime.date(2022, 6, 1)
    ends_on = datetime.date(2022, 10, 31)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    plan = factory.SubFactory(ActionPlanFactory)
    kind = Event.Kind.PROGRAMME_COUNCIL
    title_nl = "Programmaraad Open Overheid"
    title_en = "Open Government Programme Council"
    starts_at = datetime.datetime(2022, 5, 19, 14, 0, tzinfo=datetime.UTC)


class ForumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMember

    plan = factory.SubFactory(ActionPlanFactory)
    user = factory.SubFactory(UserFactory)
    sector = Organisation.Kind.CIVIL_SOCIETY
    since = datetime.date(2020, 1, 1)
