import rules

from accounts.roles import is_process_owner, is_staff_member

# --- assessment ---


@rules.predicate
def self_assessment_is_public(user, assessment):
    from implementation.assessment import is_public

    return assessment is not None and is_public(assessment)


# A published self-assessment is public from its date on, once its plan is public; staff see it before.
rules.add_perm("implementation.view_self_assessment", is_staff_member | self_assessment_is_public)
# Process owners compile (preview) and publish the self-assessment of a plan.
rules.add_perm("implementation.publish_self_assessment", is_process_owner)
