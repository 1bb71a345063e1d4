"""Roles × statuses × pages: who reads, edits and moves a commitment, checked on the server."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Commitment
from core import clock
from plans.models import Phase
from tests.commitments.conftest import ROLES

S = Commitment.Status
STATES = [s.value for s in S]
LOGIN = "login"


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


def _assert_status(response, want, where):
    if want == LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), where
    else:
        assert response.status_code == want, (*where, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_who_reads_a_commitment_in_each_status(client, world, make_commitment, login, state):
    commitment = make_commitment(status=state)
    for role in ROLES:
        login(world["people"][role])
        for page, expect in (("detail", _expect_read), ("history", _expect_history)):
            response = client.get(reverse(f"commitments:{page}", args=[commitment.identifier]))
            _assert_status(response, expect(role, state), (page, role, state))
            if response.status_code == 200 and page == "detail":
                assert commitment.title_en in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_who_edits_a_commitment_in_each_status(client, world, make_commitment, login, state):
    commitment = make_commitment(status=state)
    url = reverse("commitments:edit", args=[commitment.identifier])
    for role in ROLES:
        login(world["people"][role])
        _assert_status(client.get(url), _expect_edit(role, state), ("edit", role, state))
        # A refused POST changes nothing.
        if _expect_edit(role, state) != 200:
            client.post(url, {"title_nl": "Overgenomen", "version": "1"})
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
            _assert_status(response, LOGIN if role == "anonymous" else 403, (name, role))
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
def test_pages_for_staff_and_workspace(client, world, make_commitment, login):
    make_commitment()
    expected = {
        reverse("commitments:staff_overview"): {
            "anonymous": LOGIN, "participant": 403, "moderator": 200, "process_owner": 200,
            "action_holder": 403, "other_action_holder": 403, "forum_member": 403,
        },
        reverse("commitments:workspace"): {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN},
        reverse("commitments:new"): {
            "anonymous": LOGIN, "participant": 403, "moderator": 403, "process_owner": 200,
            "action_holder": 200, "other_action_holder": 200, "forum_member": 403,
        },
        reverse("commitments:list"): dict.fromkeys(ROLES, 200),
    }  # fmt: skip
    for url, by_role in expected.items():
        for role in ROLES:
            login(world["people"][role])
            _assert_status(client.get(url), by_role[role], (url, role))


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
