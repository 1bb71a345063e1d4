"""Everything the platform holds about one person: "download my data" (GDPR articles 15 and 20)
and "delete my account" (article 17).

Most of a person's data lives in apps above accounts (contributions, registrations, the outbox),
and a lower app never imports a higher one. So every app describes its own part in its
``personal_data.py``, discovered like the ``timeline.py`` modules: it calls ``register`` with a
section name, an exporter (the person's rows as JSON-able values) and, where deleting the user
row alone would do the wrong thing, an eraser that removes or pseudonymises its rows for the
person. ``accounts.services.account_delete`` runs every eraser and then deletes the user, all in
one transaction; ``accounts.views.my_data`` writes every export into one file.

Sections come in the order of INSTALLED_APPS (accounts first, notifications last), so the outbox
is erased after everything else: an email that another eraser writes to the person in the same
transaction loses its address too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from accounts.roles import role_names


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


_sections: dict[str, Section] = {}


def register(name: str, *, export: Callable[[Any], Any], erase: Callable[[Any], None] | None = None) -> None:
    """Called at import of an app's ``personal_data.py``. ``export(user)`` returns the section's
    JSON-able value; ``erase(user)`` runs inside the deleting transaction, before the user row
    goes (rows with ``on_delete=CASCADE`` that need nothing else may do without one)."""
    _sections[name] = Section(name=name, export=export, erase=erase)


def sections() -> list[Section]:
    autodiscover_modules("personal_data")
    return list(_sections.values())


def export(user) -> dict:
    data: dict[str, Any] = {"exported_at": timezone.now()}
    for section in sections():
        data[section.name] = section.export(user)
    return data


def erase(user) -> None:
    """The caller holds the transaction (``accounts.services.account_delete``)."""
    for section in sections():
        if section.erase is not None:
            section.erase(user)


# --- Helpers for the apps' sections ------------------------------------------------------------


def addresses(user) -> list[str]:
    """Every email address of the person: the account's and the others they added and confirmed."""
    found = {user.email.lower()}
    found.update(e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return sorted(found)


def address_q(field: str, user) -> Q:
    """Rows whose ``field`` holds one of the person's addresses, in any letter case."""
    q = Q(pk__in=[])
    for address in addresses(user):
        q |= Q(**{f"{field}__iexact": address})
    return q


# --- The accounts app's own section ------------------------------------------------------------


def _export_account(user) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "has_password": user.has_usable_password(),
        "roles": [str(role) for role in role_names(user)],
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # Which second factors are set up, never their secrets.
        "two_factor": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "organisations": [
            {"organisation": m.organisation.name, "job_title": m.job_title, "since": m.created_at}
            for m in user.memberships.select_related("organisation").order_by("organisation__name")
        ],
    }


_DATABASE_SESSIONS = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


def _erase_account(user) -> None:
    """The person's sign-ins on other devices end. (Email addresses, second factors and
    memberships are deleted with the user row.) A session's user id is inside its signed data, so
    every unexpired session is read; deleting an account is rare enough for that."""
    if settings.SESSION_ENGINE not in _DATABASE_SESSIONS:
        return  # other stores cannot be searched; those sessions find no user and count as logged out
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            store(session_key=session.session_key).delete()


register("account", export=_export_account, erase=_erase_account)
