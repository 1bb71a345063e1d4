"""The PDFs of generated documents (publication.pdf, publication.tasks), read back with pypdf: what
a reader of the plan finds in the file (every identifier and title in its language, bookmarks, a
table of contents with the right page numbers, running headers and page numbers, the project's
font, the title and language in the metadata), what staff see of its making, and that a PDF made
from the same HTML is the same file (the SHA-256 published with a version)."""

import datetime
import hashlib
import io
import re

import psycopg
import pypdf
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from commitments.models import Commitment
from implementation.models import SelfAssessment
from publication.models import PlanVersion, VersionDocument
from publication.pdf import render_pdf, static_root
from publication.plan_document import render_plan_document
from publication.tasks import enqueue_pdf, lock_key, render_pdf_document, sweep_pdfs
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import ActionPlanFactory
from tests.publication.standin import standin_body

pytestmark = pytest.mark.django_db

Status = VersionDocument.PdfStatus


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan():
    plan = ActionPlanFactory(number=5, slug="actieplan-5")
    titles = [
        ("Open algoritmes bij gemeenten", "Open algorithms in municipalities"),
        ("Woo-verzoeken sneller afgehandeld", "Freedom of information requests handled faster"),
        ("Lobbyregister voor de Tweede Kamer", "Lobby register for the House of Representatives"),
    ]
    for sequence, (title_nl, title_en) in enumerate(titles, start=1):
        commitment = CommitmentFactory(
            plan=plan,
            sequence=sequence,
            complete=True,
            status=Commitment.Status.FINAL,
            title_nl=title_nl,
            title_en=title_en,
            problem_nl="Een probleem dat veel inwoners raakt. " * 40,
            problem_en="A problem that affects many residents. " * 40,
        )
        MilestoneFactory(commitment=commitment, position=2)
    return plan


def make_document(plan, language="nl", *, number=1, html=None, kind=VersionDocument.Kind.PLAN):
    version, _ = PlanVersion.objects.get_or_create(
        plan=plan,
        number=number,
        defaults={
            "language": language,
            "label_nl": f"Versie {number}",
            "label_en": f"Version {number}",
            "published_on": datetime.date(2022, 12, 30),
        },
    )
    return VersionDocument.objects.create(
        version=version,
        kind=kind,
        language=language,
        title=plan.localized("title", language),
        html=standin_body(plan, language) if html is None else html,
    )


def made(document, django_capture_on_commit_callbacks):
    """The document after its PDF task ran, as a worker runs it after the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_pdf(document)
    document.refresh_from_db()
    return document


def reader(document) -> pypdf.PdfReader:
    with document.pdf.open("rb") as f:
        return pypdf.PdfReader(io.BytesIO(f.read()))


def outline(pdf: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 0-based page) of every bookmark, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, pdf.get_destination_page_number(item)))

    walk(pdf.outline, 1)
    return found


def page_text(pdf, index) -> str:
    return re.sub(r"\s+", " ", pdf.pages[index].extract_text())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pdf_is_made_after_commit_and_holds_every_identifier_and_title(
    plan, language, django_capture_on_commit_callbacks
):
    # The real plan document, as a version freezes it.
    document = make_document(plan, language, html=render_plan_document(plan, language))
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_pdf(document)
    document.refresh_from_db()
    assert document.pdf_status == Status.PENDING and not document.pdf  # nothing before the commit
    for callback in callbacks:
        callback()
    document.refresh_from_db()

    assert (document.pdf_status, document.pdf_progress, document.pdf_error) == (Status.DONE, 100, "")
    pdf = reader(document)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    other = "en" if language == "nl" else "nl"
    for commitment in plan.commitments.all():
        assert commitment.identifier in text
        assert commitment.localized("title", language) in text
        assert commitment.localized("title", other) not in text
    # What the version page publishes about the file is the file.
    with document.pdf.open("rb") as f:
        content = f.read()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.pages == len(pdf.pages) > 1


def test_bookmarks_and_the_table_of_contents_lead_to_the_headings(plan, django_capture_on_commit_callbacks):
    document = made(make_document(plan, "en"), django_capture_on_commit_callbacks)
    pdf = reader(document)
    commitments = list(plan.commitments.order_by("sequence"))
    bookmarks = outline(pdf)

    headings = [f"{c.identifier} {c.title_en}" for c in commitments]
    assert [title for _, title, _ in bookmarks] == [plan.title_en, "Contents", "Commitments", *headings]
    assert [level for level, _, _ in bookmarks] == [1, 2, 2, 3, 3, 3]
    contents = page_text(pdf, 0)
    for _, heading, page in bookmarks[3:]:
        # The bookmark opens the page that starts with the commitment's heading...
        assert page_text(pdf, page).startswith(heading)
        # ...and the table of contents gives that page's number.
        assert re.search(rf"{re.escape(heading)} \.+ {page + 1}\b", contents), contents


@pytest.mark.parametrize(
    "language,running_section,footer",
    [("nl", "Verbintenissen", "Pagina {page} van {pages}"), ("en", "Commitments", "Page {page} of {pages}")],
)
def test_pages_have_a_running_header_page_numbers_and_the_documents_metadata(
    plan, language, running_section, footer, django_capture_on_commit_callbacks
):
    document = made(make_document(plan, language), django_capture_on_commit_callbacks)
    pdf = reader(document)
    pages = len(pdf.pages)
    for index in range(1, pages):
        text = page_text(pdf, index)
        assert f"{document.title} {running_section}" in text  # the title and the section above
        assert footer.format(page=index + 1, pages=pages) in text
    assert footer.format(page=1, pages=pages) in page_text(pdf, 0)
    assert pdf.metadata.title == document.title
    assert pdf.trailer["/Root"]["/Lang"] == language
    for page in pdf.pages:  # A4
        assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (
            210,
            297,
        )


def test_the_text_is_set_in_the_projects_own_font(plan, django_capture_on_commit_callbacks):
    document = made(make_document(plan), django_capture_on_commit_callbacks)
    fonts = set()
    for page in reader(document).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.add(font["/BaseFont"].split("+", 1)[1])
            assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]  # embedded
    # Regular text, semibold headings: Source Sans 3 from static/fonts/, and nothing else.
    assert {"Source-Sans-3-Semi-Bold"} < fonts
    assert all(name.startswith("Source-Sans-3") for name in fonts), fonts
    assert (static_root() / "fonts" / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1")


def test_the_same_html_gives_the_same_pdf(plan, django_capture_on_commit_callbacks):
    body = render_plan_document(plan, "nl")
    first = made(make_document(plan, number=1, html=body), django_capture_on_commit_callbacks)
    # A commitment edited afterwards changes neither the frozen HTML nor a PDF made from it again.
    Commitment.objects.filter(plan=plan).update(title_nl="Een andere titel")
    second = made(make_document(plan, number=2, html=body), django_capture_on_commit_callbacks)
    assert first.sha256 == second.sha256
    again = render_pdf(body, title=first.title, language="nl", running_header=first.title)
    assert hashlib.sha256(again.content).hexdigest() == first.sha256


def test_a_task_for_a_document_that_has_its_pdf_changes_nothing(plan, django_capture_on_commit_callbacks):
    document = made(make_document(plan), django_capture_on_commit_callbacks)
    name, sha256 = document.pdf.name, document.sha256
    assert render_pdf_document("publication", "versiondocument", document.pk) == "skipped"
    document.refresh_from_db()
    assert (document.pdf.name, document.sha256, document.pdf_status) == (name, sha256, Status.DONE)
    assert render_pdf_document("publication", "versiondocument", 999_999) == "skipped"  # gone


@pytest.mark.postgres
def test_a_document_another_worker_is_making_is_left_to_it(plan):
    document = make_document(plan)
    settings_dict = connection.settings_dict
    other = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s, %s)", lock_key(VersionDocument, document.pk))
        assert render_pdf_document("publication", "versiondocument", document.pk) == "busy"
        document.refresh_from_db()
        assert (document.pdf_status, document.pdf) == (Status.PENDING, "")
        other.execute("SELECT pg_advisory_unlock_all()")
        assert render_pdf_document("publication", "versiondocument", document.pk) == "done"
    finally:
        other.close()


def test_a_failure_is_recorded_briefly_for_staff_and_trying_again_makes_the_pdf(
    plan, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    document = made(make_document(plan), django_capture_on_commit_callbacks)

    assert (document.pdf_status, document.pdf_progress, document.sha256) == (Status.FAILED, 0, "")
    assert document.pdf_error.startswith(("FileExistsError", "NotADirectoryError"))
    assert "Traceback" not in document.pdf_error and str(tmp_path) not in document.pdf_error
    with translation.override("nl"):
        html = render_to_string(
            "publication/includes/pdf_status.html", {"document": document}, request=RequestFactory().get("/x/")
        )
    assert "De pdf kon niet worden gemaakt." in html and document.pdf_error in html
    # A stray task does not try again by itself...
    assert render_pdf_document("publication", "versiondocument", document.pk) == "skipped"
    # ...staff do, once the cause is gone.
    settings.MEDIA_ROOT = tmp_path / "media"
    document = made(document, django_capture_on_commit_callbacks)
    assert (document.pdf_status, document.pdf_error) == (Status.DONE, "")
    assert document.sha256 == hashlib.sha256(document.pdf.open("rb").read()).hexdigest()


def test_the_sweep_makes_what_was_never_queued_and_gives_up_after_a_day(plan):
    lost = make_document(plan, number=1)
    fresh = make_document(plan, number=2)
    stale = make_document(plan, number=3)
    failed = make_document(plan, number=4)
    now = timezone.now()
    VersionDocument.objects.filter(pk=lost.pk).update(created_at=now - datetime.timedelta(minutes=10))
    VersionDocument.objects.filter(pk=stale.pk).update(
        created_at=now - datetime.timedelta(days=2), pdf_status=Status.RENDERING, pdf_progress=60
    )
    VersionDocument.objects.filter(pk=failed.pk).update(
        created_at=now - datetime.timedelta(minutes=10), pdf_status=Status.FAILED, pdf_error="OSError: No space"
    )

    assert sweep_pdfs() == 1
    statuses = dict(VersionDocument.objects.values_list("pk", "pdf_status"))
    assert statuses == {lost.pk: "done", fresh.pk: "pending", stale.pk: "failed", failed.pk: "failed"}
    stale.refresh_from_db()
    assert stale.pdf_error == "Not made within a day."


def test_any_generated_document_gets_its_pdf_the_self_assessment_too(plan, django_capture_on_commit_callbacks):
    assessment = SelfAssessment.objects.create(
        plan=plan,
        published_on=datetime.date(2027, 9, 1),
        language="en",
        title="End-of-term self-assessment",
        html='<h1 id="top">End-of-term self-assessment</h1><h2 id="NL-5-01">NL-5-01 Completed</h2><p>Evidence.</p>',
    )
    assessment = made(assessment, django_capture_on_commit_callbacks)
    assert assessment.pdf_status == Status.DONE
    assert assessment.pdf.name.startswith(f"generated/selfassessment/{assessment.pk}/")
    pdf = reader(assessment)
    assert "NL-5-01 Completed" in page_text(pdf, 0)
    assert [title for _, title, _ in outline(pdf)] == ["End-of-term self-assessment", "NL-5-01 Completed"]


def test_nothing_outside_the_stylesheet_and_fonts_is_read(plan, django_capture_on_commit_callbacks):
    image = static_root() / "img" / "mark.svg"
    assert image.is_file()
    html = (
        f'<h1>Plan</h1><p><img src="file://{image}" alt="mark"> <img src="file:///etc/hostname" alt="">'
        '<img src="http://127.0.0.1:9/tracker.png" alt=""> tekst</p>'
    )
    document = made(make_document(plan, html=html), django_capture_on_commit_callbacks)
    assert document.pdf_status == Status.DONE
    page = reader(document).pages[0]
    assert "/XObject" not in page["/Resources"] or not page["/Resources"]["/XObject"]


@pytest.mark.parametrize(
    "status,progress,expected,polls",
    [
        (Status.PENDING, 0, ["Pdf: wacht tot hij wordt gemaakt.", "Opnieuw bekijken"], True),
        (Status.RENDERING, 60, ['<progress id="pdf-progress-7" max="100" value="60">', "60%"], True),
        (Status.DONE, 100, ["Pdf: klaar, 12 pagina's, 2,0\xa0MB.", "ab" * 32], False),
        (Status.FAILED, 0, ["De pdf kon niet worden gemaakt.", "(OSError: No space left on device)"], False),
    ],
)
def test_staff_see_how_far_the_pdf_is(status, progress, expected, polls):
    document = VersionDocument(
        pk=7, title="Plan", language="nl", pdf_status=status, pdf_progress=progress, pages=12, size=2_100_000
    )
    document.sha256 = "ab" * 32
    document.pdf_error = "OSError: No space left on device" if status == Status.FAILED else ""
    request = RequestFactory().get("/staff/plans/actieplan-5/publish/?language=nl")
    with translation.override("nl"):
        html = render_to_string("publication/includes/pdf_status.html", {"document": document}, request=request)
    for text in expected:
        assert text in html
    # Polling (htmx) only while it is not finished, and without JavaScript a plain link to look again.
    assert ('data-hx-trigger="every 3s"' in html) is polls
    assert ('href="/staff/plans/actieplan-5/publish/?language=nl"' in html) is polls
    assert 'id="pdf-status-7"' in html and 'role="status"' in html


@pytest.mark.vnu
def test_the_status_include_is_valid_html_in_every_state(tmp_path):
    from tests.core.test_valid_html import describe, run_vnu

    request = RequestFactory().get("/staff/plans/actieplan-5/publish/")
    parts = []
    for pk, status in enumerate(Status, start=1):
        document = VersionDocument(pk=pk, title="Plan", language="nl", pdf_status=status, pdf_progress=60, pages=3)
        document.size, document.sha256, document.pdf_error = 1000, "ab" * 32, "OSError: No space left on device"
        parts.append(
            render_to_string(
                "publication/includes/pdf_status.html",
                {
                    "document": document,
                    "download_url": "/plans/actieplan-5/versions/1/plan-nl.pdf",
                    "retry_url": "/staff/publication/actieplan-5/versions/1/plan-nl/retry/",  # the failed one's form
                },
                request=request,
            )
        )
    page = tmp_path / "pdf_status.html"
    page.write_text(
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Pdf</title></head><body><main>'
        + "".join(parts)
        + "</main></body></html>"
    )
    errors = run_vnu([page])
    assert not errors, describe(errors, tmp_path)
