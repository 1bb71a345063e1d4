"""The action holder's role: it rests on a plan's ``action_holders``, so it is defined here, above
accounts, and named with ``accounts.roles.register_role`` (PlansConfig.ready)."""

import rules
from django.utils.translation import gettext_lazy as _

from accounts.roles import register_role


@rules.predicate
def is_action_holder(user):
    if not user or not user.is_authenticated:
        return False
    return user.memberships.filter(organisation__action_holder_of__isnull=False).exists()


register_role(is_action_holder, _("action holder"))
