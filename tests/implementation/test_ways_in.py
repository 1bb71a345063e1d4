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
