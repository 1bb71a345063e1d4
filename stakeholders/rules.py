import rules

from accounts.roles import is_process_owner

# Django admin: process owners appoint forum members.
rules.add_perm("stakeholders", is_process_owner)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"stakeholders.{action}_forummember", is_process_owner)

# --- Forum and meetings ---


@rules.predicate
def has_current_seat_in_plan(user, obj):
    """A current seat in the forum of the plan of ``obj`` (a plan or a meeting)."""
    from stakeholders.selectors import has_current_seat

    if obj is None or not user.is_authenticated:
        return False
    plan = getattr(obj, "plan", obj)
    return has_current_seat(user, plan)


# Staff pages of the forum: seats, terms of reference, meetings, attendance, minutes.
rules.add_perm("stakeholders.manage_forum", is_process_owner)
# Before the minutes are published, a meeting's documents and online link are for the plan's
# current members and the process owners; a member of another plan or with an ended seat sees
# only what the public sees.
rules.add_perm("stakeholders.view_meeting_internals", is_process_owner | has_current_seat_in_plan)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"stakeholders.{action}_meeting", is_process_owner)
