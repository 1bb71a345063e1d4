"""The roles of the platform and the predicates that tell them apart.

- participant: everyone signed in;
- moderator and process owner: members of the Django groups below (ministry staff);
- action holder: member of an organisation that holds commitments in an action plan
  (``plans.roles.is_action_holder``);
- forum member: has a current seat in a plan's stakeholder forum
  (``stakeholders.roles.is_forum_member``).

Predicates are django-rules predicates; every app's ``rules.py`` combines them into permissions.
The roles that rest on another app's data are defined in that app, above accounts, and named here
with ``register_role`` so that the profile page lists them (``role_names``).
"""

import rules
from django.utils.translation import gettext_lazy as _

MODERATORS = "Moderators"
PROCESS_OWNERS = "Process owners"

is_participant = rules.is_authenticated & rules.is_active
is_moderator = rules.is_group_member(MODERATORS)
is_process_owner = rules.is_group_member(PROCESS_OWNERS)


@rules.predicate
def is_superuser(user):
    return bool(user and user.is_authenticated and user.is_superuser)


is_staff_member = is_superuser | is_moderator | is_process_owner


# (predicate, label) in the order the profile page lists them; apps add theirs in AppConfig.ready.
_roles: list[tuple[rules.Predicate, str]] = [(is_moderator, _("moderator")), (is_process_owner, _("process owner"))]


def register_role(predicate: rules.Predicate, label: str) -> None:
    """Name a role defined in another app, for the profile page and the personal data export."""
    if all(existing is not predicate for existing, _label in _roles):
        _roles.append((predicate, label))


def role_names(user) -> list[str]:
    """Human-readable roles for the profile page."""
    names = [str(_("participant"))] if is_participant(user) else []
    names += [str(label) for predicate, label in _roles if predicate(user)]
    return names
