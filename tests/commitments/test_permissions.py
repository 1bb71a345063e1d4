"""Roles × statuses × pages: who reads, edits and moves a commitment, checked on the server."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Commitment
from core import clock
from plans.models import Phase
from tests.commitments.conftest import ROLES
from tests.roles import LOGIN, PUBLIC, SIGNED_IN, STAFF, answered, assert_answers

S = Commitment.Status
STATES = [s.value for s in S]


def _expect_read(role, state):
    if state == "published":
        return 200
    if role == "anonymous":
        return LOGIN
    if role in ("moderator", "process_owner", "action_holder"):
        return 200
    if role == "forum_member" and state in ("in_review", "revised"):
        return 200
    return 403


def _expect_history(role, state):
    """The versions hold draft texts and their authors: never for the public."""
    if role == "anonymous":
        return LOGIN
    if role in ("moderator", "process_owner", "action_holder"):
        return 200
    if role == "forum_member" and state in ("in_review", "revised"):
        return 200
    return 403


def _expect_edit(role, state):
    if role == "anonymous":
        return LOGIN
    if role == "process_owner":
        return 403 if state == "published" else 200
    if role == "action_holder":
        return 200 if state in ("draft", "revised") else 403
    return 403


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_who_reads_a_commitment_in_each_status(client, world, make_commitment, state):
    commitment = make_commitment(status=state)
    detail = reverse("commitments:detail", args=[commitment.identifier])
    history = reverse("commitments:history", args=[commitment.identifier])
    pages = [
        (detail, {role: _expect_read(role, state) for role in ROLES}),
        (history, {role: _expect_history(role, state) for role in ROLES}),
    ]
    responses = assert_answers(client, world["people"], pages, language="en")
    for role in ROLES:
        if _expect_read(role, state) == 200:
            assert commitment.title_en in responses[detail, role].content.decode(), role


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_who_edits_a_commitment_in_each_status(client, world, make_commitment, state):
    commitment = make_commitment(status=state)
    url = reverse("commitments:edit", args=[commitment.identifier])
    expected = {role: _expect_edit(role, state) for role in ROLES}
    assert_answers(client, world["people"], [(url, expected)], language="en")
    # A refused POST is refused the same way, and changes nothing.
    refused = [role for role in ROLES if expected[role] != 200]
    data = {"title_nl": "Overgenomen", "version": "1"}
    assert_answers(client, world["people"], [(url, expected)], roles=refused, method="post", data=data)
    commitment.refresh_from_db()
    assert commitment.title_nl != "Overgenomen"


# transition: roles allowed while drafting and the forum review are open, publication not yet.
TRANSITION_ROLES = {
    "submit": {"process_owner", "action_holder"},
    "withdraw": {"process_owner", "action_holder"},
    "start_review": {"process_owner"},
    "revise": {"process_owner", "action_holder"},
    "finalise": {"process_owner"},
    "publish": set(),  # the publication phase has not started
}
SOURCE = {"submit": "draft", "withdraw": "ready", "start_review": "ready", "revise": "in_review",
          "finalise": "revised", "publish": "final"}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(TRANSITION_ROLES))
def test_each_workflow_step_by_the_right_role(client, world, make_commitment, login, name):
    for role in ROLES:
        commitment = make_commitment(status=SOURCE[name])
        login(world["people"][role])
        response = client.post(reverse("commitments:transition", args=[commitment.identifier, name]))
        commitment.refresh_from_db()
        if role in TRANSITION_ROLES[name]:
            assert response.status_code == 302, (name, role, response.status_code)
            assert commitment.status != SOURCE[name]
        else:
            assert answered(response, LOGIN if role == "anonymous" else 403), (name, role, response.status_code)
            assert commitment.status == SOURCE[name]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["submit", "start_review", "revise", "finalise", "publish", "withdraw"])
def test_steps_are_refused_from_the_wrong_status(client, world, make_commitment, login, name):
    commitment = make_commitment(status="published" if SOURCE[name] != "published" else "draft")
    login(world["people"]["process_owner"])
    assert client.post(reverse("commitments:transition", args=[commitment.identifier, name])).status_code == 403


@pytest.mark.django_db
def test_publication_is_possible_once_the_publication_phase_has_started(client, world, make_commitment, login):
    Phase.objects.filter(plan=world["plan"], kind=Phase.Kind.PUBLICATION).update(starts_on=clock.today())
    commitment = make_commitment(status="final")
    login(world["people"]["process_owner"])
    response = client.post(reverse("commitments:transition", args=[commitment.identifier, "publish"]))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == S.PUBLISHED
    # Now everyone reads it, and nobody edits it any more.
    login(None)
    assert client.get(commitment.get_absolute_url()).status_code == 200
    login(world["people"]["process_owner"])
    assert client.get(reverse("commitments:edit", args=[commitment.identifier])).status_code == 403


@pytest.mark.django_db
def test_after_the_drafting_deadline_only_process_owners_edit_and_submit(client, world, make_commitment, login):
    yesterday = clock.today() - datetime.timedelta(days=1)
    Phase.objects.filter(plan=world["plan"], kind=Phase.Kind.DRAFTING).update(ends_on=yesterday)
    commitment = make_commitment()
    edit = reverse("commitments:edit", args=[commitment.identifier])
    submit = reverse("commitments:transition", args=[commitment.identifier, "submit"])
    login(world["people"]["action_holder"])
    assert client.get(edit).status_code == 403
    assert client.post(submit).status_code == 403
    assert client.get(commitment.get_absolute_url()).status_code == 200  # still reads it
    login(world["people"]["process_owner"])
    assert client.get(edit).status_code == 200
    assert client.post(submit).status_code == 302


@pytest.mark.django_db
def test_forum_review_starts_only_while_the_review_phase_is_current(client, world, make_commitment, login):
    Phase.objects.filter(plan=world["plan"], kind=Phase.Kind.FORUM_REVIEW).update(
        starts_on=clock.today() + datetime.timedelta(days=3)
    )
    commitment = make_commitment(status="ready")
    login(world["people"]["process_owner"])
    url = reverse("commitments:transition", args=[commitment.identifier, "start_review"])
    assert client.post(url).status_code == 403
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Start the forum review" not in html


@pytest.mark.django_db
def test_published_commitments_of_a_plan_that_is_not_public_stay_hidden(client, world, make_commitment, login):
    commitment = make_commitment(status="published", title_nl="Verborgen verbintenis")
    world["plan"].status = world["plan"].Status.DRAFT
    world["plan"].save()
    login(world["people"]["participant"])
    assert client.get(commitment.get_absolute_url()).status_code == 403
    assert "Verborgen verbintenis" not in client.get(reverse("commitments:list")).content.decode()
    login(world["people"]["moderator"])
    assert client.get(commitment.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_forum_members_of_another_plan_do_not_read_reviews(client, world, make_commitment, login):
    from tests.factories import ForumMemberFactory

    stranger = ForumMemberFactory().user  # a seat in some other plan's forum
    commitment = make_commitment(status="in_review")
    login(stranger)
    assert client.get(commitment.get_absolute_url()).status_code == 403


@pytest.mark.django_db
def test_pages_for_staff_and_workspace(client, world, make_commitment):
    make_commitment()
    pages = [
        (reverse("commitments:staff_overview"), {**STAFF, "other_action_holder": 403}),
        (reverse("commitments:workspace"), {**SIGNED_IN, "other_action_holder": 200}),
        (reverse("commitments:new"), {
            "anonymous": LOGIN, "participant": 403, "moderator": 403, "process_owner": 200,
            "action_holder": 200, "other_action_holder": 200, "forum_member": 403,
        }),
        (reverse("commitments:list"), {**PUBLIC, "other_action_holder": 200}),
    ]  # fmt: skip
    assert_answers(client, world["people"], pages, language="en")


@pytest.mark.django_db
def test_admin_shows_commitments_to_process_owners_read_only(client, world, make_commitment, login):
    commitment = make_commitment()
    login(world["people"]["process_owner"])
    assert commitment.identifier in client.get(reverse("admin:commitments_commitment_changelist")).content.decode()
    response = client.get(reverse("admin:commitments_commitment_change", args=[commitment.pk]))
    assert response.status_code == 200
    client.post(reverse("admin:commitments_commitment_change", args=[commitment.pk]), {"title_nl": "Via admin"})
    commitment.refresh_from_db()
    assert commitment.title_nl != "Via admin"
    login(world["people"]["moderator"])
    assert client.get(reverse("admin:commitments_commitment_changelist")).status_code == 403
