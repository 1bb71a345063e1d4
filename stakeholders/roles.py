"""The forum member's role: a current seat in a plan's stakeholder forum. Defined here, above
accounts, and named with ``accounts.roles.register_role`` (StakeholdersConfig.ready)."""

import rules
from django.utils.translation import gettext_lazy as _

from accounts.roles import register_role
from plans.forum import forum_plan_ids


@rules.predicate
def is_forum_member(user):
    if not user or not user.is_authenticated:
        return False
    return bool(forum_plan_ids(user))


register_role(is_forum_member, _("forum member"))
