"""Publishing a version of a plan (issue 14, points 1, 3 and 9): the plan document compiled from
the data, what blocks a version, frozen documents and snapshots, the public pages of the versions,
the comparison of two versions, and the published plan on the plan page and the home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment
from plans.models import Phase
from publication import services
from publication.models import PlanText, PlanVersion, VersionDocument
from publication.plan_document import render_plan_document
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import ActionPlanFactory, OrganisationFactory, PhaseFactory
from tests.ideas.factories import IdeaFactory
from tests.roles import PROCESS_OWNER, PUBLIC, STAFF, assert_answers, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages of the services in English (the pages choose their language per request)."""
    with translation.override("en"):
        yield


F = Commitment.Status
D = datetime.date


def _texts(plan):
    return PlanText.objects.create(
        plan=plan,
        introduction_nl="Inleiding van het plan.",
        introduction_en="Introduction to the plan.",
        context_nl="De context.",
        context_en="The context.",
    )


@pytest.fixture
def plan():
    plan = ActionPlanFactory(number=5, slug="actieplan-5")
    _texts(plan)
    supporter = OrganisationFactory(name="Open State Foundation")
    first = CommitmentFactory(
        plan=plan, sequence=1, complete=True, status=F.FINAL, title_nl="Open agenda's", title_en="Open diaries"
    )
    first.supporting_organisations.add(supporter)
    CommitmentFactory(
        plan=plan, sequence=2, complete=True, status=F.PUBLISHED, title_nl="Woo-categorieën", title_en="Woo categories"
    )
    IdeaFactory(plan=plan, answered=True, title="Beantwoord idee")
    return plan


def _publish(plan, person, **overrides):
    values = {
        "number": 1, "language": "en", "label_nl": "Engelse versie voor OGP",
        "label_en": "English version submitted to OGP", "published_on": D(2022, 12, 30), "actor": person,
    }  # fmt: skip
    values.update(overrides)
    return services.publish_version(plan, **values)


def _form(**overrides):
    data = {
        "number": "1", "language": "en", "label_nl": "Engelse versie voor OGP",
        "label_en": "English version submitted to OGP", "published_on": "2022-12-30", "changes_nl": "",
        "changes_en": "",
    }  # fmt: skip
    data.update(overrides)
    return data


# --- The plan document --------------------------------------------------------------------


def test_the_document_holds_every_final_commitment_in_its_language_with_an_anchor(plan):
    english = render_plan_document(plan, "en")
    dutch = render_plan_document(plan, "nl")
    assert 'id="NL-5-01"' in english and 'href="#NL-5-01"' in english
    assert "NL-5-01 Open diaries" in english and "NL-5-02 Woo categories" in english
    assert "NL-5-01 Open agenda&#x27;s" in dutch and "Inleiding van het plan." in dutch
    assert "Introduction to the plan." in english and "Open State Foundation" in english
    assert "Milestones of NL-5-01" in english and "First milestone" in english
    assert '<nav class="toc"' in english


def test_the_document_describes_the_co_creation_process(plan):
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=D(2022, 6, 1), ends_on=D(2022, 10, 31))
    IdeaFactory(plan=plan, answered=True, channel="email", kind="critical_note")
    html = render_plan_document(plan, "en")
    assert "Call for input" in html and "1 June 2022" in html
    assert "2 published contributions." in html
    assert "Contributions by channel" in html and "Email" in html and "Critical note" in html


def test_a_draft_commitment_is_not_in_the_document(plan):
    CommitmentFactory(plan=plan, sequence=3, title_en="Still a draft")
    assert "Still a draft" not in render_plan_document(plan, "en")


# --- Blockers -----------------------------------------------------------------------------


def test_nothing_blocks_a_complete_plan(plan):
    assert services.blockers(plan, "en") == []
    assert services.blockers(plan, "nl") == []


def test_a_commitment_that_is_not_final_blocks(plan):
    CommitmentFactory(plan=plan, sequence=3, complete=True, status=F.IN_REVIEW, title_en="Under review")
    messages = [b.message for b in services.blockers(plan, "en")]
    assert messages == ["NL-5-03 “Under review” is not final: In forum review."]


def test_a_field_missing_in_the_versions_language_blocks_only_that_language(plan):
    Commitment.objects.filter(identifier="NL-5-01").update(problem_en="")
    english = [b.message for b in services.blockers(plan, "en")]
    assert english == ["NL-5-01 is not filled in in English: The problem it addresses."]
    assert services.blockers(plan, "nl") == []


def test_the_plans_own_texts_missing_in_the_language_block(plan):
    PlanText.objects.filter(plan=plan).update(context_en="")
    assert [b.message for b in services.blockers(plan, "en")] == ["The context is empty in English."]


def test_a_contribution_without_a_reasoned_response_blocks(plan, people):
    idea = IdeaFactory(plan=plan, title="Nog geen antwoord")
    found = services.blockers(plan, "nl")
    assert [b.message for b in found] == ["The contribution “Nog geen antwoord” has no reasoned response yet."]
    assert found[0].url == idea.get_absolute_url()
    with pytest.raises(services.PublishRefused):
        _publish(plan, people["process_owner"])
    assert not PlanVersion.objects.exists()
    assert Commitment.objects.get(identifier="NL-5-01").status == F.FINAL


# --- Publishing -----------------------------------------------------------------------------


def test_publishing_freezes_the_documents_and_publishes_the_final_commitments(
    plan, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = _publish(plan, people["process_owner"])
    documents = {(d.kind, d.language): d for d in version.documents.all()}
    assert set(documents) == {("plan", "en"), ("cocreation_report", "nl"), ("cocreation_report", "en")}
    assert "NL-5-01 Open diaries" in documents["plan", "en"].html
    assert sorted(version.commitments) == ["NL-5-01", "NL-5-02"]
    assert version.commitments["NL-5-01"]["title_en"] == "Open diaries"
    first = Commitment.objects.get(identifier="NL-5-01")
    assert first.status == F.PUBLISHED
    assert first.status_changes.filter(from_status=F.FINAL, to_status=F.PUBLISHED).exists()


def test_editing_a_commitment_after_publishing_does_not_change_the_published_page(plan, people, client):
    version = _publish(plan, people["process_owner"])
    url = version.get_absolute_url()
    before = client.get(url).content.decode()
    Commitment.objects.filter(identifier="NL-5-01").update(title_en="Rewritten afterwards")
    MilestoneFactory(commitment=Commitment.objects.get(identifier="NL-5-01"), position=2, description_en="New step")
    after = client.get(url).content.decode()
    assert "NL-5-01 Open diaries" in after and "Rewritten afterwards" not in after and "New step" not in after
    assert before == after
    assert version.documents.get(kind="plan").html == PlanVersion.objects.get().documents.get(kind="plan").html


def test_the_publish_page_lists_the_blockers_and_refuses(plan, people, client):
    CommitmentFactory(plan=plan, sequence=3, status=F.DRAFT, title_en="Not ready", title_nl="Niet klaar")
    log_in(client, people["process_owner"], language="en")
    url = reverse("publication_versions:staff_publish", kwargs={"slug": plan.slug})
    page = client.get(url).content.decode()
    assert "NL-5-03 “Not ready” is not final: Draft." in page
    response = client.post(url, _form())
    assert response.status_code == 200
    assert "Nothing was published" in response.content.decode()
    assert not PlanVersion.objects.exists() and not VersionDocument.objects.exists()


def test_the_same_number_twice_is_a_clear_error_and_nothing_is_half_published(plan, people, client):
    _publish(plan, people["process_owner"])
    log_in(client, people["process_owner"], language="en")
    url = reverse("publication_versions:staff_publish", kwargs={"slug": plan.slug})
    response = client.post(url, _form(language="nl", label_nl="Nederlandse versie", published_on="2023-02-01"))
    assert response.status_code == 200
    assert "Version 1 of this plan has already been published. Choose another number." in response.content.decode()
    assert 'value="Nederlandse versie"' in response.content.decode()  # what was typed is kept
    assert PlanVersion.objects.count() == 1 and VersionDocument.objects.count() == 3


def test_the_service_refuses_a_taken_number_without_writing(plan, people):
    _publish(plan, people["process_owner"])
    with pytest.raises(services.PublishRefused) as refused:
        _publish(plan, people["process_owner"], language="nl")
    assert "number" in refused.value.errors
    assert PlanVersion.objects.count() == 1 and VersionDocument.objects.count() == 3


def test_a_process_owner_publishes_through_the_page(plan, people, client):
    log_in(client, people["process_owner"], language="en")
    url = reverse("publication_versions:staff_publish", kwargs={"slug": plan.slug})
    response = client.post(url, _form(), follow=True)
    assert "Version 1 has been published." in response.content.decode()
    version = PlanVersion.objects.get()
    assert version.published_by == people["process_owner"] and version.language == "en"


def test_staff_write_the_plans_texts(plan, people, client):
    log_in(client, people["process_owner"])
    url = reverse("publication_versions:staff_text", kwargs={"slug": plan.slug})
    data = {"introduction_nl": "Nieuw", "introduction_en": "New", "context_nl": "C", "context_en": "C"}
    client.post(url, data)
    text = PlanText.objects.get(plan=plan)
    assert (text.introduction_en, text.updated_by) == ("New", people["process_owner"])


# --- Public pages ---------------------------------------------------------------------------


def test_the_versions_list_shows_number_label_date_language_and_sha(plan, people, client):
    version = _publish(plan, people["process_owner"])
    VersionDocument.objects.filter(version=version, kind="plan").update(
        sha256="ab" * 32, pdf_status="done", pdf="generated/x.pdf"
    )
    log_in(client, None, language="en")
    page = client.get(reverse("publication_versions:list", kwargs={"slug": plan.slug})).content.decode()
    assert "English version submitted to OGP" in page
    assert "ab" * 32 in page and "30 December 2022" in page
    assert version.get_absolute_url() in page


def test_a_version_dated_ahead_is_for_staff_until_its_day(plan, people, client, settings):
    settings.PLATFORM_TODAY = "2022-12-01"
    version = _publish(plan, people["process_owner"])
    assert_answers(client, people, [(version.get_absolute_url(), STAFF)])
    list_page = log_in(client, None).get(reverse("publication_versions:list", kwargs={"slug": plan.slug}))
    assert "Engelse versie voor OGP" not in list_page.content.decode()
    settings.PLATFORM_TODAY = "2022-12-30"
    assert_answers(client, people, [(version.get_absolute_url(), PUBLIC)])


def test_roles_on_the_pages(plan, people, client):
    version = _publish(plan, people["process_owner"])
    slug = plan.slug
    assert_answers(
        client,
        people,
        [
            (reverse("publication_versions:list", kwargs={"slug": slug}), PUBLIC),
            (version.get_absolute_url(), PUBLIC),
            (reverse("publication_versions:report", kwargs={"slug": slug, "number": 1, "lang": "nl"}), PUBLIC),
            (reverse("publication_versions:compare", kwargs={"slug": slug}), PUBLIC),
            (reverse("publication_versions:staff_publish", kwargs={"slug": slug}), PROCESS_OWNER),
            (reverse("publication_versions:staff_text", kwargs={"slug": slug}), PROCESS_OWNER),
        ],
    )


def test_the_pdf_is_served_once_it_is_made(plan, people, client):
    from django.core.files.base import ContentFile

    version = _publish(plan, people["process_owner"])
    url = reverse("publication_versions:pdf", kwargs={"slug": plan.slug, "number": 1, "kind": "plan", "lang": "en"})
    assert client.get(url).status_code == 404  # not made yet
    document = version.documents.get(kind="plan")
    document.pdf.save("plan.pdf", ContentFile(b"%PDF-1.7 demo"), save=False)
    document.pdf_status = "done"
    document.save()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 demo"


def test_compare_shows_per_commitment_what_changed(plan, people, client):
    _publish(plan, people["process_owner"])
    Commitment.objects.filter(identifier="NL-5-01").update(title_en="Open diaries as data")
    CommitmentFactory(plan=plan, sequence=3, complete=True, status=F.FINAL, title_en="A third one")
    _publish(plan, people["process_owner"], number=2, language="nl", published_on=D(2023, 2, 1))
    url = reverse("publication_versions:compare", kwargs={"slug": plan.slug})
    page = log_in(client, None, language="en").get(url, {"a": 1, "b": 2}).content.decode()
    assert "From version 1 to version 2" in page
    assert "Open <del>diaries</del>" in page and "Open <ins>diaries as data</ins>" in page
    assert "NL-5-02 Woo categories" in page and "Unchanged." in page
    assert "NL-5-03 A third one" in page and "New in this version." in page


def test_the_repository_lists_the_versions_documents(plan, people, client):
    _publish(plan, people["process_owner"])
    page = client.get(reverse("publication_documents:list")).content.decode()
    assert "Engelse versie voor OGP" in page


# --- Plan page and home page ---------------------------------------------------------------


def test_after_publication_the_plan_page_leads_to_the_plan_and_drops_closed_calls(plan, people, client, settings):
    settings.PLATFORM_TODAY = "2023-02-01"
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=D(2022, 6, 1), ends_on=D(2022, 10, 31))
    PhaseFactory(plan=plan, kind=Phase.Kind.SESSIONS, starts_on=D(2022, 9, 5), ends_on=D(2022, 10, 28))
    PhaseFactory(plan=plan, kind=Phase.Kind.PUBLICATION, starts_on=D(2023, 1, 9), ends_on=D(2023, 2, 28))
    plan_url = plan.get_absolute_url()
    before = log_in(client, None, language="en").get(plan_url).content.decode()
    assert "The published plan" not in before
    version = _publish(plan, people["process_owner"])
    for url in (plan_url, reverse("home")):
        page = client.get(url).content.decode()
        assert "The published plan" in page, url
        assert version.get_absolute_url() in page
        assert reverse("publication_versions:report", kwargs={"slug": plan.slug, "number": 1, "lang": "en"}) in page
        assert reverse("commitments:list") in page
        assert reverse("ideas:create") not in page, url
    page = client.get(plan_url).content.decode()
    assert "Sign up for a co-creation session" not in page
    assert "The call for input and the co-creation sessions of this plan have closed." in page


def test_an_open_call_for_input_keeps_its_call_to_action(plan, client, settings):
    settings.PLATFORM_TODAY = "2022-07-01"
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=D(2022, 6, 1), ends_on=D(2022, 10, 31))
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("ideas:create") in page


def test_a_version_number_must_be_positive_and_texts_are_kept(plan, people, client):
    log_in(client, people["process_owner"], language="en")
    url = reverse("publication_versions:staff_publish", kwargs={"slug": plan.slug})
    response = client.post(url, _form(number="0", label_en="Kept label", label_nl=""))
    page = response.content.decode()
    assert response.status_code == 200 and not PlanVersion.objects.exists()
    assert "Ensure this value is greater than or equal to 1." in page
    assert "This field is required." in page and 'value="Kept label"' in page


def test_the_plan_page_reads_the_published_versions_in_a_fixed_number_of_queries(
    plan, people, client, django_assert_num_queries
):
    _publish(plan, people["process_owner"])
    url = plan.get_absolute_url()
    client.get(url)
    # plan, phases, events, versions, their documents; whether the plan (in its term) has a refresh
    with django_assert_num_queries(6):
        client.get(url)
    _publish(plan, people["process_owner"], number=2, language="nl")
    _publish(plan, people["process_owner"], number=3, language="nl")
    log_in(client, None, language="en")
    client.get(url)
    with django_assert_num_queries(6):
        assert "version 3" in client.get(url).content.decode()
