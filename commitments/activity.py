"""The commitments' section of "my activity" (see accounts/activity.py): for people in an
action holder organisation, the commitments their organisations lead."""

from django.utils.translation import gettext_lazy as _

from accounts.activity import register
from commitments.selectors import commitments_led_by
from plans.roles import is_action_holder


def _my_commitments(user) -> dict | None:
    led = commitments_led_by(user=user)
    if not led and not is_action_holder(user):
        return None  # not an action holder: nothing to show
    return {"commitments": led}


register("commitments", title=_("My organisation's commitments"), template="commitments/_activity.html",
         context=_my_commitments)  # fmt: skip
