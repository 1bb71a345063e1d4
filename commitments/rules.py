"""Who may do what with a commitment, in which status and in which phase of its plan.

- Reading: everyone reads published commitments of public plans; staff (moderators, process owners) and the lead
  organisation's members read every status; the plan's forum members read commitments in forum
  review and revised after it (what they reviewed and what was done with it). The history
  (every version, with its author) is for those who read drafts, never for the public.
- Editing: members of the lead organisation edit drafts and revisions until the plan's drafting
  deadline (the end of its drafting phase; a plan without a drafting phase has no deadline);
  process owners edit in every status but published. A published commitment is frozen.
- Workflow: draft → ready for review → in forum review → revised → final → published.
  Lead members (until the deadline) or process owners mark a draft ready, take it back to
  draft, and mark it revised after the review; process owners start the review (while the
  forum review phase is current), finalise, and publish (from the publication phase on).
"""

import rules

from accounts.roles import is_participant, is_process_owner, is_staff_member
from commitments.models import Commitment
from core import clock
from core.facts import fact
from plans.forum import forum_plan_ids
from plans.models import Phase
from plans.roles import is_action_holder

S = Commitment.Status


def organisation_ids(user) -> set[int]:
    """The ids of the organisations the person is a member of; read once per request, since a
    page asks several permissions about the same person (implementation uses it too)."""
    return fact(user, "organisation_ids", lambda: set(user.memberships.values_list("organisation_id", flat=True)))


def plan_phase(plan, kind) -> Phase | None:
    """The plan's phase of a kind; the phases are read once per plan object."""
    return fact(plan, "phases_by_kind", lambda: {p.kind: p for p in plan.phases.all()}).get(kind)


def drafting_deadline(plan):
    phase = plan_phase(plan, Phase.Kind.DRAFTING)
    return phase.ends_on if phase else None


@rules.predicate
def is_lead_member(user, commitment):
    if commitment is None or not user or not user.is_authenticated:
        return False
    return commitment.lead_organisation_id in organisation_ids(user)


@rules.predicate
def is_plan_forum_member(user, commitment):
    if commitment is None or not user or not user.is_authenticated:
        return False
    return commitment.plan_id in forum_plan_ids(user)


def refresh_is_on(plan) -> bool:
    """The plan's mid-term refresh (its REFRESH phase, the new call for input) has started and the
    term still runs: new commitments are drafted and reviewed as before (issue #15.6)."""
    phase = plan_phase(plan, Phase.Kind.REFRESH)
    return bool(phase) and phase.starts_on <= clock.today() <= plan.term_end


@rules.predicate
def drafting_is_open(user, commitment):
    """Action holders work on their commitments until the drafting deadline (inclusive), and again
    once the plan's refresh has started."""
    if commitment is None:
        return False
    deadline = drafting_deadline(commitment.plan)
    return deadline is None or clock.today() <= deadline or refresh_is_on(commitment.plan)


@rules.predicate
def forum_review_is_current(user, commitment):
    if commitment is not None and refresh_is_on(commitment.plan):
        return True  # the forum reviews the refresh's new commitments
    phase = commitment is not None and plan_phase(commitment.plan, Phase.Kind.FORUM_REVIEW)
    return bool(phase) and phase.status_on(clock.today()) == Phase.Status.CURRENT


@rules.predicate
def publication_has_started(user, commitment):
    phase = commitment is not None and plan_phase(commitment.plan, Phase.Kind.PUBLICATION)
    return bool(phase) and clock.today() >= phase.starts_on


def status_in(*statuses):
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def check(user, commitment):
        return commitment is not None and commitment.status in statuses

    return check


@rules.predicate
def plan_is_public(user, commitment):
    return commitment is not None and commitment.plan.status == commitment.plan.Status.PUBLIC


is_published = status_in(S.PUBLISHED)
can_work_on_it = is_lead_member & drafting_is_open
reads_drafts = is_staff_member | is_lead_member | (is_plan_forum_member & status_in(S.IN_REVIEW, S.REVISED))

rules.add_perm("commitments.view_commitment", (is_published & plan_is_public) | reads_drafts)
# The versions hold the drafts' texts and their authors: not for the public, also once published.
rules.add_perm("commitments.view_history", reads_drafts)
rules.add_perm("commitments.add_commitment", is_process_owner | is_action_holder)
rules.add_perm(
    "commitments.change_commitment",
    ~is_published & (is_process_owner | (can_work_on_it & status_in(S.DRAFT, S.REVISED))),
)
rules.add_perm("commitments.view_overview", is_staff_member)
rules.add_perm("commitments.view_workspace", is_participant)

# The workflow: one permission per step, each including the status it starts from.
TRANSITIONS = {
    # name: (from, to, who)
    "submit": (S.DRAFT, S.READY, is_process_owner | can_work_on_it),
    "withdraw": (S.READY, S.DRAFT, is_process_owner | can_work_on_it),
    "start_review": (S.READY, S.IN_REVIEW, is_process_owner & forum_review_is_current),
    "revise": (S.IN_REVIEW, S.REVISED, is_process_owner | can_work_on_it),
    "finalise": (S.REVISED, S.FINAL, is_process_owner),
    "publish": (S.FINAL, S.PUBLISHED, is_process_owner & publication_has_started),
}
for _name, (_source, _target, _who) in TRANSITIONS.items():
    rules.add_perm(f"commitments.{_name}_commitment", status_in(_source) & _who)

# Django admin (read-only, see commitments/admin.py): process owners look commitments up there.
rules.add_perm("commitments", is_process_owner)

# The staff dashboard's "drafts behind the deadline": only process owners can still move them.
rules.add_perm("commitments.chase_late_drafts", is_process_owner)
