"""The matrix of roles × pages: every page checks permissions on the server.

Expected outcome per role (tests/roles.py): 200 (shown), LOGIN (anonymous visitor sent to the
login page), 403 (signed in, not allowed) or ADMIN_LOGIN (Django admin sends non-staff to its own
login).
"""

import pytest
from django.urls import reverse

from tests.roles import ADMIN, ADMIN_PROCESS_OWNER, PROCESS_OWNER, PUBLIC, SIGNED_IN, STAFF, assert_answers


def pages(plan):
    return [
        (reverse("home"), PUBLIC),
        (reverse("plans:list"), PUBLIC),
        (plan.get_absolute_url(), PUBLIC),  # the process page
        (reverse("accessibility"), PUBLIC),
        (reverse("accounts:profile"), SIGNED_IN),
        (reverse("staff:dashboard"), STAFF),
        (reverse("staff:plan_create"), PROCESS_OWNER),
        (reverse("staff:plan_edit", args=[plan.slug]), PROCESS_OWNER),
        (reverse("ideas:list"), PUBLIC),
        (reverse("ideas:what_happened"), PUBLIC),
        (reverse("ideas:building_blocks"), PUBLIC),
        (reverse("open_data_contributions_json"), PUBLIC),
        (reverse("ideas:mine"), SIGNED_IN),
        (reverse("notifications:preferences"), SIGNED_IN),
        (reverse("ideas:queue"), STAFF),
        (reverse("ideas:enter"), STAFF),
        (reverse("ideas:answers"), STAFF),
        (reverse("ideas:building_block_create"), PROCESS_OWNER),
        (reverse("commitments:list"), PUBLIC),
        (reverse("sessions:list"), PUBLIC),
        (reverse("commitments:workspace"), SIGNED_IN),
        (reverse("commitments:staff_overview"), STAFF),
        (reverse("sessions:staff_dashboard"), STAFF),
        (reverse("admin:notifications_message_changelist"), ADMIN),
        (reverse("admin:index"), ADMIN),
        (reverse("admin:plans_actionplan_changelist"), ADMIN_PROCESS_OWNER),
        (reverse("admin:accounts_organisation_changelist"), ADMIN_PROCESS_OWNER),
        (reverse("admin:stakeholders_forummember_changelist"), ADMIN_PROCESS_OWNER),
    ]


@pytest.mark.django_db
def test_roles_by_pages(client, people):
    from plans.models import ActionPlan

    assert_answers(client, people, pages(ActionPlan.objects.get()))


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
