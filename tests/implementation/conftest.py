"""A published plan in implementation: organisation X leads a published commitment with two
milestones; a member of X (the people fixture's action holder) reports on it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.models import Commitment
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import ThemeFactory

TODAY = "2024-06-01"


def pdf(name="besluit.pdf", text=b"besluit"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + text + b"\n%%EOF", content_type="application/pdf")


@pytest.fixture(autouse=True)
def _pinned_day(settings, tmp_path):
    settings.PLATFORM_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan_world(people):
    """The action holder's organisation leads a published commitment (two milestones, a theme);
    another organisation leads another one in the same plan."""
    holder = people["action_holder"]
    organisation = holder.organisations.get()
    plan = organisation.action_holder_of.get()
    theme = ThemeFactory(slug="open-data", name_nl="Open data", name_en="Open data")
    commitment = CommitmentFactory(
        plan=plan, lead_organisation=organisation, status=Commitment.Status.PUBLISHED, complete=True,
        title_nl="Open algoritmes", title_en="Open algorithms",
    )  # fmt: skip
    commitment.themes.add(theme)
    first = commitment.milestones.get()
    second = MilestoneFactory(commitment=commitment, position=2, description_nl="Tweede mijlpaal",
                              description_en="Second milestone")  # fmt: skip
    other = CommitmentFactory(plan=plan, status=Commitment.Status.PUBLISHED, complete=True, title_en="Other one")
    draft = CommitmentFactory(plan=plan, lead_organisation=organisation, status=Commitment.Status.FINAL, complete=True)
    return {
        "plan": plan,
        "theme": theme,
        "commitment": commitment,
        "first": first,
        "second": second,
        "other": other,
        "other_milestone": other.milestones.get(),
        "draft_milestone": draft.milestones.get(),
        "holder": holder,
        "owner": people["process_owner"],
        "day": datetime.date(2024, 5, 1),
    }
