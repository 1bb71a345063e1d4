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
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from accounts import kept
from core.facts import fact

MODERATORS = "Moderators"
PROCESS_OWNERS = "Process owners"

# The names of a person's groups are kept in the "sessions" cache between requests (the menu asks
# for them on every signed-in page); a change of a membership or a group drops them (``forget``,
# connected in accounts/apps.py). ROLES_SECONDS bounds their age should a change go around the
# ORM (raw SQL).
ROLES_SECONDS = 300


def _roles_key(pk) -> str:
    return f"roles:{pk}"


def group_names(user) -> frozenset[str]:
    """The names of the person's groups: read once per request, from the cache when it has them."""

    def read():
        cache = caches[kept.CACHE]
        names = cache.get(_roles_key(user.pk))
        if names is None:
            names = sorted(user.groups.values_list("name", flat=True))
            cache.set(_roles_key(user.pk), names, ROLES_SECONDS)
        return frozenset(names)

    if not (user and user.is_authenticated):
        return frozenset()
    return fact(user, "group_names", read)


def _kept_with_person(user, names) -> None:
    fact(user, "group_names", lambda: frozenset(names))


# Read with the person's kept row: one round trip to the cache instead of two on every signed-in page.
kept.read_along(_roles_key, _kept_with_person)


def forget(pks) -> None:
    """The groups of these people changed: drop their kept names (``accounts.kept.drop``)."""
    kept.drop(_roles_key(pk) for pk in pks)


def in_group(name: str) -> rules.Predicate:
    @rules.predicate(f"in_group:{name}")
    def member(user):
        return name in group_names(user)

    return member


is_participant = rules.is_authenticated & rules.is_active
is_moderator = in_group(MODERATORS)
is_process_owner = in_group(PROCESS_OWNERS)


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


# --- Dropping the kept names when groups change (connected in accounts/apps.py) --------------------


def _memberships_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if reverse:  # group.user_set.add(...), .remove(...), .clear(): the people are in pk_set
        if action == "pre_clear":
            instance._members_before_clear = list(instance.user_set.values_list("pk", flat=True))
        elif action == "post_clear":
            forget(getattr(instance, "_members_before_clear", []))
        elif action in ("post_add", "post_remove"):
            forget(pk_set or [])
    elif action in ("post_add", "post_remove", "post_clear"):
        forget([instance.pk])


def _group_changed(sender, instance, **kwargs) -> None:
    """A group renamed or deleted: its members' names change."""
    if instance.pk is not None:
        forget(list(instance.user_set.values_list("pk", flat=True)))


def _user_deleted(sender, instance, **kwargs) -> None:
    forget([instance.pk])


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    user_model = get_user_model()
    m2m_changed.connect(_memberships_changed, sender=user_model.groups.through, dispatch_uid="accounts.roles.m2m")
    post_save.connect(_group_changed, sender=Group, dispatch_uid="accounts.roles.group_saved")
    pre_delete.connect(_group_changed, sender=Group, dispatch_uid="accounts.roles.group_deleted")
    post_delete.connect(_user_deleted, sender=user_model, dispatch_uid="accounts.roles.user_deleted")
