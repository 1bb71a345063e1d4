"""The matrix of roles × pages: every page checks permissions on the server.

Expected outcome per role: 200 (shown), "login" (anonymous visitor sent to the login page),
403 (signed in, not allowed) or "admin-login" (Django admin sends non-staff to its own login).
"""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "participant", "moderator", "process_owner", "action_holder", "forum_member"]

PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": "login"}
STAFF = {
    "anonymous": "login", "participant": 403, "moderator": 200, "process_owner": 200,
    "action_holder": 403, "forum_member": 403,
}  # fmt: skip
PROCESS_OWNER = {**STAFF, "moderator": 403}
ADMIN_INDEX = {**STAFF, "anonymous": "admin-login", "participant": "admin-login",
               "action_holder": "admin-login", "forum_member": "admin-login"}  # fmt: skip
ADMIN_PLANS = {**ADMIN_INDEX, "moderator": 403}

PAGES = [
    ("home", lambda plan: reverse("home"), PUBLIC),
    ("plan list", lambda plan: reverse("plans:list"), PUBLIC),
    ("process page", lambda plan: plan.get_absolute_url(), PUBLIC),
    ("accessibility", lambda plan: reverse("accessibility"), PUBLIC),
    ("profile", lambda plan: reverse("accounts:profile"), SIGNED_IN),
    ("staff dashboard", lambda plan: reverse("staff:dashboard"), STAFF),
    ("new plan", lambda plan: reverse("staff:plan_create"), PROCESS_OWNER),
    ("edit plan", lambda plan: reverse("staff:plan_edit", args=[plan.slug]), PROCESS_OWNER),
    ("contributions", lambda plan: reverse("ideas:list"), PUBLIC),
    ("what happened", lambda plan: reverse("ideas:what_happened"), PUBLIC),
    ("building blocks", lambda plan: reverse("ideas:building_blocks"), PUBLIC),
    ("open data", lambda plan: reverse("open_data_contributions_json"), PUBLIC),
    ("my contributions", lambda plan: reverse("ideas:mine"), SIGNED_IN),
    ("email preferences", lambda plan: reverse("notifications:preferences"), SIGNED_IN),
    ("moderation queue", lambda plan: reverse("ideas:queue"), STAFF),
    ("enter a contribution", lambda plan: reverse("ideas:enter"), STAFF),
    ("answers", lambda plan: reverse("ideas:answers"), STAFF),
    ("new building block", lambda plan: reverse("ideas:building_block_create"), PROCESS_OWNER),
    ("commitments", lambda plan: reverse("commitments:list"), PUBLIC),
    ("sessions", lambda plan: reverse("sessions:list"), PUBLIC),
    ("commitments workspace", lambda plan: reverse("commitments:workspace"), SIGNED_IN),
    ("commitments overview", lambda plan: reverse("commitments:staff_overview"), STAFF),
    ("sessions dashboard", lambda plan: reverse("sessions:staff_dashboard"), STAFF),
    ("admin outbox", lambda plan: reverse("admin:notifications_message_changelist"), ADMIN_INDEX),
    ("admin index", lambda plan: reverse("admin:index"), ADMIN_INDEX),
    ("admin plans", lambda plan: reverse("admin:plans_actionplan_changelist"), ADMIN_PLANS),
    ("admin organisations", lambda plan: reverse("admin:accounts_organisation_changelist"), ADMIN_PLANS),
    ("admin forum", lambda plan: reverse("admin:stakeholders_forummember_changelist"), ADMIN_PLANS),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page,url_for,expected", PAGES, ids=[p[0] for p in PAGES])
def test_roles_by_pages(client, people, page, url_for, expected):
    from plans.models import ActionPlan

    plan = ActionPlan.objects.get()
    url = url_for(plan)
    for role in ROLES:
        client.logout()
        if people[role]:
            client.force_login(people[role])
        response = client.get(url)
        want = expected[role]
        if want == "login":
            assert response.status_code == 302 and response.url.startswith(reverse("account_login")), (page, role)
        elif want == "admin-login":
            assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), (page, role)
        else:
            assert response.status_code == want, (page, role, response.status_code)


@pytest.mark.django_db
def test_draft_plan_is_hidden_from_the_public_but_not_from_staff(client, people):
    from plans.models import ActionPlan

    plan = ActionPlan.objects.get()
    plan.status = ActionPlan.Status.DRAFT
    plan.save()
    client.force_login(people["participant"])
    assert client.get(plan.get_absolute_url()).status_code == 403
    assert plan.title_nl not in client.get(reverse("plans:list")).content.decode()
    client.force_login(people["moderator"])
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "visible to staff only" in response.content.decode() or "alleen zichtbaar" in response.content.decode()


@pytest.mark.django_db
def test_staff_without_second_factor_are_sent_to_set_one_up(client, settings):
    from tests.factories import UserFactory

    settings.STAFF_REQUIRE_MFA = True
    client.force_login(UserFactory(role="process_owner"))
    for url in (reverse("staff:dashboard"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_demo_setting_lets_staff_in_without_second_factor_and_says_so(client, settings):
    from tests.factories import UserFactory

    settings.STAFF_REQUIRE_MFA = False
    client.force_login(UserFactory(role="process_owner"))
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 200
    assert "two-factor" in response.content.decode() or "tweestapsverificatie" in response.content.decode()


@pytest.mark.django_db
def test_participants_get_no_second_factor_demand(client, settings):
    from tests.factories import UserFactory

    settings.STAFF_REQUIRE_MFA = True
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "sees_link"), [("participant", False), ("moderator", True), ("process_owner", True)])
def test_only_staff_see_the_staff_link_in_the_menu(client, people, role, sees_link):
    client.force_login(people[role])
    html = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("staff:dashboard")}"' in html) is sees_link
