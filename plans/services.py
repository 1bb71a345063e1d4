from django.db import transaction

from core.concurrency import lock_fresh
from core.formdata import assign, many_set, rows_save
from plans.models import ActionPlan, Event, Phase


@transaction.atomic
def plan_save(
    *,
    plan: ActionPlan | None,
    data: dict | None = None,
    phases: list[dict] | None = None,
    events: list[dict] | None = None,
    seen_version: str | None = None,
) -> ActionPlan:
    """Save a plan, its phases and/or its events in one transaction.

    ``data`` holds the plan's fields (``action_holders`` as the organisations); ``phases`` and
    ``events`` are rows (``core.formdata``). A part given as None is left as it is: the staff pages
    save the plan's details, its phases and its events each on their own page. A new plan needs
    ``data``. ``seen_version`` is the version of the plan the editor opened: when someone saved in
    between, ``core.concurrency.StaleEdit`` is raised and nothing is written, so that of two people
    saving at once the second is told and keeps what they typed.
    """
    editing = plan is not None and plan.pk
    if not editing and data is None:
        raise ValueError("A new plan needs its data.")
    plan = lock_fresh(ActionPlan, pk=plan.pk, seen=seen_version) if editing else ActionPlan()
    _changed, many = assign(plan, data or {})
    # Saved even when only the timeline changed: any change to it is a change to the plan, and
    # this bumps its version (``updated_at``) for the next editor, whichever part they edit. One
    # version for the three parts: two people saving different parts at once means one more
    # click for the second, never a lost edit.
    plan.save()
    many_set(plan, many)
    if phases is not None:
        rows_save(Phase, parent={"plan": plan}, rows=phases)
    if events is not None:
        rows_save(Event, parent={"plan": plan}, rows=events)
    return plan
