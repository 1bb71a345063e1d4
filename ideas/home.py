"""The contributions' part of the home page (see plans/home.py)."""

from django.utils.translation import gettext_lazy as _

from plans.home import register_action
from plans.models import Phase

K = Phase.Kind
# Sending in is open during the call for input only (ideas.views.idea_create).
register_action(K.CALL_FOR_INPUT, _("Send in a contribution"), "ideas:create", order=10)
register_action(K.CALL_FOR_INPUT, _("Read and support contributions"), "ideas:list", primary=False, order=20)
register_action(K.BUILDING_BLOCKS, _("See the building blocks"), "ideas:building_blocks", order=10)
for _kind in (K.BUILDING_BLOCKS, K.DRAFTING, K.FORUM_REVIEW):
    register_action(_kind, _("What happened to the input"), "ideas:what_happened", primary=_kind != K.BUILDING_BLOCKS)
# The plan's refresh opens the call for input again (ideas.selectors.call_for_input).
register_action(K.REFRESH, _("Send in a contribution"), "ideas:create", order=5)
register_action(K.REFRESH, _("Read the contributions"), "ideas:list", order=10)
