"""The end-of-term self-assessment (issue 15, point 7): compiled per language from the accepted
progress reports, frozen when published, public from its date, listed in the repository; and the
demo data of issue 15 (point 8) at today's date and at ``PLATFORM_TODAY=2024-06-01``."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment
from implementation import assessment
from implementation.models import Completion, Evidence, ProgressReport, ReportingRound, SelfAssessment
from plans.models import ActionPlan
from publication.documents import document_rows
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import ActionPlanFactory, OrganisationFactory
from tests.roles import LOGIN, PROCESS_OWNER, PUBLIC, assert_answers, log_in

pytestmark = pytest.mark.django_db
D = datetime.date
A = ProgressReport.Review.ACCEPTED


def report(milestone, completion, day, *, review=A, nl="Toelichting", en="", **kwargs):
    return ProgressReport.objects.create(
        milestone=milestone, completion=completion, reported_on=day, review=review, explanation_nl=nl,
        explanation_en=en, **kwargs,
    )  # fmt: skip


@pytest.fixture
def plan():
    """A public plan with two published commitments and a draft one; mixed reports."""
    plan = ActionPlanFactory(number=7, slug="actieplan-7")
    lead = OrganisationFactory(name="Ministerie van Voorbeelden")
    woo = CommitmentFactory(
        plan=plan, sequence=1, lead_organisation=lead, status=Commitment.Status.PUBLISHED,
        title_nl="Woo-categorieën openbaar", title_en="Woo categories disclosed",
    )  # fmt: skip
    m1 = MilestoneFactory(commitment=woo, position=1, description_nl="Voorziening live", description_en="Facility live")
    m2 = MilestoneFactory(commitment=woo, position=2, description_nl="Handreiking", description_en="Guidance")
    report(m1, Completion.LIMITED, D(2023, 6, 10), nl="Eerste stap gezet.", en="First step taken.")
    done = report(m1, Completion.COMPLETED, D(2024, 5, 1), nl="Voorziening is live.", en="The facility is live.")
    Evidence.objects.create(report=done, title="Website van de voorziening", url="https://open.example.org/woo")
    Evidence.objects.create(report=done, title="Evaluatierapport", file=ContentFile(b"%PDF-1.4", name="eval.pdf"))
    report(m2, Completion.SUBSTANTIAL, D(2024, 5, 2), nl="Bijna klaar, alleen in het Nederlands.")
    # Not public, so not counted: a newer report waiting for a check and one sent back.
    report(m2, Completion.COMPLETED, D(2024, 5, 20), review=ProgressReport.Review.SUBMITTED, nl="GEHEIM-wachtend")
    report(m2, Completion.COMPLETED, D(2024, 5, 21), review=ProgressReport.Review.RETURNED, nl="GEHEIM-teruggestuurd")
    quiet = CommitmentFactory(
        plan=plan, sequence=2, lead_organisation=lead, status=Commitment.Status.PUBLISHED,
        title_nl="Open agenda's", title_en="Open diaries",
    )  # fmt: skip
    MilestoneFactory(commitment=quiet, position=1)
    CommitmentFactory(plan=plan, sequence=3, status=Commitment.Status.DRAFT, title_nl="GEHEIM-concept")
    ReportingRound.objects.create(
        plan=plan, title_nl="Voorjaarsronde 2024", title_en="Spring round 2024", opens_on=D(2024, 4, 1),
        deadline=D(2024, 5, 15),
    )  # fmt: skip
    return plan


def test_completion_follows_the_latest_accepted_report_of_each_milestone():
    f = assessment.local_commitment_completion
    assert f([Completion.COMPLETED, Completion.COMPLETED]) == Completion.COMPLETED
    assert f([Completion.COMPLETED, Completion.SUBSTANTIAL]) == Completion.SUBSTANTIAL
    assert f([Completion.LIMITED, Completion.NOT_STARTED]) == Completion.LIMITED
    assert f([Completion.NOT_STARTED, Completion.WITHDRAWN]) == Completion.NOT_STARTED
    assert f([Completion.WITHDRAWN]) == Completion.WITHDRAWN
    assert f([Completion.COMPLETED, Completion.WITHDRAWN]) == Completion.COMPLETED


def test_english_content_per_commitment(plan):
    html = assessment.render_assessment(plan, "en")
    assert "End-of-term self-assessment: Open Government Action Plan 7" in html
    assert '<nav class="toc"' in html and 'href="#NL-7-01"' in html and 'id="NL-7-01"' in html
    assert "NL-7-01: Woo categories disclosed" in html and "NL-7-02: Open diaries" in html
    # NL-7-01: milestone 1 completed (its latest accepted report), milestone 2 substantial.
    woo = html.split('id="NL-7-01"')[1].split('id="NL-7-02"')[0]
    assert '<dd class="completion completion--substantial"><strong>Substantial</strong></dd>' in woo
    assert "The facility is live." in woo and "First step taken." not in woo
    assert '<a href="https://open.example.org/woo">Website van de voorziening</a>' in woo
    assert "Evaluatierapport</a> (document on the commitment's page)" in woo
    # An explanation written only in Dutch is shown in Dutch, marked as such.
    assert '<div class="self-assessment__explanation" lang="nl"><p>Bijna klaar, alleen in het Nederlands.' in woo
    quiet = html.split('id="NL-7-02"')[1]
    assert "No accepted report yet" in quiet and "No accepted progress report." in quiet
    # Only accepted reports of published commitments.
    assert "GEHEIM" not in html
    assert "Spring round 2024" in html and "Ministerie van Voorbeelden" in html


def test_dutch_content(plan):
    html = assessment.render_assessment(plan, "nl")
    assert "Zelfevaluatie aan het einde van de looptijd: Actieplan Open Overheid 7" in html
    assert "NL-7-01: Woo-categorieën openbaar" in html
    assert "Voorziening is live." in html and "Bijna klaar, alleen in het Nederlands." in html
    assert "Voorjaarsronde 2024" in html and "Kenmerk" in html and "GEHEIM" not in html
    assert '<dd class="completion completion--substantial"><strong>Aanzienlijk</strong></dd>' in html
    assert "<td>Afgerond</td>" in html and "Nog geen goedgekeurde rapportage" in html


def test_compiling_costs_a_fixed_number_of_queries(plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assessment.render_assessment(plan, "en")
    more = CommitmentFactory(plan=plan, sequence=9, status=Commitment.Status.PUBLISHED)
    for position in (1, 2, 3):
        report(MilestoneFactory(commitment=more, position=position), Completion.LIMITED, D(2024, 1, 1))
    with django_assert_max_num_queries(12):
        assessment.render_assessment(plan, "en")


def test_published_version_is_frozen(plan, people):
    owner = people["process_owner"]
    made = assessment.self_assessment_publish(plan=plan, published_on=D(2024, 6, 1), actor=owner)
    assert [a.language for a in made] == ["en", "nl"]
    assert all(a.pdf_status == SelfAssessment.PdfStatus.PENDING for a in made)  # its PDF is still to be made
    assert made[0].title == "End-of-term self-assessment: Open Government Action Plan 7"
    english = made[0].html
    # A later accepted report changes the preview, never the published version.
    milestone = Commitment.objects.get(identifier="NL-7-01").milestones.get(position=2)
    report(milestone, Completion.COMPLETED, D(2024, 7, 1), nl="Klaar.", en="All done now.")
    assert "All done now." in assessment.render_assessment(plan, "en")
    assert SelfAssessment.objects.get(pk=made[0].pk).html == english and "All done now." not in english


def test_publishing_refused_with_clear_reasons(people):
    draft = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        assessment.self_assessment_publish(plan=draft, published_on=D(2022, 1, 1), actor=people["process_owner"])
    messages = error.value.messages
    assert "The plan is not public." in messages
    assert "The plan has no published commitments." in messages
    assert "The publication date cannot be before the plan's term starts." in messages
    assert not SelfAssessment.objects.exists()


def test_roles_on_the_pages(client, plan, people, settings):
    settings.PLATFORM_TODAY = "2024-06-10"
    now, later = (
        assessment.self_assessment_publish(plan=plan, published_on=D(2024, 6, 1), actor=people["process_owner"]),
        assessment.self_assessment_publish(plan=plan, published_on=D(2024, 7, 1), actor=people["process_owner"]),
    )
    staff = reverse("implementation_assessment:staff", args=[plan.slug])
    preview = reverse("implementation_assessment:preview", args=[plan.slug, "en"])
    not_yet = {**PUBLIC, "anonymous": LOGIN, "participant": 403, "action_holder": 403, "forum_member": 403}
    responses = assert_answers(
        client, people,
        [(now[0].get_absolute_url(), PUBLIC), (now[1].get_absolute_url(), PUBLIC),
         (later[0].get_absolute_url(), not_yet), (staff, PROCESS_OWNER), (preview, PROCESS_OWNER)],
    )  # fmt: skip
    page = responses[now[0].get_absolute_url(), "anonymous"].content.decode()
    assert '<div lang="en">' in page and "NL-7-01: Woo categories disclosed" in page
    # It leads to the Dutch version published with it.
    assert f'<a href="{now[1].get_absolute_url()}" hreflang="nl" lang="nl">Zelfevaluatie aan het einde' in page
    # No PDF yet: no link to it, and its address answers 404.
    assert "The PDF is being made." in page or "De pdf wordt gemaakt." in page
    log_in(client, None)
    assert client.get(reverse("implementation_assessment:pdf", args=[plan.slug, now[0].pk])).status_code == 404


def test_pdf_download_once_made(client, plan, people):
    english, _dutch = assessment.self_assessment_publish(
        plan=plan, published_on=D(2024, 6, 1), actor=people["process_owner"]
    )
    english.pdf.save("x.pdf", ContentFile(b"%PDF-1.7 zelfevaluatie"), save=False)
    english.pdf_status = SelfAssessment.PdfStatus.DONE
    english.save()
    log_in(client, None, language="en")
    response = client.get(reverse("implementation_assessment:pdf", args=[plan.slug, english.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-1.7")
    assert "actieplan-7-self-assessment-en.pdf" in response["Content-Disposition"]
    assert "Download as PDF" in client.get(english.get_absolute_url()).content.decode()


def test_staff_page_publishes_in_both_languages_and_keeps_bad_input(client, plan, people):
    url = reverse("implementation_assessment:staff", args=[plan.slug])
    log_in(client, people["process_owner"], language="en")
    page = client.get(url).content.decode()
    assert "Preview in English" in page and "No self-assessment has been published yet." in page
    response = client.post(url, {"published_on": "2019-05-01"})
    assert response.status_code == 200
    assert "The publication date cannot be before the plan&#x27;s term starts." in response.content.decode()
    assert 'value="2019-05-01"' in response.content.decode() and not SelfAssessment.objects.exists()
    response = client.post(url, {"published_on": "niet-een-datum"})
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()
    response = client.post(url, {"published_on": "2026-11-20"}, follow=True)
    assert "The self-assessment has been published in English and Dutch." in response.content.decode()
    assert sorted(SelfAssessment.objects.values_list("language", flat=True)) == ["en", "nl"]
    preview = client.get(reverse("implementation_assessment:preview", args=[plan.slug, "nl"])).content.decode()
    assert "Zelfevaluatie aan het einde van de looptijd" in preview and '<div lang="nl">' in preview


def test_repository_lists_it_from_its_date(client, plan, people, settings):
    english, dutch = assessment.self_assessment_publish(
        plan=plan, published_on=D(2024, 6, 1), actor=people["process_owner"]
    )
    settings.PLATFORM_TODAY = "2024-05-31"
    assert not [r for r in document_rows(plan=plan) if r.kind == "self_assessment"]
    settings.PLATFORM_TODAY = "2024-06-01"
    rows = list(document_rows(plan=plan, kind="self_assessment"))
    assert {(r.language, r.url, r.format) for r in rows} == {
        ("en", english.get_absolute_url(), "HTML"),
        ("nl", dutch.get_absolute_url(), "HTML"),
    }
    log_in(client, None, language="en")
    listing = client.get(reverse("publication_documents:list"), {"kind": "self_assessment"}).content.decode()
    assert "End-of-term self-assessment: Open Government Action Plan 7" in listing
    assert english.get_absolute_url() in listing


# --- The demo of issue 15 ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["", "2024-06-01"])
def test_demo_shows_rounds_reports_overdue_and_refresh(client, settings, day):
    from django.core.management import call_command

    from ideas.models import Idea
    from plans.models import Phase

    settings.PLATFORM_TODAY = day
    call_command("seed_demo")
    call_command("seed_demo")  # twice: nothing doubles
    plan = ActionPlan.objects.get(number=5)
    rounds = list(ReportingRound.objects.filter(plan=plan).order_by("deadline"))
    assert len(rounds) == 2 and all(r.deadline < D(2024, 6, 1) for r in rounds)
    published = Commitment.objects.filter(plan=plan, status=Commitment.Status.PUBLISHED)
    assert published.count() >= 2
    accepted = ProgressReport.objects.accepted().filter(milestone__commitment__plan=plan)
    assert accepted.filter(round=rounds[0]).count() == sum(c.milestones.count() for c in published)
    assert len(set(accepted.values_list("completion", flat=True))) >= 3  # mixed progress
    # Every report is dated before the deadline of its round, so all of it is there on 2024-06-01.
    assert not accepted.filter(reported_on__gt=D(2024, 5, 17)).exists()
    # Exactly one published commitment has no report in the second round: it is overdue.
    without = [c for c in published if not accepted.filter(round=rounds[1], milestone__commitment=c).exists()]
    assert len(without) == 1
    assert ProgressReport.objects.filter(review=ProgressReport.Review.RETURNED).exclude(return_reason="").count() == 1
    # The refresh: its phase with a call for input is under way on 2024-06-01, with contributions in it.
    refresh = Phase.objects.get(plan=plan, kind=Phase.Kind.REFRESH)
    assert refresh.status_on(D(2024, 6, 1)) == Phase.Status.CURRENT
    during = Idea.objects.filter(plan=plan, created_at__date__range=(refresh.starts_on, D(2024, 6, 1)))
    assert during.filter(status=Idea.Status.PUBLISHED).count() == 3
    assert during.filter(in_refresh=True).count() == 3
    # Through the refresh part's models: a new commitment continuing the series, one amendment
    # published ("amended on"), one in forum review with a comment; all dated before 2024-06-01.
    from implementation.models import Amendment, Refresh
    from implementation.refresh import new_commitments

    started = Refresh.objects.get(plan=plan)
    assert [c.identifier for c in new_commitments(started)] == ["NL-5-09"]
    published_amendment = Amendment.objects.get(status=Amendment.Status.PUBLISHED)
    assert published_amendment.amended_on == D(2024, 5, 29)
    assert "dykes" in Commitment.objects.get(identifier="NL-5-06").description_en  # applied, also after a re-run
    in_review = Amendment.objects.get(status=Amendment.Status.IN_REVIEW)
    assert in_review.comments.count() == 1
    log_in(client, None, language="en")
    page = client.get(started.get_absolute_url()).content.decode()
    assert "NL-5-06" in page and "29 May 2024" in page and "NL-5-09" not in page  # the draft is not public yet
    # The self-assessment: one per language, in the repository at today's date, not yet in 2024.
    assert SelfAssessment.objects.filter(plan=plan).count() == 2
    log_in(client, None, language="en")
    listing = client.get(reverse("publication_documents:list"), {"kind": "self_assessment"}).content.decode()
    english = SelfAssessment.objects.get(plan=plan, language="en")
    if day:
        assert english.get_absolute_url() not in listing
    else:
        assert english.get_absolute_url() in listing
        page = client.get(english.get_absolute_url()).content.decode()
        assert "NL-5-01: Proactive disclosure in the categories of the Open Government Act" in page
        assert "Completion at the end of the term" in page


def test_dashboard_reminds_process_owners_until_it_is_published(client, plan, people, settings):
    settings.PLATFORM_TODAY = "2026-11-01"  # the term ends on 31 December 2026
    line = "End-of-term self-assessment of Open Government Action Plan 7: not published yet"
    log_in(client, people["process_owner"], language="en")
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert line in page and reverse("implementation_assessment:staff", args=[plan.slug]) in page
    log_in(client, people["moderator"], language="en")
    assert line not in client.get(reverse("staff:dashboard")).content.decode()
    assessment.self_assessment_publish(plan=plan, published_on=D(2026, 11, 1), actor=people["process_owner"])
    log_in(client, people["process_owner"], language="en")
    assert line not in client.get(reverse("staff:dashboard")).content.decode()
