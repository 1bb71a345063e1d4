"""Reminders before the drafting deadline, through the notifications outbox."""

import datetime

import pytest
from django.core import mail

from commitments.timeline import remind_drafting_deadline
from notifications.models import Message
from notifications.timeline import run_jobs
from plans.models import Phase
from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory, MembershipFactory, PhaseFactory, UserFactory

D = datetime.date
DEADLINE = D(2022, 12, 16)


@pytest.fixture
def setup(db):
    plan = ActionPlanFactory(number=5)
    PhaseFactory(plan=plan, kind=Phase.Kind.DRAFTING, starts_on=D(2022, 11, 7), ends_on=DEADLINE)
    draft = CommitmentFactory(plan=plan, title_nl="Open raadsinformatie")
    members = [MembershipFactory(organisation=draft.lead_organisation).user for _i in range(2)]
    members[1].language = "en"
    members[1].save()
    ready = CommitmentFactory(plan=plan, status="ready")
    MembershipFactory(organisation=ready.lead_organisation)
    outsider = UserFactory()
    return {"plan": plan, "draft": draft, "members": members, "ready": ready, "outsider": outsider}


@pytest.mark.django_db
def test_members_of_lead_organisations_with_drafts_get_reminders_7_and_1_days_before(
    setup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_drafting_deadline(today=D(2022, 12, 8)) == 0  # 8 days before: nothing yet
        assert remind_drafting_deadline(today=D(2022, 12, 9)) == 2  # 7 days before
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in setup["members"])
    dutch = next(m for m in mail.outbox if m.to == [setup["members"][0].email])
    english = next(m for m in mail.outbox if m.to == [setup["members"][1].email])
    assert setup["draft"].identifier in dutch.subject and "7" in dutch.subject
    assert "drafting deadline" in english.subject and "16 December 2022" in english.body
    assert setup["draft"].get_absolute_url() in english.body and "http" in english.body
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_drafting_deadline(today=D(2022, 12, 15)) == 2  # 1 day before
    assert "tomorrow" in mail.outbox[-1].subject or "morgen" in mail.outbox[-1].subject
    assert set(Message.objects.values_list("key", flat=True)) == {
        f"drafting-reminder:{setup['draft'].pk}:{u.pk}:{days}" for u in setup["members"] for days in (7, 1)
    }


@pytest.mark.django_db
def test_reminders_go_out_once_even_when_the_job_runs_twice(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind_drafting_deadline(today=D(2022, 12, 10))
        assert remind_drafting_deadline(today=D(2022, 12, 10)) == 0
        run_jobs(today=D(2022, 12, 10))
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_no_reminder_for_commitments_past_draft_or_after_the_deadline(setup, django_capture_on_commit_callbacks):
    setup["draft"].status = "ready"
    setup["draft"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_drafting_deadline(today=D(2022, 12, 9)) == 0
        setup["draft"].status = "draft"
        setup["draft"].save()
        assert remind_drafting_deadline(today=DEADLINE) == 0
        assert remind_drafting_deadline(today=D(2022, 12, 20)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_missed_run_catches_up_with_only_the_nearest_reminder(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind_drafting_deadline(today=D(2022, 12, 15))
    assert {m.key.rsplit(":", 1)[1] for m in Message.objects.all()} == {"1"}


@pytest.mark.django_db
def test_reminder_job_query_count_does_not_grow_with_commitments(setup, django_assert_num_queries):
    plan = setup["plan"]
    # phases, drafts, members; the outbox: existing keys, savepoint, insert (returning the new ids), release
    with django_assert_num_queries(7):
        remind_drafting_deadline(today=D(2022, 12, 9))
    for _i in range(3):
        extra = CommitmentFactory(plan=plan)
        MembershipFactory(organisation=extra.lead_organisation)
    with django_assert_num_queries(7):
        assert remind_drafting_deadline(today=D(2022, 12, 15)) == 5


@pytest.mark.django_db
def test_plain_text_reminder_is_not_html_escaped_but_the_html_part_is(setup, django_capture_on_commit_callbacks):
    setup["draft"].title_nl = "Agenda's <openbaar>"
    setup["draft"].save()
    with django_capture_on_commit_callbacks(execute=True):
        remind_drafting_deadline(today=D(2022, 12, 9))
    sent = next(m for m in mail.outbox if m.to == [setup["members"][0].email])
    assert "Agenda's <openbaar>" in sent.body
    assert "Agenda&#x27;s &lt;openbaar&gt;" in sent.alternatives[0][0]


@pytest.mark.django_db
def test_a_late_reminder_states_the_days_really_left_in_dutch_and_english(setup, django_capture_on_commit_callbacks):
    # The job did not run a week before the deadline: it catches up two days before.
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_drafting_deadline(today=D(2022, 12, 14)) == 2
    assert {m.key.rsplit(":", 1)[1] for m in Message.objects.all()} == {"7"}  # the 7-day one, once
    dutch = next(m for m in mail.outbox if m.to == [setup["members"][0].email])
    english = next(m for m in mail.outbox if m.to == [setup["members"][1].email])
    assert dutch.subject.endswith("de deadline voor het opstellen is over 2 dagen")
    assert english.subject.endswith("the drafting deadline is in 2 days")
