"""Who may do what during the implementation of a plan. Each part of the app keeps its rules in a
block of its own below."""

import rules

from accounts.roles import is_process_owner, is_staff_member
from commitments.models import Commitment
from commitments.rules import organisation_ids
from implementation.models import Evidence, ProgressReport
from plans.roles import is_action_holder
from stakeholders.rules import has_current_seat_in_plan

# --- progress (issue 15, points 1, 2 and 4) ------------------------------------------------------
# - Action holders (members of a commitment's lead organisation) report on the milestones of
#   their own published commitments; whether the milestone can still take a report (not
#   withdrawn) is a check of the form, with a message, not a refusal of the page.
# - Process owners accept a report or send it back with a reason; staff see what waits.
# - Only accepted reports of published commitments of public plans are public; a document of a
#   report that is not is for the lead organisation and staff only.


@rules.predicate
def leads_milestone(user, milestone):
    if milestone is None or not user or not user.is_authenticated:
        return False
    return milestone.commitment.lead_organisation_id in organisation_ids(user)


@rules.predicate
def milestone_is_published(user, milestone):
    return milestone is not None and milestone.commitment.status == Commitment.Status.PUBLISHED


@rules.predicate
def leads_evidence(user, evidence):
    if evidence is None or not user or not user.is_authenticated:
        return False
    return evidence.report.milestone.commitment.lead_organisation_id in organisation_ids(user)


@rules.predicate
def evidence_is_public(user, evidence: Evidence):
    if evidence is None:
        return False
    commitment = evidence.report.milestone.commitment
    return (
        evidence.report.review == ProgressReport.Review.ACCEPTED
        and commitment.status == Commitment.Status.PUBLISHED
        and commitment.plan.status == commitment.plan.Status.PUBLIC
    )


rules.add_perm("implementation.report_progress", leads_milestone & milestone_is_published)
rules.add_perm("implementation.view_my_progress", is_action_holder)
rules.add_perm("implementation.view_progress_checks", is_staff_member)
rules.add_perm("implementation.review_progress", is_process_owner)
rules.add_perm("implementation.view_evidence", evidence_is_public | leads_evidence | is_staff_member)

# --- end of progress -----------------------------------------------------------------------------


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
