"""The forum member's role: a current seat in a plan's stakeholder forum. Defined here, above
accounts, and named with ``accounts.roles.register_role`` (StakeholdersConfig.ready)."""

import rules
from django.utils.translation import gettext_lazy as _

from accounts.roles import register_role
from core.facts import fact
from stakeholders.models import ForumMember


def forum_plan_ids(user) -> set[int]:
    """The plans in whose forum the person has a seat today; read once per request."""
    return fact(
        user,
        "forum_plan_ids",
        lambda: set(ForumMember.objects.current().filter(user=user).values_list("plan_id", flat=True)),
    )


@rules.predicate
def is_forum_member(user):
    if not user or not user.is_authenticated:
        return False
    return bool(forum_plan_ids(user))


register_role(is_forum_member, _("forum member"))
