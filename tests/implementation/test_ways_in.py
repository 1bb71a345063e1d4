"""The ways into the implementation (issue #15): the plan's page leads to its progress, its
reporting rounds and (once started) its refresh; the staff dashboard to reports waiting for a check."""

import pytest
from django.urls import reverse

from implementation.models import Completion, ProgressReport, Refresh
from plans.models import ActionPlan, Phase
from tests.factories import PhaseFactory
from tests.roles import log_in


@pytest.mark.django_db
def test_the_plan_page_leads_to_progress_rounds_and_the_refresh_once_it_has_started(client, plan_world):
    plan = plan_world["plan"]
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.PUBLIC)
    log_in(client, None, language="en")
    url = reverse("plans:detail", args=[plan.slug])
    page = client.get(url).content.decode()
    assert "Implementation of the plan" in page
    assert reverse("implementation_progress:progress_plan", args=[plan.slug]) in page
    assert reverse("implementation_rounds:list", args=[plan.slug]) in page
    refresh_url = reverse("implementation_refresh:detail", args=[plan.slug])
    assert refresh_url not in page  # no refresh yet
    phase = PhaseFactory(plan=plan, kind=Phase.Kind.REFRESH)
    Refresh.objects.create(plan=plan, phase=phase, reason_nl="Herijking.", reason_en="Refresh.")
    page = client.get(url).content.decode()
    assert refresh_url in page and "The refresh of the plan" in page
    assert client.get(refresh_url).status_code == 200


@pytest.mark.django_db
def test_the_plan_page_shows_no_implementation_outside_the_plans_term(client, plan_world):
    plan = plan_world["plan"]
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.PUBLIC, term_start="2025-01-01")
    log_in(client, None, language="en")
    page = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    assert "Implementation of the plan" not in page


@pytest.mark.django_db
def test_the_staff_dashboard_counts_the_reports_waiting_for_a_check(client, plan_world):
    for milestone in (plan_world["first"], plan_world["second"]):
        ProgressReport.objects.create(
            milestone=milestone, completion=Completion.LIMITED, explanation_nl="Voortgang",
            reported_on=plan_world["day"], author=plan_world["holder"],
        )  # fmt: skip
    ProgressReport.objects.create(
        milestone=plan_world["other_milestone"], completion=Completion.LIMITED, explanation_nl="Klaar",
        reported_on=plan_world["day"], review=ProgressReport.Review.ACCEPTED,
    )  # fmt: skip
    log_in(client, plan_world["owner"], language="en")
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert "2 progress reports waiting for a check" in page
    assert reverse("implementation_progress:progress_checks") in page


@pytest.mark.django_db
def test_closed_rounds_with_accepted_reports_are_progress_reports_in_the_repository(
    client, plan_world, django_assert_num_queries
):
    import datetime

    from implementation.documents import progress_reports
    from implementation.models import ReportingRound
    from publication.documents import document_rows

    plan = plan_world["plan"]
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.PUBLIC)

    def make_round(title, opens, deadline, review=None):
        reporting_round = ReportingRound.objects.create(
            plan=plan, title_nl=f"Ronde {title}", title_en=f"Round {title}", opens_on=opens, deadline=deadline
        )
        if review:
            ProgressReport.objects.create(
                milestone=plan_world["first"], round=reporting_round, completion=Completion.LIMITED,
                explanation_nl="Voortgang", reported_on=opens, review=review,
            )  # fmt: skip
        return reporting_round

    D = datetime.date
    closed = make_round("winter", D(2023, 12, 1), D(2024, 1, 15), ProgressReport.Review.ACCEPTED)
    make_round("herfst", D(2023, 9, 1), D(2023, 10, 15), ProgressReport.Review.SUBMITTED)  # nothing public
    make_round("zomer", D(2024, 5, 15), D(2024, 6, 30), ProgressReport.Review.ACCEPTED)  # still open (2024-06-01)
    rows = [r for r in document_rows(plan=plan) if r.kind == "progress_report"]
    progress_url = reverse("implementation_progress:progress_plan", args=[plan.slug])
    assert {(r.title, r.language, r.published_on, r.url) for r in rows} == {
        ("Ronde winter", "nl", closed.deadline, progress_url),
        ("Round winter", "en", closed.deadline, progress_url),
    }
    log_in(client, None, language="en")
    listing = client.get(reverse("publication_documents:list"), {"kind": "progress_report"}).content.decode()
    assert "Round winter" in listing and "Round zomer" not in listing and "Round herfst" not in listing
    assert client.get(progress_url).status_code == 200
    make_round("lente", D(2023, 3, 1), D(2023, 4, 15), ProgressReport.Review.ACCEPTED)
    with django_assert_num_queries(1):  # whatever the number of rounds
        assert len(list(progress_reports(ActionPlan.objects.public()))) == 4
