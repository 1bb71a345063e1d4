"""The implementation app's part of the home page (see plans/home.py)."""

from django.utils.translation import gettext_lazy as _

from plans.home import register_action
from plans.models import Phase
from plans.roles import is_action_holder

K = Phase.Kind
# progress: the public progress of the plan, and the action holders' reports.
register_action(K.IMPLEMENTATION, _("See how far the commitments are"), "implementation_progress:progress_plan",
                with_plan=True, order=5)  # fmt: skip
register_action(K.IMPLEMENTATION, _("Report progress on your commitments"), "implementation_progress:progress_mine",
                audience=is_action_holder, primary=False, order=6)  # fmt: skip
