"""The commitments' part of the home page (see plans/home.py)."""

from django.utils.translation import gettext_lazy as _

from plans.home import register_action
from plans.models import Phase
from plans.roles import is_action_holder

K = Phase.Kind
register_action(K.DRAFTING, _("Work on your organisation's commitments"), "commitments:workspace",
                audience=is_action_holder, order=10)  # fmt: skip
register_action(K.PUBLICATION, _("Read the commitments"), "commitments:list", order=20)
register_action(K.IMPLEMENTATION, _("Follow the commitments"), "commitments:list", order=10)
