"""What a visitor puts in the address or a form comes back escaped, and ``next`` stays on the site.

Walks the same pages as ``test_url_permissions`` (so a new page is covered by itself), with the
first object of the world for each: each is opened with a payload in every query parameter the platform reads (search, filters, paging,
``next``, version numbers) by an anonymous visitor, a participant and a process owner (who sees the
most forms); a POST-only page is posted to with the same values. Nothing may come back as markup,
and no answer may redirect to another site.
"""

from urllib.parse import urlencode, urlsplit

import pytest

from tests.security.test_url_permissions import CHECKED, _cases, build_path

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
NEVER = ["<script>alert(1)", "<img src=x onerror"]
EVIL = "https://evil.example/phish"
PARAMETERS = [
    "q", "page", "sort", "plan", "theme", "kind", "outcome", "channel", "session", "organisation",
    "organisation_kind", "all", "from", "to", "status",
]  # fmt: skip
ROLES = ("anonymous", "participant", "process_owner")

KNOWN_BUGS: dict = {}  # none known today


def _offsite(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    target = urlsplit(response["Location"])
    return bool(target.netloc) and target.netloc not in ("testserver", "")


def _params():
    for route in CHECKED:
        if route.is_admin:
            continue
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[route.id])] if route.id in KNOWN_BUGS else []
        yield pytest.param(route, marks=marks, id=route.id)


@pytest.mark.postgres
@pytest.mark.parametrize("route", list(_params()))
def test_query_parameters_come_back_escaped_and_next_stays_on_the_site(route, world, visits):
    values = dict.fromkeys(PARAMETERS, PAYLOAD)
    problems = []
    for case in (_cases(route, world) or [])[:1]:  # what a page echoes does not depend on the object
        path = build_path(route, case.kwargs)
        for role in ROLES:
            response = visits[role].get(f"{path}?{urlencode({**values, 'next': EVIL})}")
            if response.status_code == 405:
                response = visits[role].post(path, {**values, "next": EVIL})
            if _offsite(response):
                problems.append(f"{path} [{case.label}] as {role}: redirects to {response['Location']}")
            if response.status_code < 500 and not response.streaming and "html" in response.get("Content-Type", ""):
                html = response.content.decode()
                problems += [f"{path} [{case.label}] as {role}: {raw!r} unescaped" for raw in NEVER if raw in html]
            elif response.status_code >= 500:
                problems.append(f"{path} [{case.label}] as {role}: {response.status_code}")
    assert not problems, "\n".join(problems)
