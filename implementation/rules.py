import rules

from accounts.roles import is_process_owner, is_staff_member
from stakeholders.rules import has_current_seat_in_plan

# --- assessment ---


@rules.predicate
def self_assessment_is_public(user, assessment):
    from implementation.assessment import is_public

    return assessment is not None and is_public(assessment)


# A published self-assessment is public from its date on, once its plan is public; staff see it before.
rules.add_perm("implementation.view_self_assessment", is_staff_member | self_assessment_is_public)
# Process owners compile (preview) and publish the self-assessment of a plan.
rules.add_perm("implementation.publish_self_assessment", is_process_owner)
# --- rounds: reporting rounds and the forum's comments on them (#15.3, #15.5) ---
# Object: a plan (the list of its rounds) or a ReportingRound.


@rules.predicate
def round_plan_is_public(user, obj):
    """The plan (of the round) is public: its rounds and the forum's comments are for everyone."""
    if obj is None:
        return False
    plan = getattr(obj, "plan", obj)
    return plan.status == plan.Status.PUBLIC


# The public pages of a round: the dates, the meeting that discusses it, the forum's comments.
rules.add_perm("implementation.view_rounds", round_plan_is_public | is_staff_member)
# Staff pages: per commitment whether its report is in (moderators read, process owners act).
rules.add_perm("implementation.view_rounds_staff", is_staff_member)
rules.add_perm("implementation.manage_rounds", is_process_owner)
# The forum comments on the progress: members with a current seat in the plan's forum.
rules.add_perm("implementation.comment_on_round", round_plan_is_public & has_current_seat_in_plan)
# --- end of rounds ---
