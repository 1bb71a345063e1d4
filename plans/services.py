from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import ActionPlan


class StaleEdit(Exception):
    """The plan was saved by someone else after this form was opened."""


@transaction.atomic
def plan_save(*, plan_form, phase_formset, event_formset, seen_version: str | None = None) -> ActionPlan:
    """Save a plan with its phases and events in one transaction.

    ``seen_version`` is the plan's ``updated_at`` when the editor opened the form. The row is
    locked while comparing, so that of two people saving at once the second is told and keeps
    what they typed instead of silently overwriting the first.
    """
    if plan_form.instance.pk:
        current = ActionPlan.objects.select_for_update().get(pk=plan_form.instance.pk)
        if seen_version is not None and current.updated_at.isoformat() != seen_version:
            raise StaleEdit(
                _("Someone else saved this plan after you opened it. Your changes have not been saved yet: "
                  "check the timeline below, then save again.")
            )  # fmt: skip
    plan = plan_form.save()
    phase_formset.instance = plan
    event_formset.instance = plan
    phase_formset.save()
    event_formset.save()
    # Any change to the timeline is a change to the plan: bump its version for the next editor.
    plan.save(update_fields=["updated_at"])
    return plan
