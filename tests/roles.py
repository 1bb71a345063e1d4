"""Roles × pages: one way to check who gets which answer from which page.

A table is a list of ``(url, {role: expected})``, with a person per role from the ``people``
fixture (tests/conftest.py), or a dict like it. ``expected`` is a status code, ``LOGIN`` (an
anonymous visitor is sent to the login page) or ``ADMIN_LOGIN`` (the Django admin sends whoever is
not staff to its own login). ``assert_answers`` asks every page as every role and fails once,
listing every wrong answer, so that a change to a rule shows its whole effect at once.
"""

from django.urls import reverse

# The roles of the ``people`` fixture.
ROLES = ("anonymous", "participant", "moderator", "process_owner", "action_holder", "forum_member")
LOGIN = "login"
ADMIN_LOGIN = "admin-login"

PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
STAFF = {
    "anonymous": LOGIN, "participant": 403, "moderator": 200, "process_owner": 200,
    "action_holder": 403, "forum_member": 403,
}  # fmt: skip
PROCESS_OWNER = {**STAFF, "moderator": 403}
ADMIN = {**STAFF, "anonymous": ADMIN_LOGIN, "participant": ADMIN_LOGIN,
         "action_holder": ADMIN_LOGIN, "forum_member": ADMIN_LOGIN}  # fmt: skip
ADMIN_PROCESS_OWNER = {**ADMIN, "moderator": 403}


def log_in(client, person, *, language: str | None = None):
    """Sign ``person`` in (None: an anonymous visitor), after signing out whoever was."""
    client.logout()  # this forgets the cookies too
    if person is not None:
        client.force_login(person)
    if language:
        client.cookies["django_language"] = language
    return client


def answered(response, expected) -> bool:
    if expected in (LOGIN, ADMIN_LOGIN):
        login = reverse("account_login" if expected == LOGIN else "admin:login")
        return response.status_code == 302 and response.url.startswith(login)
    return response.status_code == expected


def _describe(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return f"{response.status_code} to {response.url}"
    return str(response.status_code)


def assert_answers(client, people: dict, pages, *, roles=None, method: str = "get", data=None, language=None):
    """Ask every page of ``pages`` (``(url, {role: expected})`` pairs, or a dict of them) as every
    role in ``roles`` (by default every role of ``people``) and assert every answer. Returns the
    responses by ``(url, role)`` for checks of their content."""
    __tracebackhide__ = True  # pytest: the failure is the list of wrong answers, not this function
    roles = list(people) if roles is None else list(roles)
    pages = pages.items() if isinstance(pages, dict) else pages
    wrong, responses = [], {}
    for url, expected in pages:
        if unknown := set(expected) - set(people):
            wrong.append(f"{url}: no person for the roles {sorted(unknown)}")
        for role in roles:
            if role not in expected:
                wrong.append(f"{url}: no expected answer for {role}")
                continue
            log_in(client, people[role], language=language)
            response = getattr(client, method)(url, data)
            responses[url, role] = response
            if not answered(response, expected[role]):
                wrong.append(f"{method.upper()} {url} as {role}: {_describe(response)}, expected {expected[role]}")
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong)
    return responses
