"""What the home page and a plan's page show once the plan is published (issue 14, point 9): the
newest published version in each language (its web page and PDF), the plan's commitments and the
co-creation report. Registered with ``plans.home`` (plans sits below publication)."""

from django.utils.translation import gettext_lazy as _

from plans.home import PLAN_PAGE, TOP, register_section
from publication.versions import published_plan


def _published(*, request, plan) -> dict:
    found = published_plan(plan)
    return {"published": found} if found else {}


for _place in (TOP, PLAN_PAGE):
    register_section(
        f"published_plan_{_place}",
        title=_("The published plan"),
        template="publication/versions/_published_plan.html",
        context=_published,
        order=10,
        place=_place,
    )
