"""Editing in OGP's template: versions, no lost edits, bad input, restore, HTML as text."""

import pytest
from django.urls import reverse

from commitments.models import Commitment, CommitmentVersion, Milestone
from tests.commitments.helpers import edit_data


@pytest.fixture
def holder(world, login):
    return login(world["people"]["action_holder"])


@pytest.mark.django_db
def test_action_holder_creates_a_commitment_and_gets_a_stable_identifier(world, holder):
    url = reverse("commitments:new")
    data = {"plan": world["plan"].pk, "lead_organisation": world["org"].pk, "title_nl": "Open raadsinformatie"}
    response = holder.post(url, data)
    first = Commitment.objects.get()
    assert response.status_code == 302 and response.url == reverse("commitments:edit", args=["NL-5-01"])
    assert first.identifier == "NL-5-01" and first.versions.get().number == 1
    holder.post(url, {**data, "title_nl": "Tweede"})
    assert Commitment.objects.get(title_nl="Tweede").identifier == "NL-5-02"
    # The identifier never changes, however often the commitment is saved.
    holder.post(reverse("commitments:edit", args=["NL-5-01"]), edit_data(holder, first, title_nl="Nieuwe titel"))
    first.refresh_from_db()
    assert first.identifier == "NL-5-01" and first.title_nl == "Nieuwe titel"
    assert "NL-5-01" in holder.get(first.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_lead_organisation_must_be_an_action_holder_of_the_plan(world, holder):
    from tests.factories import MembershipFactory, OrganisationFactory

    outsider = OrganisationFactory(name="Geen actiehouder")
    MembershipFactory(user=world["people"]["action_holder"], organisation=outsider)
    response = holder.post(
        reverse("commitments:new"), {"plan": world["plan"].pk, "lead_organisation": outsider.pk, "title_nl": "X"}
    )
    assert response.status_code == 400
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_every_save_stores_a_version_with_who_and_what_changed(world, holder, make_commitment):
    commitment = make_commitment(complete=False)
    data = edit_data(
        holder,
        commitment,
        problem_nl="Raadsstukken zijn slecht vindbaar.",
        problem_en="Council papers are hard to find.",
    )
    response = holder.post(reverse("commitments:edit", args=[commitment.identifier]), data)
    assert response.status_code == 302
    version = CommitmentVersion.objects.get(commitment=commitment, number=2)
    assert version.author == world["people"]["action_holder"]
    assert version.changed_fields == ["problem_nl", "problem_en"]
    assert version.snapshot["problem_en"] == "Council papers are hard to find."
    assert "Saved as version 2" in holder.get(response.url).content.decode()


@pytest.mark.django_db
def test_milestones_are_saved_in_order_and_versioned(world, holder, make_commitment):
    commitment = make_commitment(complete=False)
    data = edit_data(holder, commitment, **{
        "milestones-0-description_nl": "Tweede stap", "milestones-0-ORDER": "2",
        "milestones-0-starts_on": "2024-01-01", "milestones-0-ends_on": "2024-06-30",
        "milestones-1-description_nl": "Eerste stap", "milestones-1-ORDER": "1",
        "milestones-1-expected_output_nl": "Een standaard", "milestones-1-starts_on": "2023-02-01",
        "milestones-1-ends_on": "2023-05-01",
    })  # fmt: skip
    assert holder.post(reverse("commitments:edit", args=[commitment.identifier]), data).status_code == 302
    assert [m.description_nl for m in commitment.milestones.order_by("position")] == ["Eerste stap", "Tweede stap"]
    snapshot = commitment.versions.get(number=2).snapshot
    assert [m["description_nl"] for m in snapshot["milestones"]] == ["Eerste stap", "Tweede stap"]
    html = holder.get(commitment.get_absolute_url()).content.decode()
    assert html.index("Eerste stap") < html.index("Tweede stap")
    assert 'class="timeline"' in html


@pytest.mark.django_db
def test_bad_input_gives_field_errors_keeps_the_text_and_writes_nothing(world, holder, make_commitment):
    commitment = make_commitment(complete=False)
    data = edit_data(holder, commitment, **{
        "title_nl": "", "problem_nl": "Een lange tekst die bewaard moet blijven.",
        "milestones-0-description_nl": "Mijlpaal met verkeerde data",
        "milestones-0-starts_on": "2024-05-01", "milestones-0-ends_on": "2024-01-01",
        "milestones-1-description_nl": "Buiten de looptijd",
        "milestones-1-starts_on": "2022-01-01", "milestones-1-ends_on": "2031-01-01",
    })  # fmt: skip
    response = holder.post(reverse("commitments:edit", args=[commitment.identifier]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and 'aria-invalid="true"' in html
    assert "This field is required." in html
    assert "A milestone cannot end before it starts." in html
    assert "within the plan&#x27;s term" in html or "within the plan's term" in html
    assert html.count("within the plan") >= 2  # start and end of the second milestone
    assert "Een lange tekst die bewaard moet blijven." in html
    assert "Mijlpaal met verkeerde data" in html
    commitment.refresh_from_db()
    assert commitment.problem_nl == "" and commitment.title_nl
    assert not Milestone.objects.filter(commitment=commitment).exists()
    assert commitment.versions.count() == 1


@pytest.mark.django_db
def test_html_in_any_field_is_shown_as_text(world, holder, make_commitment):
    commitment = make_commitment()
    evil = '<script>alert("x")</script><b>vet</b>'
    data = edit_data(holder, commitment, problem_en=evil, title_en=evil, **{"milestones-0-description_en": evil})
    assert holder.post(reverse("commitments:edit", args=[commitment.identifier]), data).status_code == 302
    for url in (commitment.get_absolute_url(), reverse("commitments:history", args=[commitment.identifier])):
        html = holder.get(url).content.decode()
        assert "<script>alert" not in html and "<b>vet</b>" not in html
        assert "&lt;script&gt;" in html or "&lt;b&gt;vet" in html


@pytest.mark.django_db
def test_a_stale_save_is_refused_showing_both_texts_and_then_merges(world, client, make_commitment, second_editor):
    commitment = make_commitment()
    url = reverse("commitments:edit", args=[commitment.identifier])
    first, second = world["people"]["action_holder"], second_editor
    client.force_login(first)
    client.cookies["django_language"] = "en"
    mine = edit_data(client, commitment, problem_nl="Mijn probleemtekst", causes_nl="Mijn oorzaken")

    # The second editor opens the same version and saves first.
    from django.test import Client

    other = Client()
    other.force_login(second)
    theirs = edit_data(other, commitment, problem_nl="Hun probleemtekst", title_en="Their new title")
    assert other.post(url, theirs).status_code == 302

    # The first editor's save on top of version 1 is refused: nothing written, both texts shown.
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "someone else saved this commitment" in html.lower()
    assert "Your text" in html and "Their text" in html
    assert "Mijn probleemtekst" in html and "Hun probleemtekst" in html
    commitment.refresh_from_db()
    assert commitment.problem_nl == "Hun probleemtekst" and commitment.causes_nl != "Mijn oorzaken"
    assert commitment.versions.count() == 2
    # The form keeps what they typed, and took over the other's change to a field they left alone.
    form = response.context["form"]
    assert form["problem_nl"].value() == "Mijn probleemtekst"
    assert form["causes_nl"].value() == "Mijn oorzaken"
    assert form["title_en"].value() == "Their new title"
    assert response.context["version"] == 2

    # They merge and save again, on top of the newest version: both people's work is kept.
    merged = edit_data(client, commitment)  # the page now serves version 2
    merged.update({k: v for k, v in mine.items() if k.startswith(("problem", "causes"))})
    merged["problem_nl"] = "Mijn probleemtekst en hun probleemtekst"
    assert client.post(url, merged).status_code == 302
    commitment.refresh_from_db()
    assert commitment.version == 3
    assert commitment.problem_nl == "Mijn probleemtekst en hun probleemtekst"
    assert commitment.causes_nl == "Mijn oorzaken" and commitment.title_en == "Their new title"


@pytest.mark.django_db
def test_resubmitting_the_refused_form_keeps_the_other_persons_changes(world, client, make_commitment, second_editor):
    commitment = make_commitment()
    url = reverse("commitments:edit", args=[commitment.identifier])
    client.force_login(world["people"]["action_holder"])
    mine = edit_data(client, commitment, causes_nl="Mijn oorzaken")
    from django.test import Client

    other = Client()
    other.force_login(second_editor)
    assert other.post(url, edit_data(other, commitment, title_en="Their title")).status_code == 302
    refused = client.post(url, mine)
    assert refused.status_code == 409
    # Submitting the form exactly as it came back (no conflicts to merge) saves both changes.
    again = {
        **mine,
        "version": str(refused.context["version"]),
        "title_en": refused.context["form"]["title_en"].value(),
    }
    assert client.post(url, again).status_code == 302
    commitment.refresh_from_db()
    assert commitment.causes_nl == "Mijn oorzaken" and commitment.title_en == "Their title"


@pytest.mark.django_db
def test_history_shows_a_readable_diff_and_restoring_makes_a_new_version(world, holder, make_commitment):
    commitment = make_commitment()
    url = reverse("commitments:edit", args=[commitment.identifier])
    holder.post(url, edit_data(holder, commitment, problem_nl="Het oude probleem was groot"))
    holder.post(url, edit_data(holder, commitment, problem_nl="Het nieuwe probleem is klein"))
    history = reverse("commitments:history", args=[commitment.identifier])
    response = holder.get(history, {"from": 2, "to": 3})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>oude</del>" in html and "<ins>nieuwe</ins>" in html
    assert "<del>was groot</del>" in html and "<ins>is klein</ins>" in html
    assert "The problem it addresses (Dutch)" in html
    # Restore version 2: it comes back as version 4, and 3 stays in the history.
    response = holder.post(reverse("commitments:restore", args=[commitment.identifier, 2]))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.version == 4 and commitment.problem_nl == "Het oude probleem was groot"
    assert commitment.versions.get(number=4).restored_from == 2
    assert "Restored from version 2" in holder.get(history).content.decode()
    assert commitment.versions.count() == 4


@pytest.mark.django_db
def test_restoring_brings_back_milestones_and_links(world, holder, make_commitment):
    commitment = make_commitment()
    original = list(commitment.milestones.values_list("description_nl", flat=True))
    data = edit_data(holder, commitment, **{"milestones-0-DELETE": "on"})
    assert holder.post(reverse("commitments:edit", args=[commitment.identifier]), data).status_code == 302
    assert not commitment.milestones.exists()
    holder.post(reverse("commitments:restore", args=[commitment.identifier, 1]))
    assert list(commitment.milestones.values_list("description_nl", flat=True)) == original


@pytest.mark.django_db
def test_comparing_unknown_versions_says_so(world, holder, make_commitment):
    commitment = make_commitment()
    response = holder.get(reverse("commitments:history", args=[commitment.identifier]), {"from": "1", "to": "9"})
    assert response.status_code == 400
    assert "Choose two versions to compare" in response.content.decode()


@pytest.mark.django_db
def test_saving_without_changes_makes_no_new_version(world, holder, make_commitment):
    commitment = make_commitment()
    response = holder.post(reverse("commitments:edit", args=[commitment.identifier]), edit_data(holder, commitment))
    assert response.status_code == 302
    assert "Nothing had changed" in holder.get(response.url).content.decode()
    assert commitment.versions.count() == 1


@pytest.mark.django_db
def test_the_services_take_plain_data_and_refuse_a_stale_save_with_the_shared_exception(world, make_commitment):
    from commitments.services import StaleEdit, commitment_create, commitment_save
    from core import concurrency

    actor = world["people"]["action_holder"]
    created = commitment_create(plan=world["plan"], lead_organisation=world["org"], title_nl="Uit data", actor=actor)
    assert created.identifier == "NL-5-01" and created.version == 1

    commitment = make_commitment()
    old = commitment.milestones.get()
    saved, changed = commitment_save(
        commitment=commitment,
        data={"problem_nl": "Nieuw probleem", "themes": []},
        milestones=[
            {"id": None, "delete": False, "description_nl": "Eerst dit", "description_en": "", "starts_on": None,
             "ends_on": None, "expected_output_nl": "", "expected_output_en": "", "responsible_organisation": None},
            {"id": old.pk, "delete": True},
        ],
        seen_version="1",
        actor=actor,
    )  # fmt: skip
    assert (saved.version, saved.problem_nl) == (2, "Nieuw probleem")
    assert changed == ["problem_nl", "milestones"]
    assert [(m.position, m.description_nl) for m in saved.milestones.all()] == [(1, "Eerst dit")]

    with pytest.raises(concurrency.StaleEdit) as refused:
        commitment_save(commitment=commitment, data={"problem_nl": "Te laat"}, milestones=[], seen_version=1,
                        actor=actor)  # fmt: skip
    # Both changed the problem, and both the milestones (this save would leave none).
    assert isinstance(refused.value, StaleEdit) and refused.value.conflicts == ["problem_nl", "milestones"]
    assert refused.value.current.version == 2
    commitment.refresh_from_db()
    assert commitment.problem_nl == "Nieuw probleem" and commitment.version == 2


@pytest.mark.django_db
def test_a_form_refused_for_bad_input_still_carries_the_version_the_editor_opened(
    world, client, make_commitment, second_editor
):
    # Fixing a typo after a 400 must not silently overwrite what a colleague saved meanwhile.
    from django.test import Client

    commitment = make_commitment()
    url = reverse("commitments:edit", args=[commitment.identifier])
    client.force_login(world["people"]["action_holder"])
    mine = edit_data(client, commitment, title_nl="", problem_nl="Mijn probleemtekst")
    other = Client()
    other.force_login(second_editor)
    assert other.post(url, edit_data(other, commitment, problem_nl="Hun probleemtekst")).status_code == 302

    response = client.post(url, mine)
    assert response.status_code == 400
    assert 'name="version" value="1"' in response.content.decode()
    mine["title_nl"] = "Weer een titel"
    response = client.post(url, mine)
    assert response.status_code == 409
    assert 'name="version" value="2"' in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.problem_nl == "Hun probleemtekst"
