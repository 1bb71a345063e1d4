"""Issue 14 as one piece: publishing through the staff page freezes the documents and has their
PDFs made by the Celery task (eager in tests), the publish page shows each PDF's progress and lets
a process owner try a failed one again, the staff dashboard says when a PDF failed or still waits,
a contribution without a response refuses the whole publication, and a published PDF keeps its
SHA-256 when a commitment is edited afterwards."""

import hashlib
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment
from publication.models import PlanText, PlanVersion, VersionDocument
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import ActionPlanFactory
from tests.ideas.factories import IdeaFactory
from tests.roles import log_in

pytestmark = pytest.mark.django_db

Status = VersionDocument.PdfStatus
F = Commitment.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def plan():
    plan = ActionPlanFactory(number=5, slug="actieplan-5", title_en="Action plan 5", title_nl="Actieplan 5")
    PlanText.objects.create(
        plan=plan,
        introduction_nl="Inleiding van het plan.",
        introduction_en="Introduction to the plan.",
        context_nl="De context.",
        context_en="The context.",
    )
    CommitmentFactory(
        plan=plan, sequence=1, complete=True, status=F.FINAL, title_nl="Open agenda's", title_en="Open diaries"
    )
    CommitmentFactory(
        plan=plan, sequence=2, complete=True, status=F.FINAL, title_nl="Woo-categorieën", title_en="Woo categories"
    )
    IdeaFactory(plan=plan, answered=True, title="Beantwoord idee")
    return plan


def _form(**overrides):
    data = {
        "number": "1", "language": "en", "label_nl": "Engelse versie voor OGP",
        "label_en": "English version submitted to OGP", "published_on": "2022-12-30", "changes_nl": "",
        "changes_en": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def _publish_url(plan):
    return reverse("publication_versions:staff_publish", kwargs={"slug": plan.slug})


def _retry_url(document):
    version = document.version
    kwargs = {"slug": version.plan.slug, "number": version.number, "kind": document.kind, "lang": document.language}
    return reverse("publication_versions:staff_retry_pdf", kwargs=kwargs)


def _pdf_url(document):
    version = document.version
    kwargs = {"slug": version.plan.slug, "number": version.number, "kind": document.kind, "lang": document.language}
    return reverse("publication_versions:pdf", kwargs=kwargs)


def _published(plan, client, people, capture):
    """Version 1 published through the staff page by a process owner, its PDFs made after commit."""
    log_in(client, people["process_owner"], language="en")
    with capture(execute=True):
        response = client.post(_publish_url(plan), _form())
    assert response.status_code == 302
    return PlanVersion.objects.get(plan=plan, number=1)


def _served(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_publishing_through_the_page_makes_every_pdf_and_the_page_shows_them(
    plan, people, client, django_capture_on_commit_callbacks
):
    version = _published(plan, client, people, django_capture_on_commit_callbacks)
    documents = list(version.documents.order_by("pk"))
    assert [(d.kind, d.language, d.pdf_status) for d in documents] == [
        ("plan", "en", Status.DONE),
        ("cocreation_report", "nl", Status.DONE),
        ("cocreation_report", "en", Status.DONE),
    ]
    html = client.get(_publish_url(plan)).content.decode()
    for document in documents:
        assert f'id="pdf-status-{document.pk}"' in html
        assert f'<a href="{_pdf_url(document)}">PDF</a>' in html
        assert document.sha256 in html
        assert hashlib.sha256(_served(client, _pdf_url(document))).hexdigest() == document.sha256
    assert "data-hx-trigger" not in html  # nothing left to wait for: the page does not ask again


def test_a_pdf_still_waiting_shows_its_state_and_the_page_asks_again(plan, people, client):
    log_in(client, people["process_owner"], language="en")
    client.post(_publish_url(plan), _form())  # no commit in this test: the task has not run
    document = VersionDocument.objects.get(kind="plan")
    VersionDocument.objects.filter(pk=document.pk).update(pdf_status=Status.RENDERING, pdf_progress=60)
    html = client.get(_publish_url(plan)).content.decode()
    assert "PDF: waiting to be made." in html  # the two reports
    assert f'<progress id="pdf-progress-{document.pk}" max="100" value="60">' in html
    # Without JavaScript a link to look again; with it, htmx asks for the page's part every 3 s.
    assert f'data-hx-select="#pdf-status-{document.pk}"' in html and 'data-hx-trigger="every 3s"' in html
    assert "/static/vendor/htmx-" in html
    assert "Try again" not in html


def test_a_process_owner_tries_a_failed_pdf_again_and_it_is_made(
    plan, people, client, django_capture_on_commit_callbacks
):
    version = _published(plan, client, people, django_capture_on_commit_callbacks)
    document = version.documents.get(kind="plan")
    VersionDocument.objects.filter(pk=document.pk).update(
        pdf_status=Status.FAILED, pdf_progress=0, pdf_error="OSError: No space left on device"
    )
    html = client.get(_publish_url(plan)).content.decode()
    assert "The PDF could not be made." in html and "(OSError: No space left on device)" in html
    assert f'<form method="post" action="{_retry_url(document)}">' in html

    # Nobody else may: a moderator is refused, an anonymous visitor is sent to sign in.
    log_in(client, people["moderator"], language="en")
    assert client.post(_retry_url(document)).status_code == 403
    log_in(client, None)
    assert client.post(_retry_url(document)).url.startswith(reverse("account_login"))
    assert VersionDocument.objects.get(pk=document.pk).pdf_status == Status.FAILED

    log_in(client, people["process_owner"], language="en")
    assert client.get(_retry_url(document)).status_code == 405  # a button, never a link
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_retry_url(document))
    assert response.url == _publish_url(plan)
    document.refresh_from_db()
    assert (document.pdf_status, document.pdf_progress, document.pdf_error) == (Status.DONE, 100, "")
    html = client.get(_publish_url(plan)).content.decode()
    assert "The PDF is being made again." in html and document.sha256 in html
    assert "The PDF could not be made." not in html


def test_trying_again_a_pdf_that_did_not_fail_changes_nothing(plan, people, client, django_capture_on_commit_callbacks):
    version = _published(plan, client, people, django_capture_on_commit_callbacks)
    document = version.documents.get(kind="plan")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_retry_url(document), follow=True)
    assert "This PDF has not failed: there is nothing to try again." in response.content.decode()
    again = VersionDocument.objects.get(pk=document.pk)
    assert (again.pdf.name, again.sha256, again.pdf_status) == (document.pdf.name, document.sha256, Status.DONE)
    missing = _retry_url(document).replace("/1/", "/9/")
    assert client.post(missing).status_code == 404


def test_the_dashboard_says_when_a_pdf_failed_or_still_waits(plan, people, client):
    log_in(client, people["process_owner"], language="en")
    client.post(_publish_url(plan), _form())  # three PDFs waiting (the task runs after commit)
    dashboard = reverse("staff:dashboard")
    html = client.get(dashboard).content.decode()
    publish = _publish_url(plan)
    assert f'<a href="{publish}">Action plan 5: 3 PDFs of published versions are still waiting to be made</a>' in html
    VersionDocument.objects.filter(kind="plan").update(pdf_status=Status.FAILED, pdf_error="OSError: No space")
    html = client.get(dashboard).content.decode()
    assert f'<a href="{publish}">Action plan 5: 1 PDF of a published version could not be made</a>' in html
    assert f'<a href="{publish}">Action plan 5: 2 PDFs of published versions are still waiting to be made</a>' in html
    client.cookies["django_language"] = "nl"
    html = client.get(dashboard).content.decode()
    assert "Actieplan 5: 1 pdf van een gepubliceerde versie kon niet worden gemaakt" in html
    # Moderators cannot publish: the line is not for them.
    log_in(client, people["moderator"], language="en")
    assert "could not be made" not in client.get(dashboard).content.decode()
    VersionDocument.objects.update(pdf_status=Status.DONE)
    log_in(client, people["process_owner"], language="en")
    html = client.get(dashboard).content.decode()
    assert "could not be made" not in html and "still waiting to be made" not in html


def test_publishing_through_the_page_is_refused_while_a_contribution_has_no_response(plan, people, client):
    idea = IdeaFactory(plan=plan, title="Nog geen antwoord")
    log_in(client, people["process_owner"], language="en")
    response = client.post(_publish_url(plan), _form())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was published" in html
    blocker = "The contribution “Nog geen antwoord” has no reasoned response yet."
    assert f'<li><a href="{idea.get_absolute_url()}">{blocker}</a></li>' in html
    assert 'value="English version submitted to OGP"' in html  # what was typed is kept
    # Nothing written: no version, no document, the commitments still final.
    assert not PlanVersion.objects.exists() and not VersionDocument.objects.exists()
    assert set(Commitment.objects.filter(plan=plan).values_list("status", flat=True)) == {F.FINAL}


def test_a_published_pdf_keeps_its_sha256_when_a_commitment_is_edited_afterwards(
    plan, people, client, django_capture_on_commit_callbacks
):
    version = _published(plan, client, people, django_capture_on_commit_callbacks)
    document = version.documents.get(kind="plan")
    sha256, served = document.sha256, _served(client, _pdf_url(document))
    assert hashlib.sha256(served).hexdigest() == sha256
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(served)).pages)
    assert "NL-5-01" in text and "Open diaries" in text

    commitment = Commitment.objects.get(identifier="NL-5-01")
    Commitment.objects.filter(pk=commitment.pk).update(title_en="Rewritten afterwards")
    MilestoneFactory(commitment=commitment, position=9, description_en="A step added afterwards")
    # The file served is the same...
    assert _served(client, _pdf_url(document)) == served
    # ...and made again by the task (staff trying again), it is still the same file: the PDF is
    # made from the frozen HTML, never from the commitments as they are now.
    VersionDocument.objects.filter(pk=document.pk).update(pdf_status=Status.FAILED, pdf_error="OSError: test")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_retry_url(document))
    document.refresh_from_db()
    assert document.pdf_status == Status.DONE and document.sha256 == sha256
    again = _served(client, _pdf_url(document))
    assert again == served
    assert "Rewritten afterwards" not in "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(again)).pages)
