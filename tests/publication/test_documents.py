"""The document repository (/documents/, OGP Standard 2): every kind with its date, nothing of a
draft plan or unpublished, filters, the Atom feed, staff uploads per role, upload errors and the
query budget."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from plans.models import ActionPlan
from publication import documents
from publication.documents import DocumentRow, Kind
from publication.models import Document
from sessions.models import SessionAttachment, SessionReport
from stakeholders.demo import tiny_pdf
from tests.factories import ActionPlanFactory
from tests.roles import LOGIN, assert_answers, log_in
from tests.sessions.factories import SessionFactory
from tests.stakeholders.factories import MeetingDocumentFactory, MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
LIST = reverse("publication_documents:list")
FEED = reverse("publication_documents:feed")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def pdf(name="rapport.pdf", text="IRM"):
    return SimpleUploadedFile(name, tiny_pdf(text), content_type="application/pdf")


def world(plan, n: int = 1, *, published=True, tag=""):
    """``n`` of every kind of document of ``plan``: a session report with a PDF attachment, forum
    minutes in two languages with a document, and an uploaded IRM report."""
    day = datetime.date(2024, 3, 10)
    when = moment(day) if published else None
    for i in range(n):
        session = SessionFactory(plan=plan, title=f"Sessie {tag}{i}", language="nl")
        report = SessionReport.objects.create(session=session, summary="Wat we hoorden", published_at=when)
        SessionAttachment.objects.create(report=report, title=f"Presentatie {tag}{i}", file=pdf("slides.pdf"))
        meeting = MeetingFactory(
            plan=plan, title_nl=f"Forum {tag}{i}", title_en=f"Forum EN {tag}{i}",
            minutes_nl="Besluiten", minutes_en="Decisions", minutes_published_at=when,
        )  # fmt: skip
        MeetingDocumentFactory(meeting=meeting, title=f"Notitie {tag}{i}")
        Document.objects.create(
            plan=plan, kind=Document.Kind.IRM_REPORT, title_nl=f"IRM-rapport {tag}{i}", title_en=f"IRM report {tag}{i}",
            language="en", published_on=day if published else datetime.date(2999, 1, 1), file=pdf(),
        )  # fmt: skip


def test_every_kind_appears_with_its_date(client):
    plan = ActionPlanFactory()
    world(plan)
    log_in(client, None, language="en")
    html = client.get(LIST).content.decode()
    for title in ("Report: Sessie 0", "Presentatie 0 (Sessie 0)", "Minutes: Forum EN 0", "Minutes: Forum 0",
                  "Notitie 0", "IRM report 0"):  # fmt: skip
        assert title in html
    for label in ("Session report", "Forum minutes", "Forum meeting document", "IRM report"):
        assert label in html
    assert html.count('<time datetime="2024-03-10">') == 6
    assert "6 documents" in html  # the report, its attachment, minutes in two languages, the document, the upload
    assert plan.title_en in html


def test_dutch_page(client):
    world(ActionPlanFactory())
    log_in(client, None, language="nl")
    html = client.get(LIST).content.decode()
    assert "Documenten" in html and "Verslag: Sessie 0" in html and "6 documenten" in html


def test_nothing_unpublished_or_of_a_draft_plan(client):
    world(ActionPlanFactory(), published=False, tag="onuitgegeven")
    world(ActionPlanFactory(status=ActionPlan.Status.DRAFT), tag="concept")
    log_in(client, None, language="en")
    html = client.get(LIST).content.decode()
    assert "onuitgegeven" not in html and "concept" not in html
    assert "0 documents" in html
    feed = client.get(FEED).content.decode()
    assert "onuitgegeven" not in feed and "concept" not in feed


def test_uploaded_document_downloads_only_when_public(client):
    public = Document.objects.create(
        plan=ActionPlanFactory(), title_nl="Openbaar", language="nl", published_on=datetime.date(2024, 1, 1), file=pdf()
    )
    future = Document.objects.create(
        plan=public.plan, title_nl="Later", language="nl", published_on=datetime.date(2999, 1, 1), file=pdf()
    )
    draft = Document.objects.create(
        plan=ActionPlanFactory(status=ActionPlan.Status.DRAFT), title_nl="Concept", language="nl",
        published_on=datetime.date(2024, 1, 1), file=pdf(),
    )  # fmt: skip
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(future.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_filters(client):
    first, second = ActionPlanFactory(), ActionPlanFactory()
    world(first, tag="eerste")
    world(second, tag="tweede")
    Document.objects.create(
        plan=first, kind=Document.Kind.OTHER, title_nl="Oud stuk", language="nl",
        published_on=datetime.date(2020, 5, 1), file=pdf(),
    )  # fmt: skip
    log_in(client, None, language="en")

    def titles(**query):
        response = client.get(LIST, query)
        assert response.status_code == 200
        return response.content.decode()

    html = titles(plan=first.slug)
    assert "eerste" in html and "tweede" not in html and "Oud stuk" in html
    html = titles(kind=Kind.IRM_REPORT)
    assert "IRM report eerste0" in html and "IRM report tweede0" in html and "Notitie" not in html
    html = titles(kind=Kind.FORUM_MINUTES, language="en")
    assert "Minutes: Forum EN eerste0" in html and "Minutes: Forum eerste0" not in html
    html = titles(date_to="2021-01-01")
    assert "Oud stuk" in html and "eerste0" not in html
    html = titles(date_from="2021-01-01")
    assert "Oud stuk" not in html and "IRM report eerste0" in html
    # Bad input: an error on the field, the page still answers, the value typed stays.
    html = titles(date_from="gisteren", plan="bestaat-niet")
    assert 'value="gisteren"' in html and "Enter a valid date." in html


def test_pagination_keeps_the_filters(client):
    plan = ActionPlanFactory()
    for i in range(30):
        Document.objects.create(
            plan=plan, title_nl=f"Stuk {i}", language="nl", published_on=datetime.date(2024, 1, 1), file=pdf()
        )
    html = client.get(LIST, {"language": "nl"}).content.decode()
    assert "language=nl&amp;page=2" in html
    assert client.get(LIST, {"language": "nl", "page": 2}).content.decode().count("Stuk ") == 5


def test_another_part_registers_a_source(client, monkeypatch):
    """Plan versions, co-creation reports and progress reports come from other parts: a registered
    source is listed without changes here, and draft plans never reach it."""
    plan = ActionPlanFactory()
    ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    seen = []

    def plan_versions(plans):
        seen.extend(plans)
        for p in plans:
            yield DocumentRow(
                key=f"plan-version-{p.pk}", plan=p, kind=Kind.PLAN_VERSION, title="Plan, English version",
                language="en", published_on=datetime.date(2022, 12, 30), url="/plans/", format="PDF",
            )  # fmt: skip

    monkeypatch.setattr(documents, "SOURCES", [*documents.SOURCES])
    documents.source(plan_versions)
    log_in(client, None, language="en")
    html = client.get(LIST, {"kind": Kind.PLAN_VERSION}).content.decode()
    assert "Plan, English version" in html and "Plan version" in html
    assert seen == [plan]


def test_atom_feed(client):
    plan = ActionPlanFactory()
    world(plan)
    log_in(client, None, language="en")
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Open Government Action Plan: new documents"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 6
    titles = {e.find(f"{ATOM}title").text for e in entries}
    assert "IRM report 0" in titles and "Report: Sessie 0" in titles
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 6
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text.startswith("2024-03-10")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert 'href="/documents/feed/"' in client.get(LIST).content.decode()


OWNER_ONLY = {
    "anonymous": LOGIN, "participant": 403, "moderator": 403, "process_owner": 200,
    "action_holder": 403, "forum_member": 403,
}  # fmt: skip


def test_every_role_on_the_staff_pages(client, people):
    document = Document.objects.create(
        plan=ActionPlanFactory(), title_nl="Stuk", language="nl", published_on=datetime.date(2024, 1, 1), file=pdf()
    )
    pages = [
        (reverse("publication_documents:staff_list"), OWNER_ONLY),
        (reverse("publication_documents:staff_create"), OWNER_ONLY),
        (reverse("publication_documents:staff_edit", args=[document.pk]), OWNER_ONLY),
    ]
    assert_answers(client, people, pages)
    delete = reverse("publication_documents:staff_delete", args=[document.pk])
    roles = [r for r in OWNER_ONLY if r != "process_owner"]
    assert_answers(client, people, [(delete, OWNER_ONLY)], roles=roles, method="post")
    assert Document.objects.filter(pk=document.pk).exists()
    log_in(client, people["process_owner"])
    assert client.post(delete).status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def _form(plan, upload):
    return {
        "plan": plan.pk, "kind": "irm_report", "title_nl": "IRM-rapport 2024", "title_en": "IRM report 2024",
        "language": "en", "published_on": "2024-06-01", "file": upload,
    }  # fmt: skip


def test_process_owner_uploads_a_document(client, people):
    plan = ActionPlanFactory()
    log_in(client, people["process_owner"], language="en")
    response = client.post(reverse("publication_documents:staff_create"), _form(plan, pdf()))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.read().startswith(b"%PDF-")
    html = client.get(LIST).content.decode()
    assert "IRM report 2024" in html and '<time datetime="2024-06-01">' in html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("rapport.exe", b"MZ..."), "This kind of file cannot be added. Use PDF, ODT or DOCX."),
        (SimpleUploadedFile("rapport.pdf", b"<html>"), "This file is not a real PDF, ODT or DOCX document."),
        (SimpleUploadedFile("rapport.pdf", b"%PDF-" + b"0" * (15 * 1024 * 1024 + 1)), "larger than 15 MB"),
    ],
)
def test_bad_uploads_give_field_errors_and_keep_what_was_typed(client, people, upload, message):
    plan = ActionPlanFactory()
    log_in(client, people["process_owner"], language="en")
    response = client.post(reverse("publication_documents:staff_create"), _form(plan, upload))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="IRM report 2024"' in html and 'value="2024-06-01"' in html
    assert not Document.objects.exists()


def test_query_budget_does_not_grow_with_documents(client, django_assert_num_queries):
    def count(n, tag):
        world(ActionPlanFactory(), n, tag=tag)
        log_in(client, None, language="en")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        with CaptureQueriesContext(connection) as feed_queries:
            assert client.get(FEED).status_code == 200
        return len(queries), len(feed_queries)

    client.get(FEED)  # the feed looks up the current Site once per process (Django caches it)
    small = count(1, "a")
    large = count(4, "b")
    assert small == large
    with django_assert_num_queries(small[0]):
        client.get(LIST, {"kind": "irm_report"})


@pytest.mark.parametrize("day", [None, "2023-02-01"])
def test_demo_irm_report_of_the_fifth_plan(client, settings, day):
    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")  # twice: still one report
    assert Document.objects.filter(plan__number=5, kind=Document.Kind.IRM_REPORT).count() == 1
    settings.PLATFORM_TODAY = day or ""
    log_in(client, None, language="en")
    html = client.get(LIST, {"kind": "irm_report"}).content.decode()
    assert "IRM Action Plan Review: the Netherlands 2023–2025" in html and '<time datetime="2023-01-20">' in html
    document = Document.objects.get(plan__number=5)
    body = b"".join(client.get(document.get_absolute_url()).streaming_content)
    assert body.startswith(b"%PDF-")
    # The forum's published minutes of the fifth plan are there by themselves (filtered on their
    # kind: today the demo's repository holds more than one page of documents).
    minutes = client.get(LIST, {"kind": "forum_minutes"}).content.decode()
    assert "Minutes: Stakeholder forum: kick-off of the fifth plan" in minutes
