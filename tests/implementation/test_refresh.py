"""The mid-term refresh (issue #15.6): a new call for input marked as the refresh, new commitments
that continue the identifier series, amendments reviewed by the forum and published as "amended
on <date>", and the list of changes for the plan's new published version."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Commitment
from commitments.services import commitment_create
from core import clock
from ideas.models import Idea
from ideas.services import idea_submit, ideas_publish
from implementation import refresh as services
from implementation.models import Amendment, AmendmentComment, Refresh
from plans.models import Phase
from publication.models import PlanVersion
from tests.commitments.factories import CommitmentFactory
from tests.factories import PhaseFactory, ThemeFactory
from tests.roles import LOGIN, PROCESS_OWNER, PUBLIC, assert_answers, log_in

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(people):
    """The people's plan, number 5, published (its publication phase has started) with 17
    published commitments, NL-5-01 … NL-5-17; NL-5-03 is led by the action holder."""
    plan = people["forum_member"].forum_seats.get().plan
    today = clock.today()
    plan.number, plan.term_start, plan.term_end = 5, today - 700 * DAY, today + 700 * DAY
    plan.save()
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=today - 900 * DAY, ends_on=today - 850 * DAY)
    publication = PhaseFactory(
        plan=plan, kind=Phase.Kind.PUBLICATION, starts_on=today - 720 * DAY, ends_on=today - 690 * DAY
    )
    org = people["action_holder"].organisations.get()
    other = CommitmentFactory(
        plan=plan, sequence=1, status=Commitment.Status.PUBLISHED, complete=True
    ).lead_organisation
    for sequence in range(2, 18):
        CommitmentFactory(
            plan=plan, sequence=sequence, status=Commitment.Status.PUBLISHED, complete=True,
            lead_organisation=org if sequence == 3 else other,
        )  # fmt: skip
    return {"plan": plan, "people": people, "publication": publication, "today": today}


def _start(world, **overrides):
    values = {
        "plan": world["plan"], "reason_nl": "Halverwege de looptijd frissen we het plan op.",
        "reason_en": "Halfway through its term the plan is refreshed.", "call_opens_on": world["today"],
        "call_closes_on": world["today"] + 30 * DAY, "actor": world["people"]["process_owner"],
    }  # fmt: skip
    return services.refresh_start(**{**values, **overrides})


def _amend_data(commitment, **overrides):
    data = {name: getattr(commitment, name) for name in services.AMENDABLE_FIELDS}
    milestone = commitment.milestones.get()
    data.update({
        "reason_nl": "De wet is gewijzigd.", "reason_en": "The law has changed.",
        "description_en": "The commitment now also covers municipalities.",
        "milestones-TOTAL_FORMS": "2", "milestones-INITIAL_FORMS": "1", "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000", "milestones-0-id": milestone.pk, "milestones-0-commitment": commitment.pk,
        "milestones-0-description_nl": milestone.description_nl, "milestones-0-description_en": milestone.description_en,
        "milestones-0-expected_output_nl": milestone.expected_output_nl,
        "milestones-0-expected_output_en": milestone.expected_output_en,
        "milestones-0-starts_on": milestone.starts_on.isoformat(),
        "milestones-0-ends_on": (clock.today() + 200 * DAY).isoformat(),
        "milestones-1-description_nl": "", "milestones-1-commitment": commitment.pk,
    })  # fmt: skip
    data.update(overrides)
    return {k: ("" if v is None else v) for k, v in data.items()}


@pytest.fixture
def commitment(world):
    commitment = Commitment.objects.get(identifier="NL-5-03")
    milestone = commitment.milestones.get()
    milestone.starts_on, milestone.ends_on = world["today"] - 300 * DAY, world["today"] + 100 * DAY
    milestone.save()
    return commitment


# --- Starting the refresh: the call for input opens again ----------------------------------------


@pytest.mark.django_db
def test_a_process_owner_starts_the_refresh_and_the_call_for_input_opens_again_marked_as_the_refresh(client, world):
    plan, people = world["plan"], world["people"]
    theme = ThemeFactory()
    before = idea_submit(author=people["participant"], plan=plan, kind="idea", title="Vóór de herijking",
                         text="Oud.", themes=[theme])  # fmt: skip
    log_in(client, people["participant"], language="en")
    assert "closed on" in client.get(reverse("ideas:create")).content.decode()

    log_in(client, people["process_owner"], language="en")
    response = client.post(
        reverse("implementation_refresh:start", args=[plan.slug]),
        {"reason_nl": "Halverwege frissen we op.", "reason_en": "Halfway we refresh.",
         "call_opens_on": world["today"].isoformat(), "call_closes_on": (world["today"] + 30 * DAY).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    refresh = Refresh.objects.get(plan=plan)
    assert (refresh.phase.kind, refresh.phase.starts_on) == (Phase.Kind.REFRESH, world["today"])

    # The contribution form is open again; what is sent in now is marked as the refresh.
    log_in(client, people["participant"], language="en")
    assert "closed on" not in client.get(reverse("ideas:create")).content.decode()
    during = idea_submit(author=people["participant"], plan=plan, kind="idea", title="Tijdens de herijking",
                         text="Nieuw.", themes=[theme])  # fmt: skip
    assert (Idea.objects.get(pk=before.pk).in_refresh, during.in_refresh) == (False, True)
    ideas_publish(ids=[before.pk, during.pk], actor=people["moderator"])

    # The refresh's page lists it as such, and the contributions list filters on it.
    html = client.get(reverse("implementation_refresh:detail", args=[plan.slug])).content.decode()
    assert "Tijdens de herijking" in html and "Vóór de herijking" not in html and "Halfway we refresh." in html
    listed = client.get(reverse("ideas:list"), {"in_refresh": "refresh"}).content.decode()
    assert "Tijdens de herijking" in listed and "Vóór de herijking" not in listed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "opens,closes,field,message",
    [
        (-3, 20, "call_opens_on", "The call for input cannot open in the past."),
        (10, 5, "call_closes_on", "The call for input cannot close before it opens."),
        (1, 800, "call_closes_on", "The call for input must close within the plan"),
    ],
)
def test_wrong_call_dates_are_field_errors_and_nothing_is_written(client, world, opens, closes, field, message):
    log_in(client, world["people"]["process_owner"], language="en")
    data = {"reason_nl": "Reden.", "reason_en": "Reason.",
            "call_opens_on": (world["today"] + opens * DAY).isoformat(),
            "call_closes_on": (world["today"] + closes * DAY).isoformat()}  # fmt: skip
    response = client.post(reverse("implementation_refresh:start", args=[world["plan"].slug]), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "Reden." in response.content.decode()  # what was typed is kept
    assert not Refresh.objects.exists() and not Phase.objects.filter(kind=Phase.Kind.REFRESH).exists()


@pytest.mark.django_db
def test_a_plan_that_is_not_published_cannot_be_refreshed(client, world):
    publication = world["publication"]
    publication.starts_on, publication.ends_on = world["today"] + 10 * DAY, world["today"] + 20 * DAY
    publication.save()
    log_in(client, world["people"]["process_owner"], language="en")
    data = {"reason_nl": "Reden.", "reason_en": "Reason.", "call_opens_on": world["today"].isoformat(),
            "call_closes_on": (world["today"] + 9 * DAY).isoformat()}  # fmt: skip
    response = client.post(reverse("implementation_refresh:start", args=[world["plan"].slug]), data)
    assert response.status_code == 400
    assert "Only a published plan can be refreshed." in response.content.decode()
    assert not Refresh.objects.exists() and not Phase.objects.filter(kind=Phase.Kind.REFRESH).exists()


# --- New commitments continue the series ------------------------------------------------------


@pytest.mark.django_db
def test_new_commitments_in_the_refresh_continue_the_identifier_series_and_are_drafted_as_before(world):
    refresh = _start(world)
    people = world["people"]
    org = people["action_holder"].organisations.get()
    new = commitment_create(plan=world["plan"], lead_organisation=org, title_nl="Nieuw", actor=people["action_holder"])
    assert new.identifier == "NL-5-18"
    # The drafting deadline has long passed, but the refresh reopens drafting and the forum review.
    assert people["action_holder"].has_perm("commitments.change_commitment", new)
    new.status = Commitment.Status.READY
    assert people["process_owner"].has_perm("commitments.start_review_commitment", new)
    assert [c.identifier for c in services.new_commitments(refresh)] == ["NL-5-18"]


# --- Amendments ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_amendment_is_reviewed_by_the_forum_and_published_as_amended_on_a_date(client, world, commitment):
    _start(world)
    people = world["people"]
    old_description = commitment.description_en
    log_in(client, people["action_holder"], language="en")
    response = client.post(reverse("implementation_refresh:amend", args=[commitment.identifier]),
                           _amend_data(commitment))  # fmt: skip
    amendment = Amendment.objects.get()
    assert response.status_code == 302 and response.url == amendment.get_absolute_url()
    assert amendment.status == Amendment.Status.DRAFT
    # Until it is published, the public page says what was published.
    commitment.refresh_from_db()
    assert commitment.description_en == old_description
    log_in(client, None)
    page = client.get(commitment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "now also covers municipalities" not in page and "Amended on" not in page
    assert client.get(amendment.get_absolute_url()).status_code == 302  # a draft is not public

    log_in(client, people["action_holder"], language="en")
    assert client.post(reverse("implementation_refresh:amendment_submit", args=[amendment.pk])).status_code == 302
    log_in(client, people["forum_member"], language="en")
    page = client.get(amendment.get_absolute_url()).content.decode()
    assert "now also covers municipalities" in page and "The law has changed." in page
    client.post(reverse("implementation_refresh:amendment_comment", args=[amendment.pk]), {"body": "Akkoord."})
    assert AmendmentComment.objects.get().body == "Akkoord."

    log_in(client, people["process_owner"], language="en")
    assert client.post(reverse("implementation_refresh:amendment_publish", args=[amendment.pk])).status_code == 302
    amendment.refresh_from_db()
    commitment.refresh_from_db()
    assert (amendment.status, amendment.amended_on) == (Amendment.Status.PUBLISHED, world["today"])
    assert commitment.description_en == "The commitment now also covers municipalities."
    assert commitment.milestones.get().ends_on == world["today"] + 200 * DAY
    assert (amendment.before_version, amendment.after_version) == (1, 2) and commitment.version == 2

    # The public sees "amended on" on the commitment's page and the history across the refresh.
    log_in(client, None, language="en")
    page = client.get(commitment.get_absolute_url()).content.decode()
    day = f"{world['today'].day} {world['today'].strftime('%B')} {world['today'].year}"
    assert f"Amended on {day}" in page and "The law has changed." in page
    assert amendment.get_absolute_url() in page
    page = client.get(amendment.get_absolute_url()).content.decode()
    assert old_description in page and "now also covers municipalities" in page and "Akkoord." in page


@pytest.mark.django_db
@pytest.mark.parametrize("blank", ["reason_nl", "reason_en"])
def test_an_amendment_without_a_reason_is_refused_with_a_field_error(client, world, commitment, blank):
    _start(world)
    log_in(client, world["people"]["process_owner"], language="en")
    url = reverse("implementation_refresh:amend", args=[commitment.identifier])
    response = client.post(url, _amend_data(commitment, **{blank: ""}))
    assert response.status_code == 400 and response.context["form"].errors[blank]
    assert "now also covers municipalities" in response.content.decode()  # the typed text is kept
    assert not Amendment.objects.exists()


@pytest.mark.django_db
def test_an_amendment_that_changes_nothing_is_refused(client, world, commitment):
    _start(world)
    log_in(client, world["people"]["process_owner"], language="en")
    milestone = commitment.milestones.get()
    data = _amend_data(commitment, description_en=commitment.description_en,
                       **{"milestones-0-ends_on": milestone.ends_on.isoformat()})  # fmt: skip
    response = client.post(reverse("implementation_refresh:amend", args=[commitment.identifier]), data)
    assert response.status_code == 400
    assert "Nothing has changed" in response.content.decode() and not Amendment.objects.exists()


@pytest.mark.django_db
def test_a_commitment_of_a_plan_that_is_not_being_refreshed_cannot_be_amended(client, world, commitment):
    log_in(client, world["people"]["process_owner"], language="en")
    url = reverse("implementation_refresh:amend", args=[commitment.identifier])
    assert client.get(url).status_code == 403


# --- The list of changes and the new published version ------------------------------------------


@pytest.mark.django_db
def test_changes_text_lists_new_commitments_and_amendments_in_each_language(world, commitment):
    refresh = _start(world)
    people = world["people"]
    assert services.changes_text(refresh, "en") == "The refresh has not changed the plan."
    new = commitment_create(plan=world["plan"], lead_organisation=commitment.lead_organisation,
                            title_nl="Open algoritmes", title_en="Open algorithms", actor=people["process_owner"])  # fmt: skip
    draft = commitment_create(plan=world["plan"], lead_organisation=commitment.lead_organisation,
                              title_nl="Nog een concept", actor=people["process_owner"])  # fmt: skip
    Commitment.objects.filter(pk=new.pk).update(status=Commitment.Status.FINAL)
    amendment = services.amendment_save(
        commitment=commitment, reason_nl="De wet is gewijzigd.", reason_en="The law has changed.",
        fields={"title_en": "Open decisions everywhere"}, milestones=[], actor=people["process_owner"],
    )  # fmt: skip
    services.amendment_submit(amendment=amendment, actor=people["process_owner"])
    services.amendment_publish(amendment=amendment, actor=people["process_owner"])
    day = world["today"]
    english = services.changes_text(refresh, "en")
    assert "New commitments:\n- NL-5-18 Open algorithms" in english
    assert f"- NL-5-03 Open decisions everywhere, amended on {day.day} {day.strftime('%B')} {day.year}: " in english
    assert "The law has changed." in english and draft.identifier not in english
    dutch = services.changes_text(refresh, "nl")
    assert "Nieuwe verbintenissen:\n- NL-5-18 Open algoritmes" in dutch and "De wet is gewijzigd." in dutch


@pytest.mark.django_db
def test_publishing_the_new_version_prefills_the_changes_and_writes_nothing_when_it_is_refused(client, world):
    _start(world)
    log_in(client, world["people"]["process_owner"], language="en")
    url = reverse("implementation_refresh:publish", args=[world["plan"].slug])
    assert "The refresh has not changed the plan." in client.get(url).content.decode()
    data = {"number": 3, "language": "en", "label_nl": "Herijkt plan", "label_en": "Refreshed plan",
            "published_on": world["today"].isoformat(), "changes_nl": "Niets.", "changes_en": ""}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["changes_en"]
    assert not PlanVersion.objects.exists()


# --- Every role on every page --------------------------------------------------------------------


@pytest.mark.django_db
def test_every_role_gets_the_right_answer_on_every_page_of_the_refresh(client, world, commitment):
    people = world["people"]
    slug = world["plan"].slug
    amend = reverse("implementation_refresh:amend", args=[commitment.identifier])
    lead_or_owner = {"anonymous": LOGIN, "participant": 403, "moderator": 403, "process_owner": 200,
                     "action_holder": 200, "forum_member": 403}  # fmt: skip
    before = [(reverse("implementation_refresh:detail", args=[slug]), dict.fromkeys(people, 404))]
    before += [(amend, {**lead_or_owner, "action_holder": 403, "process_owner": 403})]
    assert_answers(client, people, before)
    _start(world)
    assert_answers(client, people, [
        (reverse("implementation_refresh:detail", args=[slug]), PUBLIC),
        (reverse("implementation_refresh:start", args=[slug]), {**PROCESS_OWNER, "process_owner": 302}),
        (reverse("implementation_refresh:publish", args=[slug]), PROCESS_OWNER),
        (amend, lead_or_owner),
    ])  # fmt: skip
    amendment = services.amendment_save(
        commitment=commitment, reason_nl="Reden.", reason_en="Reason.", fields={"title_en": "New title"},
        milestones=[], actor=people["action_holder"],
    )  # fmt: skip
    page = amendment.get_absolute_url()
    draft_readers = {**lead_or_owner, "moderator": 200}
    assert_answers(client, people, [(page, draft_readers)])
    services.amendment_submit(amendment=amendment, actor=people["action_holder"])
    assert_answers(
        client,
        people,
        [
            (page, {**draft_readers, "forum_member": 200}),
            (amend, {**lead_or_owner, "action_holder": 302, "process_owner": 302}),
        ],
    )
    posts = [
        (reverse("implementation_refresh:amendment_comment", args=[amendment.pk]),
         {**lead_or_owner, "action_holder": 403, "forum_member": 400, "process_owner": 400}),
        (reverse("implementation_refresh:amendment_submit", args=[amendment.pk]), {**lead_or_owner, "action_holder": 403, "process_owner": 403}),
    ]  # fmt: skip
    assert_answers(client, people, posts, method="post")
    services.amendment_publish(amendment=amendment, actor=people["process_owner"])
    assert_answers(client, people, [(page, PUBLIC)])


@pytest.mark.django_db
def test_publishing_an_amendment_keeps_the_milestone_rows_and_adds_a_new_one(world, commitment):
    """Progress reports point at milestones: an amendment changes them in place and adds new ones."""
    _start(world)
    owner = world["people"]["process_owner"]
    milestone = commitment.milestones.get()
    new_row = {"id": None, "description_nl": "Evaluatie", "description_en": "Evaluation",
               "expected_output_nl": "Rapport", "expected_output_en": "Report",
               "starts_on": world["today"], "ends_on": world["today"] + 90 * DAY, "responsible_organisation": None}  # fmt: skip
    changed = {"id": milestone.pk, **{n: getattr(milestone, n) for n in services.MILESTONE_VALUES}}
    changed["expected_output_en"] = "A report and a dashboard"
    amendment = services.amendment_save(
        commitment=commitment, reason_nl="Meer doen.", reason_en="Do more.", fields={},
        milestones=[changed, new_row], actor=owner,
    )  # fmt: skip
    services.amendment_submit(amendment=amendment, actor=owner)
    services.amendment_publish(amendment=amendment, actor=owner)
    rows = list(commitment.milestones.order_by("position"))
    assert [(m.pk == milestone.pk, m.expected_output_en) for m in rows] == [
        (True, "A report and a dashboard"), (False, "Report"),
    ]  # fmt: skip
    with pytest.raises(services.Refused):  # published: no second publication
        services.amendment_publish(amendment=amendment, actor=owner)


@pytest.mark.django_db
def test_an_amendment_is_refused_when_the_commitment_changed_meanwhile_and_nothing_is_written(world, commitment):
    _start(world)
    owner = world["people"]["process_owner"]
    amendment = services.amendment_save(
        commitment=commitment, reason_nl="Reden.", reason_en="Reason.", fields={"title_en": "Another title"},
        milestones=[], actor=owner,
    )  # fmt: skip
    services.amendment_submit(amendment=amendment, actor=owner)
    Commitment.objects.filter(pk=commitment.pk).update(version=7)
    with pytest.raises(services.Refused):
        services.amendment_publish(amendment=amendment, actor=owner)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.IN_REVIEW and amendment.amended_on is None
    assert Commitment.objects.get(pk=commitment.pk).title_en != "Another title"


@pytest.mark.django_db
def test_the_refresh_page_costs_the_same_queries_with_more_in_it(client, world, commitment, django_assert_num_queries):
    refresh = _start(world)
    people = world["people"]
    theme = ThemeFactory()
    url = reverse("implementation_refresh:detail", args=[world["plan"].slug])

    def add(n):
        for i in range(n):
            idea = idea_submit(author=people["participant"], plan=world["plan"], kind="idea", title=f"Idee {i}",
                               text="Tekst.", themes=[theme])  # fmt: skip
            ideas_publish(ids=[idea.pk], actor=people["moderator"])
            new = commitment_create(plan=world["plan"], lead_organisation=commitment.lead_organisation,
                                    title_nl=f"Nieuw {i}", actor=people["process_owner"])  # fmt: skip
            Commitment.objects.filter(pk=new.pk).update(status=Commitment.Status.PUBLISHED)

    add(1)
    client.get(url)
    # the plan, the refresh with its phase, the plan's phases, amendments, new commitments,
    # the refresh's contributions and their number
    with django_assert_num_queries(7):
        client.get(url)
    add(4)
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()
    assert "Idee 3" in html and "NL-5-22" in html and refresh.localized("reason") in html


@pytest.mark.django_db
def test_the_staff_dashboard_leads_process_owners_to_start_the_refresh_and_to_amendments_in_review(
    client, world, commitment
):
    people = world["people"]
    plan = world["plan"]
    PhaseFactory(plan=plan, kind=Phase.Kind.REFRESH, starts_on=world["today"] + 10 * DAY,
                 ends_on=world["today"] + 40 * DAY)  # fmt: skip
    log_in(client, people["process_owner"], language="en")
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert f"Refresh of {plan.title_en}: not started yet" in html
    assert reverse("implementation_refresh:start", args=[plan.slug]) in html
    _start(world, call_opens_on=world["today"] + 10 * DAY, call_closes_on=world["today"] + 40 * DAY)
    amendment = services.amendment_save(
        commitment=commitment, reason_nl="Reden.", reason_en="Reason.", fields={"title_en": "New title"},
        milestones=[], actor=people["process_owner"],
    )  # fmt: skip
    services.amendment_submit(amendment=amendment, actor=people["process_owner"])
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert "not started yet" not in html and f"Refresh of {plan.title_en}: 1 amendment in forum review" in html
    log_in(client, people["moderator"], language="en")
    assert "amendment in forum review" not in client.get(reverse("staff:dashboard")).content.decode()


# --- End to end: the refreshed plan published as a new version ------------------------------------


@pytest.mark.django_db
def test_the_refreshed_plan_is_published_as_a_new_version_listing_its_changes_and_the_compare_page_shows_them(
    client, world, commitment
):
    from publication.models import PlanText
    from publication.services import publish_version

    plan, owner = world["plan"], world["people"]["process_owner"]
    PlanText.objects.create(
        plan=plan, introduction_nl="Inleiding.", introduction_en="Introduction.", context_nl="Context.",
        context_en="Context.",
    )  # fmt: skip
    first = publish_version(
        plan, number=1, language="en", label_nl="Engelse versie", label_en="English version",
        published_on=world["today"] - 600 * DAY, actor=owner,
    )  # fmt: skip
    _start(world)
    amendment = services.amendment_save(
        commitment=commitment, reason_nl="De wet is gewijzigd.", reason_en="The law has changed.",
        fields={"title_en": "Open decisions everywhere"}, milestones=[], actor=owner,
    )  # fmt: skip
    services.amendment_submit(amendment=amendment, actor=owner)
    services.amendment_publish(amendment=amendment, actor=owner)

    log_in(client, owner, language="en")
    url = reverse("implementation_refresh:publish", args=[plan.slug])
    form = client.get(url).context["form"]
    data = {"number": 2, "language": "en", "label_nl": "Herijkt plan", "label_en": "Refreshed plan",
            "published_on": world["today"].isoformat(), "changes_nl": form.initial["changes_nl"],
            "changes_en": form.initial["changes_en"]}  # fmt: skip
    response = client.post(url, data)
    second = PlanVersion.objects.get(plan=plan, number=2)
    assert response.status_code == 302 and response["Location"] == second.get_absolute_url()
    assert "NL-5-03 Open decisions everywhere, amended on" in second.changes_en

    log_in(client, None, language="en")
    listing = client.get(reverse("publication_versions:list", args=[plan.slug])).content.decode()
    assert "Refreshed plan" in listing and "English version" in listing
    detail = client.get(second.get_absolute_url()).content.decode()
    assert "What changed" in detail and "The law has changed." in detail
    compare = client.get(
        reverse("publication_versions:compare", args=[plan.slug]), {"a": first.number, "b": second.number}
    ).content.decode()
    assert "NL-5-03" in compare and "Open decisions everywhere" in compare
    # The first version stays as it was published.
    assert "Open decisions everywhere" not in client.get(first.get_absolute_url()).content.decode()
