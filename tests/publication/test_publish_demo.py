"""The demo's published fifth plan (issue 14, point 10): English version 1 of 2022-12-30 and Dutch
version 2 of 2023-02-01, five published commitments and the co-creation report, visible at today's
date and at PLATFORM_TODAY=2023-02-01."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from commitments.models import Commitment
from publication.models import PlanVersion, VersionDocument
from tests.roles import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())


def test_the_fifth_plan_has_two_published_versions_with_five_commitments(demo):
    versions = list(PlanVersion.objects.filter(plan__number=5).order_by("number"))
    assert [(v.number, v.language, v.published_on) for v in versions] == [
        (1, "en", datetime.date(2022, 12, 30)),
        (2, "nl", datetime.date(2023, 2, 1)),
    ]
    for version in versions:
        assert len(version.commitments) >= 5
        kinds = set(version.documents.values_list("kind", "language"))
        assert kinds == {("plan", version.language), ("cocreation_report", "nl"), ("cocreation_report", "en")}
    published = Commitment.objects.filter(plan__number=5, status=Commitment.Status.PUBLISHED)
    assert set(versions[1].commitments) <= set(published.values_list("identifier", flat=True))
    assert "NL-5-06 Open data over waterkwaliteit en waterveiligheid" in versions[1].documents.get(kind="plan").html


def test_running_the_seed_again_changes_nothing(demo, django_capture_on_commit_callbacks):
    before = list(VersionDocument.objects.values_list("pk", "html"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert list(VersionDocument.objects.values_list("pk", "html")) == before
    assert Commitment.objects.get(identifier="NL-5-05").status == Commitment.Status.PUBLISHED


@pytest.mark.parametrize("day", ["", "2023-02-01"])
def test_the_published_plan_is_visible_today_and_on_the_day_of_the_dutch_version(demo, client, settings, day):
    settings.PLATFORM_TODAY = day
    log_in(client, None, language="nl")
    for url in (reverse("home"), reverse("plans:detail", args=["actieplan-5"])):
        page = client.get(url).content.decode()
        assert "Het gepubliceerde plan" in page, url
        assert "Nederlandse publieksversie" in page and "Engelse versie, ingediend bij OGP" in page
    for url in (
        reverse("publication_versions:detail", args=["actieplan-5", 1]),
        reverse("publication_versions:detail", args=["actieplan-5", 2]),
        reverse("publication_versions:report", args=["actieplan-5", 2, "nl"]),
    ):
        assert client.get(url).status_code == 200, url
    documents = client.get(reverse("publication_documents:list"), {"kind": "plan_version"}).content.decode()
    assert "Nederlandse publieksversie" in documents


def test_the_comparison_shows_the_milestone_that_moved(demo, client):
    log_in(client, None, language="en")
    page = client.get(reverse("publication_versions:compare", args=["actieplan-5"]), {"a": 1, "b": 2})
    text = page.content.decode()
    assert "NL-5-07" in text and "Milestones" in text
    assert "<ins>2024-12-31</ins>" in text


def test_the_demo_has_every_pdf_without_a_worker(settings, tmp_path):
    """No commit in this test, so no task queued by publishing ever runs: as with a broker configured
    and no worker. The demo makes its PDFs itself: the versions' and the self-assessment's."""
    from implementation.models import SelfAssessment

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    rows = [*VersionDocument.objects.all(), *SelfAssessment.objects.all()]
    assert len(rows) >= 8  # two versions of three documents, the self-assessment in two languages
    for row in rows:
        assert (row.pdf_status, row.pages > 0, len(row.sha256)) == ("done", True, 64), row.title
        with row.pdf.open("rb") as f:
            assert f.read(5) == b"%PDF-"
