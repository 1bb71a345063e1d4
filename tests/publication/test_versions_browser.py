"""The published plan in Chromium (issue 14, point 11): the plan page, the versions page, a
version's document and /documents/ are accessible (axe-core) and without CSP violations, in Dutch
and English."""

import datetime

import pytest
from django.urls import reverse

# The browser tests' fixtures (Chromium, axe-core, the CSP watch) live in tests/browser/conftest.py.
from tests.browser.conftest import (  # noqa: F401
    assert_accessible,
    axe,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)

pytestmark = pytest.mark.browser


def _plan():
    from commitments.models import Commitment
    from publication.models import PlanText
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import ActionPlanFactory
    from tests.ideas.factories import IdeaFactory

    plan = ActionPlanFactory(number=5, slug="actieplan-5")
    PlanText.objects.create(
        plan=plan, introduction_nl="Inleiding.", introduction_en="Introduction.", context_nl="Context.",
        context_en="Context.",
    )  # fmt: skip
    for sequence in (1, 2):
        CommitmentFactory(plan=plan, sequence=sequence, complete=True, status=Commitment.Status.FINAL)
    IdeaFactory(plan=plan, answered=True)
    return plan


@pytest.mark.parametrize("language", ["nl", "en"])
def test_publishing_and_the_published_pages_are_accessible(page, live_server, transactional_db, settings, language,
                                                           assert_accessible):  # noqa: F811  # fmt: skip
    from publication import services
    from tests.factories import UserFactory

    settings.PLATFORM_TODAY = "2023-02-01"
    plan = _plan()
    owner = UserFactory(role="process_owner")
    services.publish_version(
        plan, number=1, language="en", label_nl="Engelse versie voor OGP", label_en="English version submitted to OGP",
        published_on=datetime.date(2022, 12, 30), actor=owner,
    )  # fmt: skip
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    page.goto(live_server.url + plan.get_absolute_url())
    assert page.locator(".published-plan").count() == 1
    assert_accessible(page, "plan page")
    page.locator(".published-plan a[hreflang=en]").first.click()
    page.wait_for_url("**/versions/1/")
    assert page.locator("#NL-5-01").count() == 1
    assert_accessible(page, "version 1")
    page.goto(live_server.url + reverse("publication_versions:list", args=[plan.slug]))
    assert_accessible(page, "versions")
    page.goto(live_server.url + reverse("publication_documents:list"))
    assert_accessible(page, "documents")
