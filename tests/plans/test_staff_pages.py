"""The plan is edited on three pages (details, phases, events), each a plain form saving its own
part with the same protection against overwriting a colleague's save."""

import datetime

import pytest
from django.urls import reverse

from plans.models import ActionPlan, Event, Phase
from tests.factories import ActionPlanFactory, EventFactory, PhaseFactory, UserFactory

pytestmark = pytest.mark.django_db

STALE = "Someone else saved this plan after you opened it"


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
    return {
        "number": "6",
        "slug": "actieplan-6",
        "status": "public",
        "title_nl": "Zesde Actieplan Open Overheid",
        "title_en": "Sixth Open Government Action Plan",
        "summary_nl": "Een lange samenvatting die bewaard moet blijven.",
        "summary_en": "",
        "term_start": "2027-01-01",
        "term_end": "2030-12-31",
        **overrides,
    }


def _phases_data(phases, version, **overrides):
    """The phases page's POST for existing ``phases`` (plus an empty new row)."""
    data = {"version": version, **_management("phases", total=len(phases) + 1, initial=len(phases))}
    for i, phase in enumerate(phases):
        data.update({
            f"phases-{i}-id": str(phase.pk), f"phases-{i}-plan": str(phase.plan_id), f"phases-{i}-kind": phase.kind,
            f"phases-{i}-starts_on": phase.starts_on.isoformat(), f"phases-{i}-ends_on": phase.ends_on.isoformat(),
            f"phases-{i}-description_nl": phase.description_nl, f"phases-{i}-description_en": phase.description_en,
        })  # fmt: skip
    data.update(overrides)
    return data


def _events_data(version, **overrides):
    return {
        "version": version,
        **_management("events", total=1),
        "events-0-kind": "meeting",
        "events-0-title_nl": "Startbijeenkomst",
        "events-0-title_en": "Kick-off",
        "events-0-starts_at": "2026-03-02T10:00",
        "events-0-location": "Den Haag",
        **overrides,
    }


@pytest.fixture
def plan():
    plan = ActionPlanFactory(number=6, slug="actieplan-6")
    PhaseFactory(
        plan=plan, kind=Phase.Kind.SESSIONS, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 10, 31)
    )
    return plan


def _version(client, url):
    return client.get(url).context["version"]


# --- The plan's details ------------------------------------------------------------------------


def test_a_new_plan_is_saved_and_the_phases_page_comes_next(owner_client):
    response = owner_client.post(reverse("staff:plan_create"), _plan_data())
    plan = ActionPlan.objects.get(number=6)
    assert response.status_code == 302 and response.url == reverse("staff:plan_phases", args=[plan.slug])
    assert "Now add its phases" in owner_client.get(response.url).content.decode()


def test_bad_details_give_field_errors_keep_the_text_and_write_nothing(owner_client):
    response = owner_client.post(reverse("staff:plan_create"), _plan_data(title_en="", term_end="2026-01-01"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert "This field is required." in html
    assert "The term must end after it starts." in html
    assert "Een lange samenvatting die bewaard moet blijven." in html  # what was typed is kept
    assert 'aria-invalid="true"' in html
    assert not ActionPlan.objects.exists()


def test_details_are_saved_without_touching_the_timeline(owner_client, plan):
    url = reverse("staff:plan_edit", args=[plan.slug])
    response = owner_client.post(url, _plan_data(version=_version(owner_client, url), title_nl="Nieuwe titel"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title_nl == "Nieuwe titel" and plan.phases.get().kind == Phase.Kind.SESSIONS


def test_a_stale_details_save_is_refused_and_keeps_what_was_typed(owner_client, plan):
    url = reverse("staff:plan_edit", args=[plan.slug])
    seen = _version(owner_client, url)
    plan.title_en = "Changed by a colleague"
    plan.save()  # someone else saves in between

    data = _plan_data(version=seen, title_nl="Mijn nieuwe titel")
    response = owner_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert STALE in html and "Mijn nieuwe titel" in html
    plan.refresh_from_db()
    assert plan.title_en == "Changed by a colleague" and plan.title_nl != "Mijn nieuwe titel"

    # Saving again on top of the version now shown works.
    data["version"] = response.context["version"]
    assert owner_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.title_nl == "Mijn nieuwe titel"


def test_a_form_refused_for_bad_input_still_carries_the_version_the_editor_opened(owner_client, plan):
    # Fixing a typo after a 400 must not silently overwrite what a colleague saved meanwhile.
    url = reverse("staff:plan_edit", args=[plan.slug])
    seen = _version(owner_client, url)
    plan.title_en = "Changed by a colleague"
    plan.save()

    data = _plan_data(version=seen, title_nl="")
    response = owner_client.post(url, data)
    assert response.status_code == 400
    assert f'name="version" value="{seen}"' in response.content.decode()

    data["title_nl"] = "Mijn nieuwe titel"
    response = owner_client.post(url, data)
    assert response.status_code == 400
    assert STALE in response.content.decode()
    new = response.context["version"]
    assert new != seen and f'name="version" value="{new}"' in response.content.decode()


def test_an_edit_without_a_version_is_refused_as_stale(owner_client, plan):
    response = owner_client.post(reverse("staff:plan_edit", args=[plan.slug]), _plan_data(title_nl="Zonder versie"))
    assert response.status_code == 400
    assert STALE in response.content.decode()
    plan.refresh_from_db()
    assert plan.title_nl != "Zonder versie"


# --- Phases --------------------------------------------------------------------------------------


def test_phases_are_changed_and_added_and_the_plan_gets_a_new_version(owner_client, plan):
    url = reverse("staff:plan_phases", args=[plan.slug])
    seen = _version(owner_client, url)
    phase = plan.phases.get()
    data = _phases_data([phase], seen, **{"phases-0-ends_on": "2026-11-15"})
    data.update({"phases-1-kind": "drafting", "phases-1-starts_on": "2026-11-01", "phases-1-ends_on": "2026-12-31"})
    response = owner_client.post(url, data)
    assert response.status_code == 302 and response.url == url
    phase.refresh_from_db()
    assert phase.ends_on == datetime.date(2026, 11, 15)
    assert plan.phases.filter(kind=Phase.Kind.DRAFTING).exists()
    # Someone who opened the details page before this save is refused: the plan moved on.
    assert _version(owner_client, url) != seen


def test_an_error_in_a_phase_names_the_phase_and_nothing_is_written(owner_client, plan):
    url = reverse("staff:plan_phases", args=[plan.slug])
    phase = plan.phases.get()
    data = _phases_data([phase], _version(owner_client, url), **{"phases-0-ends_on": "2026-08-01"})
    response = owner_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Phase “Co-creation sessions”, ends on: a phase cannot end before it starts." in html
    # In the error summary too, linked to the field.
    assert '<a href="#id_phases-0-ends_on_group">Phase “Co-creation sessions”, ends on:' in html
    phase.refresh_from_db()
    assert phase.ends_on == datetime.date(2026, 10, 31)


def test_the_phase_error_names_the_phase_in_dutch(owner_client, plan):
    owner_client.cookies["django_language"] = "nl"
    url = reverse("staff:plan_phases", args=[plan.slug])
    phase = plan.phases.get()
    data = _phases_data([phase], _version(owner_client, url), **{"phases-0-ends_on": "2026-08-01"})
    html = owner_client.post(url, data).content.decode()
    assert "Fase “Meedenksessies”, eindigt op: een fase kan niet eindigen voordat hij begint." in html


def test_a_new_phase_row_with_an_error_names_its_kind(owner_client, plan):
    url = reverse("staff:plan_phases", args=[plan.slug])
    data = _phases_data([plan.phases.get()], _version(owner_client, url))
    data.update({"phases-1-kind": "drafting", "phases-1-starts_on": "2026-11-01", "phases-1-ends_on": ""})
    html = owner_client.post(url, data).content.decode()
    assert "Phase “Drafting the plan”, ends on: this field is required." in html


def test_same_phase_twice_is_refused(owner_client, plan):
    url = reverse("staff:plan_phases", args=[plan.slug])
    data = _phases_data([plan.phases.get()], _version(owner_client, url))
    data.update({"phases-1-kind": "sessions", "phases-1-starts_on": "2026-11-01", "phases-1-ends_on": "2026-11-30"})
    response = owner_client.post(url, data)
    assert response.status_code == 400
    assert "Each phase can occur once per plan; twice: Co-creation sessions." in response.content.decode()
    assert plan.phases.count() == 1


def test_a_stale_phases_save_is_refused_and_keeps_what_was_typed(owner_client, plan):
    url = reverse("staff:plan_phases", args=[plan.slug])
    seen = _version(owner_client, url)
    phase = plan.phases.get()
    Phase.objects.filter(pk=phase.pk).update(ends_on=datetime.date(2026, 12, 1))
    plan.save()  # a colleague saved the timeline in between

    typed = "Vier sessies in het land, tekst die niet verloren mag gaan."
    data = _phases_data([phase], seen, **{"phases-0-description_nl": typed})
    response = owner_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert STALE in html and typed in html
    phase.refresh_from_db()
    assert phase.description_nl == "" and phase.ends_on == datetime.date(2026, 12, 1)

    data["version"] = response.context["version_form"]["version"].value()
    assert owner_client.post(url, data).status_code == 302
    phase.refresh_from_db()
    assert phase.description_nl == typed


# --- Events --------------------------------------------------------------------------------------


def test_an_event_is_added(owner_client, plan):
    url = reverse("staff:plan_events", args=[plan.slug])
    response = owner_client.post(url, _events_data(_version(owner_client, url)))
    assert response.status_code == 302
    assert plan.events.get().title_nl == "Startbijeenkomst"
    assert plan.phases.count() == 1  # the phases are left as they are


def test_an_error_in_an_event_names_the_event(owner_client, plan):
    url = reverse("staff:plan_events", args=[plan.slug])
    response = owner_client.post(url, _events_data(_version(owner_client, url), **{"events-0-starts_at": ""}))
    assert response.status_code == 400
    assert "Event “Startbijeenkomst”, starts at: this field is required." in response.content.decode()
    assert not Event.objects.exists()


def test_a_stale_events_save_is_refused_and_keeps_what_was_typed(owner_client, plan):
    url = reverse("staff:plan_events", args=[plan.slug])
    seen = _version(owner_client, url)
    EventFactory(plan=plan)
    plan.save()
    response = owner_client.post(url, _events_data(seen, **{"events-0-title_nl": "Mijn eigen bijeenkomst"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert STALE in html and "Mijn eigen bijeenkomst" in html
    assert not plan.events.filter(title_nl="Mijn eigen bijeenkomst").exists()


# --- Navigation and permissions ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["staff:plan_edit", "staff:plan_phases", "staff:plan_events"])
def test_the_subnav_marks_the_current_part(owner_client, plan, name):
    html = owner_client.get(reverse(name, args=[plan.slug])).content.decode()
    assert f'<a href="{reverse(name, args=[plan.slug])}" aria-current="page">' in html
    assert html.count('aria-current="page"') == 2  # the part, and "Staff" in the main menu


@pytest.mark.parametrize("name", ["staff:plan_edit", "staff:plan_phases", "staff:plan_events"])
@pytest.mark.parametrize("role", ["moderator", None])
def test_only_process_owners_reach_the_plan_pages(client, totp, plan, name, role):
    client.force_login(totp(UserFactory(role=role)) if role else UserFactory())
    url = reverse(name, args=[plan.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, _plan_data(title_nl="Niet van mij")).status_code == 403
    plan.refresh_from_db()
    assert plan.title_nl != "Niet van mij"


@pytest.mark.parametrize("name", ["staff:plan_edit", "staff:plan_phases", "staff:plan_events"])
def test_anonymous_visitors_are_sent_to_log_in(client, plan, name):
    response = client.get(reverse(name, args=[plan.slug]))
    assert response.status_code == 302 and "login" in response.url


def test_moderator_cannot_create_a_plan(client, totp):
    client.force_login(totp(UserFactory(role="moderator")))
    assert client.post(reverse("staff:plan_create"), _plan_data()).status_code == 403
    assert not ActionPlan.objects.exists()
