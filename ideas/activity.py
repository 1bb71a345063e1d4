"""The contributions' section of "my activity" (see accounts/activity.py)."""

from django.utils.translation import gettext_lazy as _

from accounts.activity import register
from ideas.models import Idea

SHOWN = 5


def _my_contributions(user) -> dict:
    """The person's newest contributions with their status; the rest is on "My contributions"."""
    ideas = list(Idea.objects.filter(author=user).select_related("plan").order_by("-created_at", "-pk")[: SHOWN + 1])
    return {"ideas": ideas[:SHOWN], "more": len(ideas) > SHOWN}


register("contributions", title=_("My contributions"), template="ideas/_activity.html", context=_my_contributions)
