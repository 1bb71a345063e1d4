"""Progress pages (issue 15, points 1, 2, 4 and 9): every role on every page, the action holder's
form with its bad input, the process owner's check, what the public sees, and the open data."""

import csv
import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment
from implementation.models import Completion, Evidence, ProgressReport
from notifications.models import Message
from plans.models import ActionPlan
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import ActionPlanFactory, ThemeFactory
from tests.implementation.conftest import pdf
from tests.roles import LOGIN, PROCESS_OWNER, PUBLIC, ROLES, STAFF, assert_answers, log_in

pytestmark = pytest.mark.django_db
REVIEW = ProgressReport.Review


def url(name, *args):
    return reverse(f"implementation_progress:{name}", args=args)


def make_report(milestone, *, review=REVIEW.SUBMITTED, text="Uitleg", author=None, completion=Completion.LIMITED):
    report = ProgressReport.objects.create(
        milestone=milestone, completion=completion, explanation_nl=text, explanation_en=f"{text} (en)",
        reported_on=datetime.date(2024, 5, 1), review=review, author=author,
    )  # fmt: skip
    return report


def with_document(report, title="Bewijsstuk"):
    return Evidence.objects.create(report=report, title=title, file=ContentFile(b"%PDF-1.4 x", name="bewijs.pdf"))


ONLY = dict.fromkeys(ROLES, 403) | {"anonymous": LOGIN}


def test_every_role_on_every_progress_page(client, people, plan_world):
    holder = plan_world["holder"]
    submitted = make_report(plan_world["first"], author=holder, text="GEHEIM-ingediend")
    accepted = make_report(plan_world["second"], author=holder, review=REVIEW.ACCEPTED, text="Openbaar verslag")
    hidden_plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    pages = [
        (url("progress_plan", plan_world["plan"].slug), PUBLIC),
        (url("progress_plan", hidden_plan.slug), {**STAFF, "participant": 403, "action_holder": 403}),
        (url("progress_mine"), {**ONLY, "action_holder": 200}),
        (url("progress_report", plan_world["first"].pk), {**ONLY, "action_holder": 200}),
        (url("progress_report", plan_world["other_milestone"].pk), ONLY),  # another organisation's
        (url("progress_report", plan_world["draft_milestone"].pk), ONLY),  # not published
        (url("progress_checks"), STAFF),
        (url("progress_check", submitted.pk), PROCESS_OWNER),
        (
            url("progress_evidence", with_document(submitted).pk),
            {**STAFF, "participant": 403, "action_holder": 200, "forum_member": 403},
        ),  # fmt: skip
        (url("progress_evidence", with_document(accepted).pk), PUBLIC),
        (url("progress_csv"), PUBLIC),
        (url("progress_json"), PUBLIC),
    ]
    responses = assert_answers(client, people, pages, language="en")
    # Only accepted reports are public: the commitment's page as the public and as its action holder.
    detail = plan_world["commitment"].get_absolute_url()
    for role in ROLES:
        log_in(client, people[role], language="en")
        html = client.get(detail).content.decode()
        assert "Openbaar verslag" in html and "GEHEIM-ingediend" not in html, role
    mine = responses[url("progress_mine"), "action_holder"].content.decode()
    assert "GEHEIM-ingediend" not in mine and "Waiting for a check" in mine
    # Refused POSTs change nothing.
    refused = [r for r in ROLES if r != "process_owner"]
    assert_answers(client, people, [(url("progress_check", submitted.pk), PROCESS_OWNER)], roles=refused,
                   method="post", data={"decision": "accept"})  # fmt: skip
    assert_answers(client, people, [(url("progress_report", plan_world["other_milestone"].pk), ONLY)],
                   method="post", data={"completion": "completed", "explanation_nl": "x", "reported_on": "2024-05-01"})  # fmt: skip
    submitted.refresh_from_db()
    assert submitted.review == REVIEW.SUBMITTED
    assert not ProgressReport.objects.filter(milestone=plan_world["other_milestone"]).exists()


def form_data(**changes):
    data = {
        "completion": "substantial",
        "explanation_nl": "De eerste algoritmes staan in het register.",
        "explanation_en": "The first algorithms are in the register.",
        "reported_on": "2024-05-01",
        "round": "",
        "link_1_title": "Algoritmeregister",
        "link_1_url": "https://algoritmes.overheid.nl/",
    }
    return {**data, **changes}


def test_an_action_holder_reports_with_a_document_and_the_process_owner_accepts(
    client, people, plan_world, django_capture_on_commit_callbacks
):
    milestone = plan_world["first"]
    log_in(client, people["action_holder"], language="en")
    response = client.post(url("progress_report", milestone.pk),
                           form_data(document_1_title="Besluit", document_1=pdf()))  # fmt: skip
    assert response.status_code == 302 and response.url == url("progress_mine")
    report = ProgressReport.objects.get()
    assert report.author == people["action_holder"] and report.review == REVIEW.SUBMITTED
    assert sorted(e.title for e in report.evidence.all()) == ["Algoritmeregister", "Besluit"]
    detail = plan_world["commitment"].get_absolute_url()
    log_in(client, None, language="en")
    assert "De eerste algoritmes" not in client.get(detail).content.decode()

    log_in(client, people["process_owner"], language="en")
    assert f'href="{url("progress_check", report.pk)}"' in client.get(url("progress_checks")).content.decode()
    page = client.get(url("progress_check", report.pk)).content.decode()
    assert "De eerste algoritmes staan in het register." in page and "https://algoritmes.overheid.nl/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("progress_check", report.pk), {"decision": "accept"})
    assert response.status_code == 302
    assert Message.objects.get(to_email=people["action_holder"].email).kind == "progress-accepted"
    # Accepted twice (a second tab): told so, nothing changes, no second email.
    response = client.post(url("progress_check", report.pk), {"decision": "return", "reason": "Toch niet"}, follow=True)
    assert response.status_code == 200 and "This report has already been checked." in response.content.decode()
    report.refresh_from_db()
    assert report.review == REVIEW.ACCEPTED and Message.objects.count() == 1

    log_in(client, None, language="en")
    html = client.get(detail).content.decode()
    assert "The first algorithms are in the register." in html and 'href="https://algoritmes.overheid.nl/"' in html
    document = report.evidence.get(title="Besluit")
    assert f'href="{url("progress_evidence", document.pk)}"' in html
    assert b"".join(client.get(url("progress_evidence", document.pk)).streaming_content).startswith(b"%PDF-")
    progress = client.get(url("progress_plan", plan_world["plan"].slug)).content.decode()
    assert 'value="33"' in progress and "33%" in progress  # (substantial 67 + not started 0) / 2


def test_the_process_owner_sends_back_with_a_reason(client, people, plan_world, django_capture_on_commit_callbacks):
    report = make_report(plan_world["first"], author=people["action_holder"])
    log_in(client, people["process_owner"], language="en")
    response = client.post(url("progress_check", report.pk), {"decision": "return", "reason": ""})
    assert response.status_code == 400 and "Say why the report is sent back." in response.content.decode()
    report.refresh_from_db()
    assert report.review == REVIEW.SUBMITTED and not Message.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("progress_check", report.pk), {"decision": "return", "reason": "Voeg het besluit toe."})
    report.refresh_from_db()
    assert report.review == REVIEW.RETURNED
    message = Message.objects.get(to_email=people["action_holder"].email)
    assert message.kind == "progress-returned" and "Voeg het besluit toe." in message.body_text
    # The action holder sees why, and reports again from the returned report's text.
    log_in(client, people["action_holder"], language="en")
    assert "Voeg het besluit toe." in client.get(url("progress_mine")).content.decode()
    again = client.get(url("progress_report", plan_world["first"].pk) + f"?again={report.pk}").content.decode()
    assert "Uitleg</textarea>" in again


TOO_BIG = b"%PDF-" + b"0" * (15 * 1024 * 1024 + 1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reported_on": "2024-06-02"}, "reported_on", "The date cannot be in the future."),
        ({"reported_on": "2022-12-31"}, "reported_on", "The date cannot be before the plan&#x27;s term starts"),
        ({"link_1_url": "ftp://example.org/x"}, "link_1_url", "starts with http:// or https://"),
        ({"link_1_url": "javascript:alert(1)"}, "link_1_url", "starts with http:// or https://"),
        ({"completion": "withdrawn", "explanation_nl": ""}, "explanation_nl", "Give the reason why the milestone is"),
        ({"completion": ""}, "completion", "Choose the status of the milestone."),
        ({"document_1_title": "Besluit", "document_1": SimpleUploadedFile("besluit.exe", b"MZ")}, "document_1",
         "This kind of file cannot be added. Use PDF, ODT or DOCX."),
        ({"document_1_title": "Besluit", "document_1": SimpleUploadedFile("besluit.pdf", b"<html>")}, "document_1",
         "This file is not a real PDF, ODT or DOCX document."),
        ({"document_1_title": "Besluit", "document_1": SimpleUploadedFile("besluit.pdf", TOO_BIG)}, "document_1",
         "larger than 15 MB"),
        ({"link_2_title": "Zonder adres"}, "link_2_url", "Enter the web address of this link."),
    ],
)  # fmt: skip
def test_bad_input_gives_field_errors_keeps_what_was_typed_and_writes_nothing(
    client, people, plan_world, changes, field, message
):
    log_in(client, people["action_holder"], language="en")
    data = form_data(explanation_en="Kept <b>text</b> & more", **changes)
    response = client.post(url("progress_report", plan_world["first"].pk), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html and message in html
    assert "Kept &lt;b&gt;text&lt;/b&gt; &amp; more</textarea>" in html  # typed text kept, escaped
    if field != "link_1_url":
        assert 'value="https://algoritmes.overheid.nl/"' in html
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_a_withdrawn_milestone_takes_no_more_reports(client, people, plan_world):
    make_report(plan_world["first"], review=REVIEW.ACCEPTED, completion=Completion.WITHDRAWN, text="Geschrapt")
    log_in(client, people["action_holder"], language="en")
    page = client.get(url("progress_report", plan_world["first"].pk)).content.decode()
    assert "This milestone has been withdrawn" in page
    response = client.post(url("progress_report", plan_world["first"].pk), form_data())
    html = response.content.decode()
    assert response.status_code == 400 and "This milestone has been withdrawn" in html
    assert "De eerste algoritmes staan in het register.</textarea>" in html  # what was typed, to copy
    assert ProgressReport.objects.count() == 1
    mine = client.get(url("progress_mine")).content.decode()
    assert "Withdrawn: no more reports." in mine


def test_the_progress_page_shows_completion_last_report_and_overdue_in_text(client, plan_world):
    from implementation.models import ReportingRound

    make_report(plan_world["first"], review=REVIEW.ACCEPTED, completion=Completion.COMPLETED)
    ReportingRound.objects.create(plan=plan_world["plan"], title_nl="Voorjaarsronde", title_en="Spring round",
                                  opens_on=datetime.date(2024, 3, 1), deadline=datetime.date(2024, 4, 1))  # fmt: skip
    log_in(client, None, language="en")
    html = client.get(url("progress_plan", plan_world["plan"].slug)).content.decode()
    assert "Completion of " + plan_world["commitment"].identifier in html  # the bar's accessible name
    assert "50%" in html and 'value="50"' in html  # one of two milestones completed
    assert '<time datetime="2024-05-01">' in html
    assert "Spring round" in html and "Progress reports are overdue for 2 commitments." in html
    assert "Completion per theme" in html and "Open data" in html
    assert 'style="' not in html


@pytest.mark.postgres
def test_the_progress_page_costs_the_same_queries_for_more_commitments(client):
    def count(n):
        plan = ActionPlanFactory()
        theme = ThemeFactory()
        for _n in range(n):
            commitment = CommitmentFactory(plan=plan, status=Commitment.Status.PUBLISHED, complete=True)
            commitment.themes.add(theme)
            MilestoneFactory(commitment=commitment, position=2)
            make_report(commitment.milestones.first(), review=REVIEW.ACCEPTED)
        log_in(client, None, language="en")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("progress_plan", plan.slug)).status_code == 200
        return len(queries)

    assert count(2) == count(8)


def _body(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_open_data_holds_accepted_reports_of_public_commitments_without_personal_data(client, people, plan_world):
    accepted = make_report(plan_world["first"], review=REVIEW.ACCEPTED, author=people["action_holder"],
                           text="Openbaar")  # fmt: skip
    document = with_document(accepted)
    Evidence.objects.create(report=accepted, title="Register", url="https://example.org/register")
    make_report(plan_world["second"], text="GEHEIM-ingediend")
    rows = list(csv.DictReader(io.StringIO(_body(client.get(url("progress_csv"))))))
    assert [r["id"] for r in rows] == [str(accepted.pk)]
    assert rows[0]["commitment"] == plan_world["commitment"].identifier and rows[0]["status"] == "limited"
    assert (
        rows[0]["evidence"]
        == settings.SITE_URL + url("progress_evidence", document.pk) + ";https://example.org/register"
    )
    text = _body(client.get(url("progress_json")))
    [item] = json.loads(text)
    assert item["explanation_nl"] == "Openbaar" and len(item["evidence"]) == 2
    assert people["action_holder"].email not in text and "GEHEIM" not in text
    package = client.get(reverse("publication_open_data:datapackage")).json()
    [resource] = [r for r in package["resources"] if r["name"] == "progress"]
    assert resource["path"] == settings.SITE_URL + url("progress_csv")
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0])
    assert url("progress_csv") in client.get(reverse("publication_open_data:index")).content.decode()


def test_my_activity_leads_the_action_holder_to_the_report_form(client, people, plan_world):
    log_in(client, people["action_holder"], language="en")
    html = client.get(reverse("accounts:activity")).content.decode()
    assert "Commitments to report progress on" in html and url("progress_mine") in html
    mine = client.get(url("progress_mine")).content.decode()
    assert url("progress_report", plan_world["first"].pk) in mine and "Other one" not in mine
    log_in(client, people["participant"], language="en")
    assert "Commitments to report progress on" not in client.get(reverse("accounts:activity")).content.decode()


@pytest.mark.postgres
def test_the_action_holders_list_and_the_checks_cost_the_same_queries_for_more_reports(client, people):
    holder = people["action_holder"]
    organisation = holder.organisations.get()
    plan = organisation.action_holder_of.get()

    def count(n):
        for _n in range(n):
            commitment = CommitmentFactory(plan=plan, lead_organisation=organisation,
                                           status=Commitment.Status.PUBLISHED, complete=True)  # fmt: skip
            MilestoneFactory(commitment=commitment, position=2)
            make_report(commitment.milestones.first(), review=REVIEW.ACCEPTED)
            with_document(make_report(commitment.milestones.last(), author=holder))
        sizes = []
        for person, page in ((holder, url("progress_mine")), (people["process_owner"], url("progress_checks"))):
            log_in(client, person, language="en")
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            sizes.append(len(queries))
        return sizes

    assert count(2) == count(6)


def test_during_implementation_the_home_page_leads_to_the_progress(client, people, plan_world):
    from plans.models import Phase
    from tests.factories import PhaseFactory

    plan = plan_world["plan"]
    PhaseFactory(plan=plan, kind=Phase.Kind.IMPLEMENTATION, starts_on=datetime.date(2023, 1, 1),
                 ends_on=datetime.date(2026, 12, 31))  # fmt: skip
    log_in(client, None, language="en")
    html = client.get(reverse("home")).content.decode()
    assert f'href="{url("progress_plan", plan.slug)}"' in html and url("progress_mine") not in html
    log_in(client, people["action_holder"], language="en")
    assert f'href="{url("progress_mine")}"' in client.get(reverse("home")).content.decode()
