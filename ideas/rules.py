import rules

from accounts.roles import is_moderator, is_participant, is_process_owner, is_staff_member


@rules.predicate
def has_verified_email(user):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


@rules.predicate
def is_author(user, idea):
    # author_id is None for contributions staff entered: an anonymous visitor's pk is None too.
    return idea is not None and idea.author_id is not None and idea.author_id == user.pk


@rules.predicate
def not_yet_moderated(user, idea):
    return idea is not None and idea.status == idea.Status.NEW and idea.moderated_at is None


@rules.predicate
def is_public(user, idea):
    # Published in a public plan: a plan still in draft is for staff only (Idea.objects.public()).
    return idea is not None and idea.is_public


is_moderating_staff = is_moderator | is_process_owner

rules.add_perm("ideas.submit", is_participant & has_verified_email)
rules.add_perm("ideas.view_contribution", is_public | (is_participant & is_author) | is_staff_member)
rules.add_perm("ideas.edit_own", is_participant & is_author & not_yet_moderated)
# One voice per person: supports come from others, not from the author.
rules.add_perm("ideas.support", is_participant & is_public & ~is_author)
rules.add_perm("ideas.report", is_participant & is_public)
rules.add_perm("ideas.moderate", is_moderating_staff)
rules.add_perm("ideas.enter_on_behalf", is_moderating_staff)
rules.add_perm("ideas.respond", is_moderating_staff)
rules.add_perm("ideas.manage_building_blocks", is_process_owner)

# Django admin: staff see contributions; process owners manage building blocks.
rules.add_perm("ideas", is_staff_member)
for action in ("view", "change"):
    rules.add_perm(f"ideas.{action}_idea", is_moderating_staff)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"ideas.{action}_buildingblock", is_process_owner)
rules.add_perm("ideas.view_report", is_moderating_staff)
rules.add_perm("ideas.view_moderationlog", is_moderating_staff)
