"""Who may do what in a plan's mid-term refresh (loaded by ImplementationConfig.ready).

- Process owners start the refresh and publish the plan's new version.
- A published commitment is amended by a process owner or a member of its lead organisation,
  while the plan is being refreshed; they send the proposal to the forum. The plan's forum members
  read proposals under review and comment on them; a process owner publishes a reviewed one (or
  takes it back to change it). The public reads published amendments only.
"""

import rules

from accounts.roles import is_process_owner, is_staff_member
from commitments.models import Commitment
from commitments.rules import is_lead_member
from implementation.models import Amendment, Refresh
from plans.forum import forum_plan_ids
from plans.models import ActionPlan

A = Amendment.Status


def _amendment_status(*statuses):
    @rules.predicate(name=f"amendment_status_in_{'_'.join(statuses)}")
    def check(user, amendment):
        return amendment is not None and amendment.status in statuses

    return check


@rules.predicate
def is_public_plan(user, plan):
    return plan is not None and plan.status == ActionPlan.Status.PUBLIC


@rules.predicate
def amendable(user, commitment):
    return (
        commitment is not None
        and commitment.status == Commitment.Status.PUBLISHED
        and Refresh.objects.filter(plan_id=commitment.plan_id).exists()
    )


@rules.predicate
def leads_amended_commitment(user, amendment):
    return amendment is not None and is_lead_member(user, amendment.commitment)


@rules.predicate
def is_forum_member_of_amendment(user, amendment):
    return amendment is not None and user.is_authenticated and amendment.commitment.plan_id in forum_plan_ids(user)


@rules.predicate
def amendment_plan_is_public(user, amendment):
    return amendment is not None and amendment.commitment.plan.status == ActionPlan.Status.PUBLIC


is_draft, in_review, is_published = (
    _amendment_status(A.DRAFT),
    _amendment_status(A.IN_REVIEW),
    _amendment_status(A.PUBLISHED),
)
works_on_it = is_process_owner | leads_amended_commitment

rules.add_perm("implementation.view_refresh", is_public_plan | is_staff_member)
rules.add_perm("implementation.start_refresh", is_process_owner)
rules.add_perm("implementation.publish_refresh", is_process_owner)
rules.add_perm("implementation.amend_commitment", (is_process_owner | is_lead_member) & amendable)
rules.add_perm(
    "implementation.view_amendment",
    (is_published & amendment_plan_is_public)
    | is_staff_member
    | leads_amended_commitment
    | (is_forum_member_of_amendment & ~is_draft),
)
rules.add_perm("implementation.change_amendment", is_draft & works_on_it)
rules.add_perm("implementation.submit_amendment", is_draft & works_on_it)
rules.add_perm("implementation.return_amendment", in_review & is_process_owner)
rules.add_perm("implementation.publish_amendment", in_review & is_process_owner)
rules.add_perm("implementation.comment_amendment", in_review & (is_forum_member_of_amendment | is_process_owner))
