from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import personal_data
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


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete a person's account and their personal data, in one transaction.

    Every app's eraser runs first (``accounts.personal_data``): supports go and their counts drop,
    a confirmed seat is handed to the waitlist, outbox rows lose the address. Then the user row
    goes; what stays (contributions, reports, moderation and commitment history) keeps no link to
    the person (``on_delete=SET_NULL``)."""
    # Lock the row: a second request (a double click) waits here and then finds nothing to delete.
    user = User.objects.select_for_update().filter(pk=user.pk).first()
    if user is None:
        return
    personal_data.erase(user)
    user.delete()
