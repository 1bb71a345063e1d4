"""Progress computations and services (issue 15, points 1, 2 and 4): a milestone's status is its
latest accepted report, a commitment's completion follows from its milestones, overdue rounds,
and the checks by staff with an email to the author either way."""

import datetime

import pytest

from implementation.models import Completion, Evidence, ProgressReport, ReportingRound
from implementation.progress import (
    commitment_progress,
    commitments_reported,
    level_of,
    overdue_rounds,
    percent_of,
    plan_progress,
)
from implementation.rounds import round_status
from implementation.services import (
    DocumentEvidence,
    LinkEvidence,
    ReportRefused,
    accept_report,
    return_report,
    submit_report,
)
from notifications.models import Message
from tests.implementation.conftest import pdf

pytestmark = pytest.mark.django_db
C = Completion


def report(milestone, completion, day, *, review=ProgressReport.Review.ACCEPTED, text="Uitleg", reporting_round=None):
    return ProgressReport.objects.create(
        milestone=milestone, completion=completion, explanation_nl=text, reported_on=day, review=review,
        round=reporting_round,
    )  # fmt: skip


def test_completion_scale():
    assert percent_of([C.NOT_STARTED, C.COMPLETED]) == 50
    assert percent_of([C.LIMITED, C.SUBSTANTIAL, C.COMPLETED]) == 67
    assert percent_of([C.COMPLETED, C.WITHDRAWN]) == 100  # withdrawn milestones leave the mean
    assert percent_of([C.WITHDRAWN]) is None
    assert [level_of(p) for p in (0, 33, 50, 99, 100, None)] == [
        C.NOT_STARTED, C.LIMITED, C.SUBSTANTIAL, C.SUBSTANTIAL, C.COMPLETED, C.WITHDRAWN,
    ]  # fmt: skip


def test_a_milestones_status_is_its_latest_accepted_report(plan_world):
    first, second = plan_world["first"], plan_world["second"]
    report(first, C.LIMITED, datetime.date(2023, 6, 1))
    report(first, C.SUBSTANTIAL, datetime.date(2024, 1, 1))
    report(first, C.COMPLETED, datetime.date(2024, 3, 1), review=ProgressReport.Review.SUBMITTED)
    report(first, C.COMPLETED, datetime.date(2024, 4, 1), review=ProgressReport.Review.RETURNED)
    report(second, C.COMPLETED, datetime.date(2023, 12, 1))

    progress = commitment_progress(plan_world["commitment"])
    assert [m.completion for m in progress.milestones] == [C.SUBSTANTIAL, C.COMPLETED]
    assert [r.completion for r in progress.milestones[0].history] == [C.SUBSTANTIAL, C.LIMITED]  # accepted only
    assert progress.percent == 83 and progress.level == C.SUBSTANTIAL
    assert progress.last_reported_on == datetime.date(2024, 1, 1)


def test_plan_progress_per_commitment_and_per_theme(plan_world):
    report(plan_world["first"], C.COMPLETED, datetime.date(2024, 1, 1))
    report(plan_world["second"], C.LIMITED, datetime.date(2024, 1, 1))
    progress = plan_progress(plan_world["plan"])
    rows = {row.commitment.pk: row for row in progress.commitments}
    assert set(rows) == {plan_world["commitment"].pk, plan_world["other"].pk}  # published ones only
    assert rows[plan_world["commitment"].pk].percent == 67
    assert rows[plan_world["other"].pk].percent == 0
    [theme] = progress.themes
    assert theme.theme == plan_world["theme"] and theme.commitments == 1 and theme.percent == 67
    assert progress.percent == 34  # (67 + 0) / 2, rounded


def test_overdue_is_a_passed_round_without_a_report_that_was_not_sent_back(plan_world):
    plan = plan_world["plan"]
    passed = ReportingRound.objects.create(plan=plan, title_nl="Ronde 1", title_en="Round 1",
                                           opens_on=datetime.date(2024, 1, 1), deadline=datetime.date(2024, 3, 1))  # fmt: skip
    ReportingRound.objects.create(plan=plan, title_nl="Ronde 2", title_en="Round 2",
                                  opens_on=datetime.date(2024, 5, 1), deadline=datetime.date(2024, 7, 1))  # fmt: skip
    commitment, other = plan_world["commitment"], plan_world["other"]
    assert overdue_rounds(plan) == {commitment.pk: [passed], other.pk: [passed]}

    report(plan_world["second"], C.LIMITED, datetime.date(2024, 2, 1), reporting_round=passed,
           review=ProgressReport.Review.SUBMITTED)  # fmt: skip
    sent_back = report(plan_world["other_milestone"], C.LIMITED, datetime.date(2024, 2, 1), reporting_round=passed,
                       review=ProgressReport.Review.RETURNED)  # fmt: skip
    # One of the commitment's two milestones reported: its report is not in yet (the rounds' definition).
    assert overdue_rounds(plan) == {commitment.pk: [passed], other.pk: [passed]}
    assert commitments_reported(passed) == set()
    report(plan_world["first"], C.LIMITED, datetime.date(2024, 2, 1), reporting_round=passed,
           review=ProgressReport.Review.SUBMITTED)  # fmt: skip
    assert overdue_rounds(plan) == {other.pk: [passed]}
    assert commitments_reported(passed) == {commitment.pk}
    assert {c.commitment.pk for c in round_status(passed).commitments if c.is_in} == {commitment.pk}  # the same
    rows = {row.commitment.pk: row for row in plan_progress(plan).commitments}
    assert rows[other.pk].overdue and not rows[commitment.pk].overdue
    assert overdue_rounds(plan, today=datetime.date(2024, 2, 1)) == {}  # before the deadline
    sent_back.review = ProgressReport.Review.ACCEPTED
    sent_back.save()
    assert overdue_rounds(plan) == {}


def test_submit_keeps_history_and_evidence_and_waits_for_a_check(plan_world):
    milestone = plan_world["first"]
    for completion in (C.LIMITED, C.SUBSTANTIAL):
        made = submit_report(
            milestone=milestone, author=plan_world["holder"], completion=completion, explanation_nl="Voortgang",
            reported_on=plan_world["day"],
            evidence=[LinkEvidence("Besluit", "https://example.org/besluit"), DocumentEvidence("Notulen", pdf())],
        )  # fmt: skip
        assert made.review == ProgressReport.Review.SUBMITTED
    assert ProgressReport.objects.filter(milestone=milestone).count() == 2
    assert Evidence.objects.filter(url="https://example.org/besluit").count() == 2
    stored = Evidence.objects.exclude(file="").first()
    assert stored.file.read().startswith(b"%PDF-")
    assert commitment_progress(plan_world["commitment"]).milestones[0].completion == C.NOT_STARTED  # not checked


def test_accepting_and_returning_email_the_author_once(plan_world, django_capture_on_commit_callbacks):
    holder, owner = plan_world["holder"], plan_world["owner"]
    first = report(plan_world["first"], C.COMPLETED, plan_world["day"], review=ProgressReport.Review.SUBMITTED)
    second = report(plan_world["second"], C.LIMITED, plan_world["day"], review=ProgressReport.Review.SUBMITTED)
    first.author = second.author = holder
    first.save()
    second.save()
    with django_capture_on_commit_callbacks(execute=True):
        accept_report(report=first, actor=owner)
        return_report(report=second, actor=owner, reason="Voeg het besluit toe.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.review == "accepted" and first.reviewed_by == owner
    assert second.review == "returned" and second.return_reason == "Voeg het besluit toe."
    messages = {m.kind: m for m in Message.objects.filter(to_email=holder.email)}
    assert set(messages) == {"progress-accepted", "progress-returned"}
    assert "Voeg het besluit toe." in messages["progress-returned"].body_text
    assert plan_world["commitment"].identifier in messages["progress-accepted"].subject
    with pytest.raises(ReportRefused):
        accept_report(report=second, actor=owner)  # checked already: no second email
    with pytest.raises(ReportRefused):
        return_report(report=first, actor=owner, reason="Toch niet")
    assert Message.objects.filter(to_email=holder.email).count() == 2
    assert commitment_progress(plan_world["commitment"]).milestones[0].completion == C.COMPLETED


def test_the_services_refuse_what_the_form_refuses(plan_world):
    holder, milestone = plan_world["holder"], plan_world["first"]
    base = {"milestone": milestone, "author": holder, "completion": C.LIMITED, "explanation_nl": "Uitleg",
            "reported_on": plan_world["day"]}  # fmt: skip
    for change in (
        {"reported_on": datetime.date(2024, 6, 2)},
        {"reported_on": datetime.date(2022, 12, 31)},
        {"completion": C.WITHDRAWN, "explanation_nl": "  "},
        {"milestone": plan_world["draft_milestone"]},
    ):
        with pytest.raises(ReportRefused):
            submit_report(**{**base, **change})
    report(milestone, C.WITHDRAWN, datetime.date(2024, 1, 1))
    with pytest.raises(ReportRefused):
        submit_report(**base)
    with pytest.raises(ReportRefused):
        return_report(report=report(plan_world["second"], C.LIMITED, plan_world["day"],
                                    review=ProgressReport.Review.SUBMITTED), actor=plan_world["owner"], reason=" ")  # fmt: skip
    assert not ProgressReport.objects.filter(review=ProgressReport.Review.RETURNED).exists()
