"""The roles of the platform and the predicates that tell them apart.

- participant: everyone signed in;
- moderator and process owner: members of the Django groups below (ministry staff);
- action holder: member of an organisation that holds commitments in an action plan;
- forum member: has a current seat in a plan's stakeholder forum (``stakeholders.ForumMember``).

Predicates are django-rules predicates; every app's ``rules.py`` combines them into permissions.
"""

import rules
from django.db.models import Q

from core import clock

MODERATORS = "Moderators"
PROCESS_OWNERS = "Process owners"

is_participant = rules.is_authenticated & rules.is_active
is_moderator = rules.is_group_member(MODERATORS)
is_process_owner = rules.is_group_member(PROCESS_OWNERS)


@rules.predicate
def is_superuser(user):
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_action_holder(user):
    if not user or not user.is_authenticated:
        return False
    return user.memberships.filter(organisation__action_holder_of__isnull=False).exists()


@rules.predicate
def is_forum_member(user):
    if not user or not user.is_authenticated:
        return False
    today = clock.today()
    return user.forum_seats.filter(since__lte=today).filter(Q(until__isnull=True) | Q(until__gte=today)).exists()


is_staff_member = is_superuser | is_moderator | is_process_owner


def role_names(user) -> list[str]:
    """Human-readable roles for the profile page."""
    from django.utils.translation import gettext as _

    names = [_("participant")] if is_participant(user) else []
    for predicate, label in (
        (is_moderator, _("moderator")),
        (is_process_owner, _("process owner")),
        (is_action_holder, _("action holder")),
        (is_forum_member, _("forum member")),
    ):
        if predicate(user):
            names.append(label)
    return names
