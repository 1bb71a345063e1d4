import datetime

import pytest
from django.urls import reverse

from plans.models import ActionPlan, Phase
from tests.factories import ActionPlanFactory, PhaseFactory, UserFactory


@pytest.fixture
def owner_client(client, totp):
    client.force_login(totp(UserFactory(role="process_owner")))
    client.cookies["django_language"] = "en"
    return client


def _management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _plan_data(**overrides):
    data = {
        "number": "6",
        "slug": "actieplan-6",
        "status": "public",
        "title_nl": "Zesde Actieplan Open Overheid",
        "title_en": "Sixth Open Government Action Plan",
        "summary_nl": "Een lange samenvatting die bewaard moet blijven.",
        "summary_en": "",
        "term_start": "2027-01-01",
        "term_end": "2030-12-31",
        **_management("phases", total=1),
        **_management("events", total=0),
        "phases-0-kind": "call_for_input",
        "phases-0-starts_on": "2026-03-01",
        "phases-0-ends_on": "2026-05-31",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_process_owner_creates_a_plan_with_its_timeline(owner_client):
    response = owner_client.post(reverse("staff:plan_create"), _plan_data())
    assert response.status_code == 302
    plan = ActionPlan.objects.get(number=6)
    assert plan.phases.get().kind == Phase.Kind.CALL_FOR_INPUT
    assert "has been saved" in owner_client.get(response.url).content.decode()


@pytest.mark.django_db
def test_bad_input_gives_field_errors_keeps_the_text_and_writes_nothing(owner_client):
    data = _plan_data(title_en="", term_end="2026-01-01", **{"phases-0-ends_on": "2026-01-01"})
    response = owner_client.post(reverse("staff:plan_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert "This field is required." in html
    assert "The term must end after it starts." in html
    assert "A phase cannot end before it starts." in html
    assert "Een lange samenvatting die bewaard moet blijven." in html  # what was typed is kept
    assert 'aria-invalid="true"' in html
    assert not ActionPlan.objects.exists() and not Phase.objects.exists()


@pytest.mark.django_db
def test_same_phase_twice_is_refused(owner_client):
    data = _plan_data(**_management("phases", total=2))
    data.update(
        {"phases-1-kind": "call_for_input", "phases-1-starts_on": "2026-06-01", "phases-1-ends_on": "2026-06-30"}
    )
    response = owner_client.post(reverse("staff:plan_create"), data)
    assert response.status_code == 400
    assert "Each phase can occur once per plan" in response.content.decode()
    assert not ActionPlan.objects.exists()


@pytest.mark.django_db
def test_a_stale_save_is_refused_and_keeps_what_was_typed(owner_client):
    plan = ActionPlanFactory(number=6, slug="actieplan-6")
    phase = PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT)
    url = reverse("staff:plan_edit", args=[plan.slug])
    seen = owner_client.get(url).context["version"]

    # Someone else saves in between.
    plan.title_en = "Changed by a colleague"
    plan.save()

    data = _plan_data(version=seen, title_nl="Mijn nieuwe titel", **_management("phases", total=1, initial=1))
    data.update({"phases-0-id": str(phase.pk), "phases-0-plan": str(plan.pk)})
    response = owner_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this plan after you opened it" in html
    assert "Mijn nieuwe titel" in html
    plan.refresh_from_db()
    assert plan.title_en == "Changed by a colleague" and plan.title_nl != "Mijn nieuwe titel"

    # Saving again on top of the version now shown works.
    data["version"] = response.context["version"]
    assert owner_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.title_nl == "Mijn nieuwe titel"


@pytest.mark.django_db
def test_process_owner_edits_phases_dates(owner_client):
    plan = ActionPlanFactory(number=6, slug="actieplan-6")
    phase = PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT)
    url = reverse("staff:plan_edit", args=[plan.slug])
    data = _plan_data(version=owner_client.get(url).context["version"], **_management("phases", total=1, initial=1))
    data.update({"phases-0-id": str(phase.pk), "phases-0-plan": str(plan.pk), "phases-0-ends_on": "2026-06-15"})
    assert owner_client.post(url, data).status_code == 302
    phase.refresh_from_db()
    assert phase.ends_on == datetime.date(2026, 6, 15)


@pytest.mark.django_db
def test_moderator_cannot_post_to_plan_editing(client, totp):
    client.force_login(totp(UserFactory(role="moderator")))
    assert client.post(reverse("staff:plan_create"), _plan_data()).status_code == 403
    assert not ActionPlan.objects.exists()


@pytest.mark.django_db
def test_a_form_refused_for_bad_input_still_carries_the_version_the_editor_opened(owner_client):
    # Fixing a typo after a 400 must not silently overwrite what a colleague saved meanwhile.
    plan = ActionPlanFactory(number=6, slug="actieplan-6")
    phase = PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT)
    url = reverse("staff:plan_edit", args=[plan.slug])
    seen = owner_client.get(url).context["version"]
    plan.title_en = "Changed by a colleague"
    plan.save()

    data = _plan_data(version=seen, title_nl="", **_management("phases", total=1, initial=1))
    data.update({"phases-0-id": str(phase.pk), "phases-0-plan": str(plan.pk)})
    response = owner_client.post(url, data)
    assert response.status_code == 400
    assert f'name="version" value="{seen}"' in response.content.decode()

    data["title_nl"] = "Mijn nieuwe titel"
    response = owner_client.post(url, data)
    assert response.status_code == 400
    assert "Someone else saved this plan after you opened it" in response.content.decode()
    # The refused page carries the colleague's version, so saving again goes through.
    new = response.context["version"]
    assert new != seen and f'name="version" value="{new}"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.title_en == "Changed by a colleague" and plan.title_nl != "Mijn nieuwe titel"


@pytest.mark.django_db
def test_an_edit_without_a_version_is_refused_as_stale(owner_client):
    plan = ActionPlanFactory(number=6, slug="actieplan-6")
    response = owner_client.post(reverse("staff:plan_edit", args=[plan.slug]), _plan_data(title_nl="Zonder versie"))
    assert response.status_code == 400
    assert "Someone else saved this plan after you opened it" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title_nl != "Zonder versie"
