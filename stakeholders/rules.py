import rules

from accounts.roles import is_moderator, is_process_owner, is_staff_member
from core import clock
from core.facts import fact

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
# --- Review rounds ---
# Object: a ReviewRound, or a RoundCommitment (an item) for reviewing and answering.


def _round(obj):
    return getattr(obj, "round", obj)


def seat_of(user, plan):
    """The user's current seat in the plan's forum, read once per request (``core.facts``)."""
    from stakeholders.selectors import current_seat

    if not user or not user.is_authenticated:
        return None
    return fact(user, f"forum_seat:{plan.pk}", lambda: current_seat(user, plan, clock.today()))


def _has_current_seat(user, plan) -> bool:
    return seat_of(user, plan) is not None


@rules.predicate
def has_current_seat_in_round_plan(user, obj):
    return obj is not None and user.is_authenticated and _has_current_seat(user, _round(obj).plan)


@rules.predicate
def leads_a_commitment_in_round(user, obj):
    if obj is None or not user.is_authenticated:
        return False
    orgs = set(user.memberships.values_list("organisation_id", flat=True))
    if hasattr(obj, "commitment"):
        return obj.commitment.lead_organisation_id in orgs
    return obj.items.filter(commitment__lead_organisation_id__in=orgs).exists()


@rules.predicate
def round_is_closed(user, obj):
    return obj is not None and _round(obj).is_closed(clock.today())


@rules.predicate
def is_assigned_reviewer(user, item):
    from stakeholders.selectors import assigned_to, current_seat

    return item is not None and assigned_to(item, current_seat(user, item.round.plan, clock.today()))


rules.add_perm("stakeholders.open_round", is_process_owner)
rules.add_perm("stakeholders.manage_round", is_process_owner)
rules.add_perm("stakeholders.moderate_round", is_process_owner | is_moderator)
rules.add_perm(
    "stakeholders.view_round", is_staff_member | has_current_seat_in_round_plan | leads_a_commitment_in_round
)
# Not tied to the deadline: a review sent just after it comes back with the message and
# everything typed (the service refuses it), instead of a bare 403.
rules.add_perm("stakeholders.review_item", has_current_seat_in_round_plan & is_assigned_reviewer)
# Action holders answer remarks on their own commitments only; process owners everything.
rules.add_perm("stakeholders.answer_item", is_process_owner | leads_a_commitment_in_round)
rules.add_perm("stakeholders.view_decision_log", round_is_closed | is_staff_member)
