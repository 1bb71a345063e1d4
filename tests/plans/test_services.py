"""plan_save takes plain data (the view validates with forms) and shares the stale-edit check."""

import datetime

import pytest

from core.concurrency import StaleEdit, edit_version
from plans.models import ActionPlan, Event, Phase
from plans.services import plan_save
from tests.factories import ActionPlanFactory, OrganisationFactory, PhaseFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _data(**overrides):
    return {
        "number": 6, "slug": "actieplan-6", "status": ActionPlan.Status.PUBLIC,
        "title_nl": "Zesde Actieplan", "title_en": "Sixth Action Plan", "summary_nl": "", "summary_en": "",
        "term_start": D(2027, 1, 1), "term_end": D(2030, 12, 31), "action_holders": [], **overrides,
    }  # fmt: skip


def _phase(kind, start, end, id=None, delete=False):
    return {"id": id, "delete": delete, "kind": kind, "starts_on": start, "ends_on": end,
            "description_nl": "", "description_en": ""}  # fmt: skip


def test_a_plan_is_created_from_plain_values_and_rows():
    holder = OrganisationFactory()
    plan = plan_save(
        plan=None,
        data=_data(action_holders=[holder]),
        phases=[_phase(Phase.Kind.CALL_FOR_INPUT, D(2026, 3, 1), D(2026, 5, 31))],
        events=[],
    )
    assert plan.pk and plan.title_nl == "Zesde Actieplan"
    assert list(plan.action_holders.all()) == [holder]
    assert plan.phases.get().kind == Phase.Kind.CALL_FOR_INPUT


def test_rows_are_updated_deleted_and_added_in_one_save():
    plan = ActionPlanFactory(number=6, slug="actieplan-6")
    kept = PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT)
    gone = PhaseFactory(plan=plan, kind=Phase.Kind.DRAFTING)
    plan_save(
        plan=plan,
        data=_data(),
        phases=[
            _phase(kept.kind, kept.starts_on, D(2026, 6, 15), id=kept.pk),
            _phase(gone.kind, gone.starts_on, gone.ends_on, id=gone.pk, delete=True),
            # The kind of the deleted row is free again for a new one.
            _phase(Phase.Kind.DRAFTING, D(2026, 7, 1), D(2026, 9, 30)),
        ],
        events=[{"id": None, "delete": False, "kind": Event.Kind.OTHER, "title_nl": "Startbijeenkomst",
                 "title_en": "", "starts_at": datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC),
                 "location": "Den Haag", "description_nl": "", "description_en": ""}],
        seen_version=edit_version(plan),
    )  # fmt: skip
    kept.refresh_from_db()
    assert kept.ends_on == D(2026, 6, 15)
    assert not Phase.objects.filter(pk=gone.pk).exists()
    assert plan.phases.get(kind=Phase.Kind.DRAFTING).starts_on == D(2026, 7, 1)
    assert plan.events.get().title_nl == "Startbijeenkomst"


def test_a_row_of_another_plan_is_refused_and_nothing_is_written():
    plan = ActionPlanFactory(number=6, slug="actieplan-6")
    other = PhaseFactory(plan=ActionPlanFactory(number=7, slug="actieplan-7"), kind=Phase.Kind.DRAFTING)
    with pytest.raises(Phase.DoesNotExist):
        plan_save(
            plan=plan,
            data=_data(title_nl="Niet bewaard"),
            phases=[_phase(other.kind, other.starts_on, other.ends_on, id=other.pk, delete=True)],
            events=[],
            seen_version=edit_version(plan),
        )
    assert Phase.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("seen", ["old", None, ""])
def test_a_save_on_top_of_another_version_raises_the_shared_stale_edit(seen):
    plan = ActionPlanFactory(number=6, slug="actieplan-6", title_nl="Van een collega")
    if seen == "old":
        seen = edit_version(plan)
        plan.save()  # someone else saved after this editor opened the form
    with pytest.raises(StaleEdit) as refused:
        plan_save(plan=plan, data=_data(title_nl="Mijn titel"), phases=[], events=[], seen_version=seen)
    assert refused.value.current.pk == plan.pk
    plan.refresh_from_db()
    assert plan.title_nl == "Van een collega"


def test_one_part_is_saved_and_the_others_are_left_alone():
    plan = ActionPlanFactory(number=6, slug="actieplan-6", title_nl="Blijft staan")
    phase = PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT)
    seen = edit_version(plan)
    plan_save(plan=plan, events=[], seen_version=seen)  # the events page, nothing typed
    plan.refresh_from_db()
    assert plan.title_nl == "Blijft staan" and plan.phases.get() == phase
    # Any part's save gives the plan a new version: an editor of another part who opened it
    # before is refused rather than silently overwriting.
    assert edit_version(plan) != seen
    with pytest.raises(StaleEdit):
        plan_save(plan=plan, data=_data(title_nl="Te laat"), seen_version=seen)


def test_a_new_plan_needs_its_data():
    with pytest.raises(ValueError):
        plan_save(plan=None, phases=[])
