import rules

from accounts.roles import is_process_owner, is_staff_member


@rules.predicate
def is_public_plan(user, plan):
    return plan is None or plan.status == plan.Status.PUBLIC


rules.add_perm("plans.read_plan", is_public_plan | is_staff_member)
rules.add_perm("plans.manage_plans", is_process_owner)

# Django admin: process owners manage plans, phases and events.
rules.add_perm("plans", is_process_owner)
for model in ("actionplan", "phase", "event", "theme"):
    for action in ("add", "change", "delete"):
        rules.add_perm(f"plans.{action}_{model}", is_process_owner)
for model in ("actionplan", "phase", "event", "theme"):
    rules.add_perm(f"plans.view_{model}", is_process_owner)
