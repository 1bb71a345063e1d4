from django.db import transaction

from core.concurrency import lock_fresh
from core.formdata import assign, many_set, rows_save
from plans.models import ActionPlan, Event, Phase


@transaction.atomic
def plan_save(
    *, plan: ActionPlan | None, data: dict, phases: list[dict], events: list[dict], seen_version: str | None = None
) -> ActionPlan:
    """Save a plan with its phases and events in one transaction.

    ``data`` holds the plan's fields (``action_holders`` as the organisations); ``phases`` and
    ``events`` are rows (``core.formdata``). ``seen_version`` is the version of the plan the editor
    opened: when someone saved in between, ``core.concurrency.StaleEdit`` is raised and nothing is
    written, so that of two people saving at once the second is told and keeps what they typed.
    """
    editing = plan is not None and plan.pk
    plan = lock_fresh(ActionPlan, pk=plan.pk, seen=seen_version) if editing else ActionPlan()
    _changed, many = assign(plan, data)
    # Saved even when only the timeline changed: any change to it is a change to the plan, and
    # this bumps its version (``updated_at``) for the next editor.
    plan.save()
    many_set(plan, many)
    rows_save(Phase, parent={"plan": plan}, rows=phases)
    rows_save(Event, parent={"plan": plan}, rows=events)
    return plan
