"""A generated document's PDF made out of band by a real Celery worker (production settings,
PostgreSQL, Redis): the publishing transaction only queues it; the worker makes it; a staff page
polling the row sees it go pending → being made (with its progress) → ready."""

import datetime
import hashlib
import time
from pathlib import Path

import pytest
from django.db import transaction

from commitments.models import Commitment
from publication.models import PlanVersion, VersionDocument
from publication.plan_document import render_plan_document
from publication.tasks import enqueue_pdf
from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

Status = VersionDocument.PdfStatus
TIMEOUT = 240  # seconds; the machine may be shared with other test runs


@pytest.fixture
def shared_media(tmp_path, settings, monkeypatch):
    """One media folder for the test process and the worker (which reads MEDIA_ROOT from its
    environment); requested before ``celery_worker`` so that its environment has it."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    monkeypatch.setenv("MEDIA_ROOT", str(folder))
    return folder


def test_a_worker_makes_the_pdf_after_commit_and_the_row_shows_its_progress(shared_media, celery_worker):
    plan = ActionPlanFactory(number=5, slug="actieplan-5")
    for sequence in range(1, 7):
        CommitmentFactory(
            plan=plan,
            sequence=sequence,
            complete=True,
            status=Commitment.Status.FINAL,
            problem_en="A problem that affects many residents of many municipalities. " * 60,
        )
    celery_worker()

    with transaction.atomic():
        version = PlanVersion.objects.create(
            plan=plan,
            number=1,
            language="en",
            label_nl="Engelse versie",
            label_en="English version",
            published_on=datetime.date(2022, 12, 30),
        )
        document = VersionDocument.objects.create(
            version=version,
            kind=VersionDocument.Kind.PLAN,
            language="en",
            title=plan.title_en,
            html=render_plan_document(plan, "en"),
        )
        enqueue_pdf(document)
        time.sleep(0.5)  # nothing is queued before the commit, so nothing is made meanwhile
        assert VersionDocument.objects.get(pk=document.pk).pdf_status == Status.PENDING

    # What a staff page polling the row sees, as the worker commits each step.
    seen = [(Status.PENDING, 0)]
    deadline = time.monotonic() + TIMEOUT
    while seen[-1][0] not in (Status.DONE, Status.FAILED):
        assert time.monotonic() < deadline, f"no PDF after {TIMEOUT} s; seen {seen}"
        state = tuple(VersionDocument.objects.filter(pk=document.pk).values_list("pdf_status", "pdf_progress")[0])
        if state != seen[-1]:
            seen.append(state)
        time.sleep(0.02)

    assert seen[-1] == (Status.DONE, 100), seen
    assert (Status.RENDERING, 10) in seen, seen  # taken by the worker, visible before it was done
    progress = [percent for _, percent in seen[1:]]
    assert progress == sorted(progress), seen
    document.refresh_from_db()
    content = (Path(shared_media) / document.pdf.name).read_bytes()
    assert content.startswith(b"%PDF-") and document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.pages > 1
