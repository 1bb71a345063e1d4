"""Every web address of the platform, for every role, against the permission rules.

How a new page is covered without a new test:

- The test walks Django's URL resolver (every namespace, the admin included) when it is
  collected, so a new ``path()`` is a new test item by itself.
- A page that checks a permission says so: ``core.permissions.permission_required`` puts the
  permission and the function that loads the object on the view (``view.permission``,
  ``view.get_object``). The expected answer per role is then ``user.has_perm(permission, obj)``
  with ``obj`` loaded the way the view loads it: allowed means a page (200, a redirect that is not
  the login page, or a form error), denied means the login page for an anonymous visitor and 403
  for someone signed in (404 also counts as denied where the view loads an object: it may hide
  that the object exists).
- A page without that decorator must be listed in ``RUNTIME`` below, with the reason and the
  answer it gives per role (public pages, pages only for their author, signed links, pages of
  django-allauth). A page that is neither fails ``test_every_page_declares_its_permission``.
- Parameters in the address (``<int:pk>``, ``<slug:slug>``…) are filled from the world of
  ``world.py``, by URL namespace and parameter names. A page whose parameters the world cannot
  fill fails with a message naming the entry to add; a page that no role reaches with any world
  object fails too (its world entry points at the wrong kind of object).
- Three checks do not depend on the rules, so a page that checks the wrong permission, or a list
  that shows too much, is caught: nobody but staff reaches a page under a staff prefix; nobody
  outside an object's audience (``Case.audience``: e.g. the author and staff for a contribution
  awaiting moderation) reaches any page of that object; and no page, export or calendar file
  shows anyone a secret of the world outside its audience (``World.secrets``: people's email
  addresses, titles of unpublished contributions and draft commitments, accessibility needs…).
- POST-only pages (GET answers 405) are posted to, empty; every request is rolled back.

Real problems the walk finds are listed in ``KNOWN_BUGS`` and run as strict xfails, so that they
turn red the day they are fixed, and the mark can go.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from tests.security.world import ROLES, STAFF_ROLES, Case, cases_for


def is_staff_path(path: str) -> bool:
    """Staff pages by their address: /admin/ and every page under a ``staff/`` segment (each app
    puts its staff pages there)."""
    return path.startswith("/admin/") or "/staff/" in path


ALLOWED, LOGIN, FORBIDDEN, HIDDEN, INVALID = "allowed", "login", "forbidden", "hidden", "invalid"
DENIED = "denied"


@dataclass
class Route:
    id: str
    namespace: str | None
    name: str | None
    callback: object
    pieces: tuple  # the route patterns from the root, to build the path
    kwarg_names: tuple

    @property
    def is_admin(self):
        return self.namespace == "admin"


def _walk(patterns, pieces=(), namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace])) or None
            yield from _walk(p.url_patterns, (*pieces, p.pattern), ns)
        else:
            all_pieces = (*pieces, p.pattern)
            names = tuple(sorted(k for piece in all_pieces for k in piece.regex.groupindex))
            route = "".join(str(piece) for piece in all_pieces)
            full = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
            yield Route(
                id=full if p.name else route, namespace=namespace, name=p.name, callback=p.callback,
                pieces=all_pieces, kwarg_names=names,
            )  # fmt: skip


ROUTES = list(_walk(get_resolver().url_patterns))


def build_path(route: Route, kwargs: dict) -> str:
    path = ""
    for piece in route.pieces:
        text = str(piece)
        if isinstance(piece, RegexPattern):
            text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), text).lstrip("^").rstrip("$")
        else:
            text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), text)
        path += text
    return "/" + path


# --- Pages without the decorator: why, and what each role gets -------------------------------


def _signed_in(role, **_):
    return DENIED if role == "anonymous" else ALLOWED


def _everyone(role, **_):
    return ALLOWED


def _author_only(role, user, obj_kwargs, world, **_):
    from ideas.models import Idea

    if role == "anonymous":
        return DENIED
    return ALLOWED if Idea.objects.filter(pk=obj_kwargs["pk"], author=user).exists() else HIDDEN


def _public_plan_block(role, obj_kwargs, **_):
    from ideas.models import BuildingBlock

    return ALLOWED if BuildingBlock.objects.filter(pk=obj_kwargs["pk"], plan__status="public").exists() else HIDDEN


def _plan_calendar(role, user, obj_kwargs, **_):
    from plans.models import ActionPlan

    plan = ActionPlan.objects.get(slug=obj_kwargs["slug"])
    return ALLOWED if _has_perm(user, "plans.read_plan", plan) else HIDDEN


def _transition(role, user, obj_kwargs, **_):
    from commitments.models import Commitment
    from commitments.rules import TRANSITIONS

    if obj_kwargs["name"] not in TRANSITIONS:
        return HIDDEN
    commitment = Commitment.objects.get(identifier=obj_kwargs["identifier"])
    return ALLOWED if _has_perm(user, f"commitments.{obj_kwargs['name']}_commitment", commitment) else DENIED


def _follow(role, obj_kwargs, **_):
    from plans.models import ActionPlan

    if role == "anonymous":
        return DENIED
    return ALLOWED if ActionPlan.objects.public().filter(slug=obj_kwargs["slug"]).exists() else HIDDEN


def _contribute(role, **_):
    # The call for input of the world's plan is open; signing in comes first.
    return DENIED if role == "anonymous" else ALLOWED


def _support(role, user, obj_kwargs, **_):
    from ideas.models import Idea

    return ALLOWED if _has_perm(user, "ideas.support", Idea.objects.get(pk=obj_kwargs["pk"])) else DENIED


def _forum_plan_visible(user, slug):
    # The forum's pages show public plans; process owners (stakeholders.manage_forum) every plan.
    from plans.models import ActionPlan

    return ActionPlan.objects.public().filter(slug=slug).exists() or _has_perm(user, "stakeholders.manage_forum")


def _forum_plan(role, user, obj_kwargs, **_):
    return ALLOWED if _forum_plan_visible(user, obj_kwargs["slug"]) else HIDDEN


def _meeting_document(role, user, obj_kwargs, **_):
    from stakeholders.models import Meeting

    if not _forum_plan_visible(user, obj_kwargs["slug"]):
        return HIDDEN
    meeting = Meeting.objects.get(pk=obj_kwargs["pk"])
    internals = _has_perm(user, "stakeholders.view_meeting_internals", meeting)
    return ALLOWED if meeting.minutes_are_published or internals else HIDDEN


def _uploaded_document(role, user, obj_kwargs, **_):
    from publication.models import Document

    document = Document.objects.select_related("plan").get(pk=obj_kwargs["pk"])
    from core import clock

    public = document.plan.status == "public" and document.published_on <= clock.today()
    return ALLOWED if public or _has_perm(user, "publication.manage_documents") else HIDDEN


def _consultation(role, user, obj_kwargs, **_):
    from stakeholders.models import ReviewRound

    return ALLOWED if ReviewRound.objects.get(pk=obj_kwargs["pk"]).public_consultation else HIDDEN


def _comment_report(role, user, obj_kwargs, **_):
    from stakeholders.models import Remark

    published = Remark.objects.filter(pk=obj_kwargs["remark_pk"], is_public=True, moderation="approved").exists()
    if not published:
        return HIDDEN
    return DENIED if role == "anonymous" else ALLOWED


SIGNED_LINK = "the signed token in the address is the authorisation (emailed to the person); a bad one is refused"
RUNTIME = {
    "home": ("public", _everyone),
    "accessibility": ("public", _everyone),
    "privacy": ("public: the privacy statement", _everyone),
    "accounts:activity": ("login_required: the person's own activity", _signed_in),
    "accounts:my_data": ("login_required: the person's own data, as a download", _signed_in),
    "accounts:delete": ("login_required and reauthentication: deletes the person's own account", _signed_in),
    "ideas:support": ("runtime: check_permission('ideas.support'), after refusing the author with a reason", _support),
    "healthz": ("public: load balancers' health check, says only ok/error", _everyone),
    "set_language": ("public: switches the visitor's own language", _everyone),
    "plans:list": ("public: lists public plans only", _everyone),
    "ideas:list": ("public: lists published contributions only", _everyone),
    "ideas:what_happened": ("public: published contributions only", _everyone),
    "ideas:building_blocks": ("public: building blocks of public plans only", _everyone),
    "ideas:building_block": ("public: a building block of a public plan, 404 otherwise", _public_plan_block),
    "open_data_contributions_csv": ("public open data: published contributions without personal data", _everyone),
    "open_data_contributions_json": ("public open data: published contributions without personal data", _everyone),
    "publication_open_data:index": ("public: the open-data page", _everyone),
    "publication_open_data:commitments_csv": ("public open data: published commitments, no personal data", _everyone),
    "publication_open_data:commitments_json": ("public open data: published commitments, no personal data", _everyone),
    "publication_open_data:milestones_csv": ("public open data: milestones of published commitments", _everyone),
    "publication_open_data:milestones_json": ("public open data: milestones of published commitments", _everyone),
    "publication_open_data:datapackage": ("public: describes the open-data files, holds no data", _everyone),
    "implementation_progress:progress_csv": (
        "public open data: accepted progress reports, no personal data",
        _everyone,
    ),
    "implementation_progress:progress_json": (
        "public open data: accepted progress reports, no personal data",
        _everyone,
    ),
    "sessions:list": ("public: sessions of public plans (staff see drafts)", _everyone),
    "commitments:list": ("public: published commitments only", _everyone),
    "ideas:create": ("runtime: open call for input, then signed in with a verified address", _contribute),
    "ideas:mine": ("login_required: the person's own contributions", _signed_in),
    "ideas:mine_detail": ("login_required and filtered by author: 404 for anyone else", _author_only),
    "accounts:profile": ("login_required: the person's own profile", _signed_in),
    "notifications:preferences": ("login_required: the person's own preferences", _signed_in),
    "notifications:follow": ("login_required, public plans only (404 otherwise)", _follow),
    "sessions:plan_ics": ("runtime: plans.read_plan, 404 when denied", _plan_calendar),
    "commitments:transition": ("runtime: check_permission with the step's permission", _transition),
    "sessions:cancel_link": (SIGNED_LINK, _everyone),
    "stakeholders:index": ("public: the forum of the newest public plan (process owners: of any plan)", _everyone),
    "stakeholders:plan": ("public: a public plan's forum, 404 otherwise (process owners: every plan)", _forum_plan),
    "stakeholders:meeting": (
        "public: a meeting of a visible plan; its documents and online link only with "
        "stakeholders.view_meeting_internals (the secrets check covers them)",
        _forum_plan,
    ),
    "stakeholders:meeting_document": (
        "runtime: once the minutes are published everyone, before that stakeholders.view_meeting_internals; 404",
        _meeting_document,
    ),
    "stakeholders_review:consultation": (
        "public: the draft under public consultation, 404 for a round without one; commenting signs in first",
        _consultation,
    ),
    "stakeholders_review:consultation_report": (
        "signed in: reporting a published comment (404 for any other), rate-limited",
        _comment_report,
    ),
    "notifications:unsubscribe": (SIGNED_LINK, _everyone),
    "publication_documents:list": ("public: documents of public plans, published ones only", _everyone),
    "publication_documents:feed": ("public: the Atom feed of the same documents", _everyone),
    "publication_documents:file": (
        "runtime: an upload of a public plan from its date, before that publication.manage_documents; 404",
        _uploaded_document,
    ),
}
# Pages of other projects, which check their own permissions.
THIRD_PARTY = {
    "allauth.": "django-allauth: sign-in, sign-up, email and two-factor flows (each checks the session itself)",
}
# Admin pages handled by Django itself that hold no object of ours.
ADMIN_ALLOWLIST = {
    "admin/(?P<url>.*)$": "the admin's catch-all: adds a slash or answers 404",
}

# Decorated views that check more at run time than their permission: the extra answer.


def _attachment_extra(role, user, obj, obj_kwargs, **_):
    from sessions.models import SessionAttachment

    item = SessionAttachment.objects.select_related("report").get(pk=obj_kwargs["pk"])
    if not item.report.is_published and not _has_perm(user, "cocreation.follow_sessions"):
        return HIDDEN
    return None


EXTRA = {"sessions:attachment": _attachment_extra}

# (route id, case label) -> the bug: kept out of the main walk. None known today; a bug found
# later is listed here and gets a strict-xfail test of its own until it is fixed.
KNOWN_BUGS: dict = {}


def _has_perm(user, perm, obj=None):
    return (user or AnonymousUser()).has_perm(perm, obj)


def _third_party(route):
    module = getattr(route.callback, "__module__", "") or ""
    return next((reason for prefix, reason in THIRD_PARTY.items() if module.startswith(prefix)), None)


def _fake_request(user, path):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    request.session = {}
    return request


# --- The admin ---------------------------------------------------------------------------------


def _admin_model_admin(route):
    model_admin = getattr(route.callback, "model_admin", None)
    if model_admin is None:
        bound = getattr(route.callback, "__wrapped__", None)
        model_admin = getattr(bound, "__self__", None)
    return model_admin if isinstance(model_admin, admin.ModelAdmin) else None


def _admin_cases(route, world) -> list[Case] | None:
    from ideas.models import Idea

    names = set(route.kwarg_names)
    if names == {"app_label"}:
        labels = sorted({m._meta.app_label for m in admin.site._registry})
        return [Case(label, {"app_label": label}) for label in labels]
    if names == {"content_type_id", "object_id"}:
        from django.contrib.contenttypes.models import ContentType

        idea = world["idea_published"]
        return [Case("a contribution", {"content_type_id": ContentType.objects.get_for_model(Idea).pk,
                                         "object_id": idea.pk})]  # fmt: skip
    model_admin = _admin_model_admin(route)
    if model_admin is None or len(names) != 1:
        return None
    obj = model_admin.model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.fail(f"{route.id}: add a {model_admin.model.__name__} to build_world() in tests/security/world.py")
    return [Case(model_admin.model.__name__, {next(iter(names)): obj.pk})]


def _admin_expect(route, role, user, case, path):
    request = _fake_request(user, path)
    if not admin.site.has_permission(request):
        return LOGIN
    if route.name == "app_list":
        return ALLOWED if admin.site._build_app_dict(request, case.kwargs["app_label"]) else HIDDEN
    if route.name == "view_on_site":
        return ALLOWED
    model_admin = _admin_model_admin(route)
    obj = model_admin.model._default_manager.get(pk=next(iter(case.kwargs.values())))
    if route.name.endswith("_delete"):
        return ALLOWED if model_admin.has_delete_permission(request, obj) else FORBIDDEN
    if route.name.endswith("_password_change"):
        return ALLOWED if model_admin.has_change_permission(request, obj) else FORBIDDEN
    return ALLOWED if model_admin.has_view_or_change_permission(request, obj) else FORBIDDEN


# --- Requests and answers ----------------------------------------------------------------------


def classify(response) -> str:
    code = response.status_code
    if code >= 500:
        return f"error {code}"
    if code == 404:
        return HIDDEN
    if code == 403:
        return FORBIDDEN
    if code == 400:
        return INVALID
    if code in (301, 302, 303, 307, 308):
        target = response.url
        if target.startswith((reverse("account_login"), reverse("admin:login"))):
            return LOGIN
    return ALLOWED


def fetch(visit, path, case):
    response = visit.request(case.method or "get", path, case.data)
    if response.status_code == 405 and not case.method:
        response = visit.post(path, case.data)
    return response


def expected_answer(route, role, world, case, path):
    user = world.user(role)
    if route.is_admin:
        return _admin_expect(route, role, user, case, path)
    permission = getattr(route.callback, "permission", None)
    if permission is None:
        _reason, expect = RUNTIME[route.id]
        return expect(role=role, user=user, obj_kwargs=case.kwargs, world=world)
    get_object = route.callback.get_object
    obj = None
    if get_object is not None:
        try:
            obj = get_object(_fake_request(user, path), **case.kwargs)
        except Http404:
            return HIDDEN
    if not _has_perm(user, permission, obj):
        return DENIED
    if route.id in EXTRA:
        return EXTRA[route.id](role=role, user=user, obj=obj, obj_kwargs=case.kwargs) or ALLOWED
    return ALLOWED


def matches(expected, actual, role, may_hide):
    if expected == DENIED:
        want = {LOGIN} if role == "anonymous" else {FORBIDDEN}
        if may_hide:
            want.add(HIDDEN)
        return actual in want
    if expected == ALLOWED:
        return actual in (ALLOWED, INVALID)  # a form error means the permission let it through
    return actual == expected


def check(route, world, visits, case, reached=None) -> list[str]:
    """Every role's answer for one filled-in address; the list of what is wrong. The roles that
    got the page are added to ``reached``."""
    path = build_path(route, case.kwargs)
    may_hide = bool(getattr(route.callback, "get_object", None)) or route.id in RUNTIME
    problems = []
    signed_link = RUNTIME.get(route.id, ("",))[0] == SIGNED_LINK
    for role in ROLES:
        expected = expected_answer(route, role, world, case, path)
        response = fetch(visits[role], path, case)
        actual = classify(response)
        if actual in (ALLOWED, INVALID) and reached is not None:
            reached.add(role)
        if actual == ALLOWED and role not in STAFF_ROLES and not signed_link:
            problems += [
                f"{route.id} [{case.label}] {path}: {role} sees {what}" for what in _leaks(world, role, response, route)
            ]
        if not matches(expected, actual, role, may_hide):
            problems.append(f"{route.id} [{case.label}] {path} as {role}: expected {expected}, got {actual}")
        # Independent of the rules: staff pages and private objects stay with their people.
        if actual == ALLOWED and role not in STAFF_ROLES:
            if is_staff_path(path) and not route.id.endswith("admin:login"):
                problems.append(f"{route.id} [{case.label}] {path}: {role} reached a staff page")
            if case.audience is not None and role not in case.audience:
                problems.append(f"{route.id} [{case.label}] {path}: {role} reached a private object")
    return problems


# Pages that show a person their own data, whatever its visibility to others: the secrets check
# does not apply (what they hold of others is tested where they are built).
OWN_DATA = {
    "accounts:my_data": "the download of the person's own data: everything they wrote and did; "
    "tests/accounts/test_privacy.py checks it holds nothing about anyone else",
}


def _leaks(world, role, response, route=None) -> list[str]:
    """The secrets of the world outside this role's audience that the response holds."""
    if response.status_code != 200 or (route is not None and route.id in OWN_DATA):
        return []
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    return [what for secret, audience, what in world.secrets if role not in audience and secret in text]


def _cases(route, world):
    if route.is_admin:
        return _admin_cases(route, world)
    if not route.kwarg_names:
        return [Case("no parameters", {})]
    return cases_for(world, route.namespace, route.name, route.kwarg_names)


def _checked(route) -> bool:
    if _third_party(route):
        return False
    if route.is_admin:
        # "<object_id>/" only redirects to "<object_id>/change/", which is checked.
        redirect = route.name is None and route.pieces[-1].__str__() == "<path:object_id>/"
        return route.id not in ADMIN_ALLOWLIST and bool(route.kwarg_names) and not redirect
    return True


CHECKED = [r for r in ROUTES if _checked(r)]


def test_every_page_declares_its_permission():
    """A new view is either decorated with permission_required or listed, with a reason."""
    missing = [
        f"{r.id} ({r.callback.__module__}.{getattr(r.callback, '__name__', '?')})"
        for r in ROUTES
        if not r.is_admin
        and not _third_party(r)
        and getattr(r.callback, "permission", None) is None
        and r.id not in RUNTIME
    ]
    assert not missing, (
        "These pages check no declared permission: decorate them with core.permissions.permission_required, "
        "or list them in RUNTIME in tests/security/test_url_permissions.py with the reason: " + ", ".join(missing)
    )
    stale = set(RUNTIME) - {r.id for r in ROUTES}
    assert not stale, f"RUNTIME lists pages that no longer exist: {sorted(stale)}"


def test_the_walk_sees_every_kind_of_page():
    """The walk itself works: it found pages with objects in every app, and the admin's."""
    ids = {r.id for r in CHECKED}
    for expected in ("ideas:detail", "sessions:attachment", "commitments:transition", "staff:plan_edit",
                     "admin:ideas_idea_change", "admin:app_list", "notifications:unsubscribe"):  # fmt: skip
        assert expected in ids


@pytest.mark.postgres
@pytest.mark.parametrize("route", CHECKED, ids=[r.id for r in CHECKED])
def test_every_role_gets_the_answer_the_rules_give(route, world, visits):
    cases = _cases(route, world)
    if cases is None:
        pytest.fail(
            f"{route.id} ({build_path_hint(route)}) has parameters {route.kwarg_names} that the world cannot fill: "
            f"add an entry for ({route.namespace!r}, {route.kwarg_names!r}) or {route.id!r} to WORLD_CASES in "
            "tests/security/world.py"
        )
    problems, reached, checked = [], set(), 0
    for case in cases:
        if (route.id, case.label) in KNOWN_BUGS:
            continue  # see test_known_bugs
        checked += 1
        problems += check(route, world, visits, case, reached)
    assert not problems, "\n".join(problems)
    if checked and not route.is_admin:
        assert reached, f"{route.id}: no role reached this page with any world object; is its WORLD_CASES entry right?"


def build_path_hint(route):
    return "".join(str(p) for p in route.pieces)


@pytest.mark.postgres
@pytest.mark.parametrize("route", [r for r in CHECKED if "token" in r.kwarg_names], ids=lambda r: r.id)
def test_signed_links_refuse_a_tampered_token(route, world, visits):
    for case in _cases(route, world):
        path = build_path(route, {**case.kwargs, "token": case.kwargs["token"][:-2] + "xx"})
        for role in ROLES:
            for method in ("get", "post"):
                response = visits[role].request(method, path)
                assert response.status_code == 400, (route.id, role, method, response.status_code)
