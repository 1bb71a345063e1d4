"""Apps above commitments add guards to a workflow step (commitments.workflow)."""

import pytest

from commitments import workflow
from commitments.models import Commitment
from commitments.services import TransitionRefused, commitment_transition


@pytest.fixture
def guard():
    calls = []

    def refuse_finalise(*, commitment, actor):
        calls.append(commitment.pk)
        return "Not yet: the forum has not met." if commitment.title_nl.startswith("Nog niet") else None

    workflow.register_guard("finalise", refuse_finalise)
    workflow.register_guard("finalise", refuse_finalise)  # registering twice asks it once
    yield calls
    workflow._guards["finalise"].remove(refuse_finalise)


@pytest.mark.django_db
def test_a_guard_refuses_its_step_with_its_message_and_nothing_changes(world, make_commitment, guard):
    owner = world["people"]["process_owner"]
    blocked = make_commitment(status="revised", title_nl="Nog niet klaar")
    with pytest.raises(TransitionRefused, match="the forum has not met"):
        commitment_transition(commitment=blocked, name="finalise", actor=owner)
    assert Commitment.objects.get(pk=blocked.pk).status == "revised"
    allowed = make_commitment(status="revised")
    assert commitment_transition(commitment=allowed, name="finalise", actor=owner).status == "final"
    assert guard == [blocked.pk, allowed.pk]
    # Other steps are not asked.
    commitment_transition(commitment=make_commitment(status="draft"), name="submit", actor=owner)
    assert len(guard) == 2
