"""/documents/ in Chromium: accessible (axe-core) and without CSP violations, in Dutch and English,
filtered without JavaScript."""

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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_document_repository_is_accessible(page, live_server, transactional_db, settings, tmp_path, language,
                                                assert_accessible):  # noqa: F811  # fmt: skip
    from django.core.files.base import ContentFile

    from publication.models import Document
    from stakeholders.demo import tiny_pdf
    from tests.factories import ActionPlanFactory

    settings.MEDIA_ROOT = tmp_path
    plan = ActionPlanFactory()
    for kind, title in (("irm_report", "IRM-rapport"), ("other", "Ander stuk")):
        Document.objects.create(
            plan=plan, kind=kind, title_nl=title, title_en=title, language="nl",
            published_on=datetime.date(2024, 1, 1), file=ContentFile(tiny_pdf(title), name="stuk.pdf"),
        )  # fmt: skip
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + reverse("publication_documents:list"))
    assert "IRM-rapport" in page.content() and "Ander stuk" in page.content()
    assert_accessible(page, "documents")
    page.select_option("select[name=kind]", "irm_report")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**kind=irm_report**")
    assert "IRM-rapport" in page.content() and "Ander stuk" not in page.content()
    assert_accessible(page, "documents filtered")
