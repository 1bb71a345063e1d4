"""The forum's section of "my activity" (see accounts/activity.py): for current forum members,
the commitments their seat lets them review. Writing reviews on the platform is not built yet,
so the section lists what is in review and says so."""

from django.utils.translation import gettext_lazy as _

from accounts.activity import register
from commitments.selectors import commitments_for_review
from stakeholders.roles import is_forum_member


def _my_reviews(user) -> dict | None:
    if not is_forum_member(user):
        return None
    return {"commitments": commitments_for_review(user=user)}


register("reviews", title=_("My reviews"), template="stakeholders/_activity.html", context=_my_reviews)
