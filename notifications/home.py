"""The notifications' part of the home page (see plans/home.py)."""

from django.utils.translation import gettext_lazy as _

from plans.home import register_action
from plans.models import Phase


def _signed_in(user) -> bool:
    return user.is_authenticated


register_action(
    Phase.Kind.EXPLORATION, _("Choose which announcements you get"), "notifications:preferences", audience=_signed_in
)
