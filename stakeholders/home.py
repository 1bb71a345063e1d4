"""The stakeholder forum's part of the home page (see plans/home.py)."""

from django.utils.translation import gettext_lazy as _

from plans.home import register_action
from plans.models import Phase
from stakeholders.roles import is_forum_member

# The draft commitments in review are for the forum's members only; the workspace lists them.
register_action(Phase.Kind.FORUM_REVIEW, _("Read the draft commitments"), "commitments:workspace",
                audience=is_forum_member, order=10)  # fmt: skip
