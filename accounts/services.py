from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Membership, Organisation, User
from accounts.roles import MODERATORS, PROCESS_OWNERS

ROLE_GROUPS = {"moderator": MODERATORS, "process_owner": PROCESS_OWNERS}


@transaction.atomic
def user_ensure(*, email: str, name: str = "", password: str | None = None, language: str = "nl") -> User:
    """Create or update a person with a verified primary email address (used by the demo data
    and by staff who enter someone's contribution on their behalf)."""
    user, _ = User.objects.get_or_create(email=email, defaults={"name": name, "language": language})
    user.name = name or user.name
    user.language = language
    if password:
        user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def role_grant(*, user: User, role: str) -> None:
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    user.groups.add(group)


def membership_ensure(*, user: User, organisation: Organisation, job_title: str = "") -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"job_title": job_title}
    )
    return membership
