import datetime

import factory

from commitments.content import snapshot_of
from commitments.models import Commitment, CommitmentVersion, Milestone
from tests.factories import ActionPlanFactory, OrganisationFactory

COMPLETE_TEXT = {
    **{
        f"{name}_{lang}": f"{name} {lang}: tekst"
        for name in ("problem", "causes", "done_so_far", "description", "how_it_helps")
        for lang in ("nl", "en")
    },
    "transparency": True,
    "transparency_why_nl": "Meer informatie wordt openbaar.",
    "transparency_why_en": "More information becomes public.",
    "contact_name": "Pieter Jansen",
    "contact_email": "pieter@example.org",
}


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A commitment with version 1 recorded. ``complete=True`` fills the whole template and adds
    one verifiable milestone; by default only the titles are there."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    lead_organisation = factory.SubFactory(OrganisationFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    identifier = factory.LazyAttribute(lambda o: f"NL-{o.plan.number}-{o.sequence:02d}")
    title_nl = factory.Sequence(lambda n: f"Verbintenis {n}")
    title_en = factory.Sequence(lambda n: f"Commitment {n}")
    status = Commitment.Status.DRAFT

    class Params:
        complete = factory.Trait(**COMPLETE_TEXT)

    @factory.post_generation
    def action_holder(obj, create, extracted, **kwargs):
        if create:
            obj.plan.action_holders.add(obj.lead_organisation)

    @factory.post_generation
    def milestone(obj, create, extracted, **kwargs):
        if create and (extracted or obj.problem_nl):
            MilestoneFactory(commitment=obj, position=1)

    @factory.post_generation
    def first_version(obj, create, extracted, **kwargs):
        if create:
            CommitmentVersion.objects.create(
                commitment=obj, number=1, snapshot=snapshot_of(obj), changed_fields=["title_nl"]
            )
            Commitment.objects.filter(pk=obj.pk).update(version=1)
            obj.version = 1


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    position = 1
    description_nl = "Eerste mijlpaal"
    description_en = "First milestone"
    expected_output_nl = "Een rapport"
    expected_output_en = "A report"
    starts_on = datetime.date(2023, 3, 1)
    ends_on = datetime.date(2023, 12, 31)
