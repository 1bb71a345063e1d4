import datetime

import factory
from django.utils import timezone

from ideas.models import BuildingBlock, Idea
from plans.models import Phase
from tests.factories import ActionPlanFactory, PhaseFactory, ThemeFactory, UserFactory


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published contribution; ``pending=True``: submitted and not moderated yet;
    ``answered=True``: published and answered, as ``ideas.services`` records an answer."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idee nummer {n}")
    text = "Maak overheidsinformatie beter vindbaar."
    status = Idea.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=Idea.Status.NEW, published_at=None)
        answered = factory.Trait(
            outcome=Idea.Outcome.PARTLY, response="Deels overgenomen.", responded_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create:
            obj.themes.set(extracted or [ThemeFactory(slug="open-data", name_nl="Open data", name_en="Open data")])


class BuildingBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuildingBlock

    plan = factory.SubFactory(ActionPlanFactory)
    title_nl = factory.Sequence(lambda n: f"Bouwsteen {n}")
    title_en = factory.Sequence(lambda n: f"Building block {n}")


def open_call(plan=None, today=None):
    """A plan whose call for input is open today."""
    today = today or timezone.localdate()
    plan = plan or ActionPlanFactory()
    PhaseFactory(
        plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
    )  # fmt: skip
    return plan
