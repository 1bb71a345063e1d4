"""The roles × pages helper (tests/roles.py) reports every wrong answer of a table at once."""

import pytest
from django.urls import reverse

from tests.roles import ADMIN, PUBLIC, STAFF, assert_answers


@pytest.mark.django_db
def test_every_wrong_answer_is_reported_at_once(client, people):
    staff_page, admin = reverse("staff:dashboard"), reverse("admin:index")
    with pytest.raises(AssertionError) as failure:
        assert_answers(client, people, [(staff_page, PUBLIC), (admin, ADMIN)])
    report = str(failure.value)
    assert "4 wrong answers" in report
    assert f"GET {staff_page} as anonymous: 302 to {reverse('account_login')}" in report
    for role in ("participant", "action_holder", "forum_member"):
        assert f"GET {staff_page} as {role}: 403, expected 200" in report
    assert admin not in report  # every answer of the admin was the expected one


@pytest.mark.django_db
def test_a_table_without_an_answer_for_a_role_fails(client, people):
    incomplete = {role: want for role, want in STAFF.items() if role != "forum_member"}
    with pytest.raises(AssertionError, match="no expected answer for forum_member"):
        assert_answers(client, people, [(reverse("staff:dashboard"), incomplete)])
