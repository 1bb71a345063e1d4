"""The workflow's steps, and the completeness check before review."""

import pytest
from django.urls import reverse

from commitments.content import commitment_missing
from commitments.models import Commitment, StatusChange
from tests.commitments.factories import MilestoneFactory


@pytest.mark.django_db
def test_an_incomplete_commitment_cannot_go_to_review_and_the_page_says_what_is_missing(world, login, make_commitment):
    commitment = make_commitment(complete=False, title_en="")
    MilestoneFactory(commitment=commitment, ends_on=None, expected_output_en="")
    client = login(world["people"]["action_holder"])
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Still missing before it can go to review" in html
    assert "Title is empty in English." in html
    assert "The problem it addresses is empty in Dutch." in html
    assert "Say which OGP values the commitment is relevant to" in html
    assert "not verifiable" in html  # no milestone with both dates and an expected output
    assert f'href="{reverse("commitments:edit", args=[commitment.identifier])}#id_problem_nl_group"' in html

    response = client.post(reverse("commitments:transition", args=[commitment.identifier, "submit"]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "This step was not taken" in html and "Title is empty in English." in html
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DRAFT
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_relevance_needs_an_explanation_in_both_languages_for_each_value_chosen(world, make_commitment):
    commitment = make_commitment(participation=True, participation_why_nl="Inwoners beslissen mee.")
    messages = [m.message for m in commitment_missing(commitment)]
    assert messages == ["Explain in English why it is relevant to civic participation."]


@pytest.mark.django_db
def test_a_complete_commitment_goes_through_the_whole_workflow(world, login, make_commitment):
    from core import clock
    from plans.models import Phase

    commitment = make_commitment()
    assert commitment_missing(commitment) == []
    holder, owner = world["people"]["action_holder"], world["people"]["process_owner"]
    steps = [("submit", holder, "ready"), ("start_review", owner, "in_review"), ("revise", holder, "revised"),
             ("finalise", owner, "final")]  # fmt: skip
    for name, person, status in steps:
        client = login(person)
        response = client.post(reverse("commitments:transition", args=[commitment.identifier, name]))
        assert response.status_code == 302, name
        commitment.refresh_from_db()
        assert commitment.status == status
        assert "The commitment is now" in client.get(response.url).content.decode()
    Phase.objects.filter(plan=world["plan"], kind=Phase.Kind.PUBLICATION).update(starts_on=clock.today())
    client = login(owner)
    client.post(reverse("commitments:transition", args=[commitment.identifier, "publish"]))
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PUBLISHED
    assert StatusChange.objects.filter(commitment=commitment).count() == 5
    history = client.get(reverse("commitments:history", args=[commitment.identifier])).content.decode()
    assert "Final → Published" in history


@pytest.mark.django_db
def test_ready_commitment_can_be_taken_back_to_draft_by_its_action_holder(world, login, make_commitment):
    commitment = make_commitment(status="ready")
    client = login(world["people"]["action_holder"])
    assert "Take back to draft" in client.get(commitment.get_absolute_url()).content.decode()
    client.post(reverse("commitments:transition", args=[commitment.identifier, "withdraw"]))
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DRAFT


@pytest.mark.django_db
def test_unknown_step_is_not_found(world, login, make_commitment):
    commitment = make_commitment()
    client = login(world["people"]["process_owner"])
    assert client.post(reverse("commitments:transition", args=[commitment.identifier, "explode"])).status_code == 404
    assert client.get(reverse("commitments:transition", args=[commitment.identifier, "submit"])).status_code == 405
