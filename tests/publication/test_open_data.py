"""Open data of commitments and milestones, and the data package that describes every open-data
file (issue 14, point 6)."""

import csv
import datetime
import io
import json
import re

import frictionless
import pytest
from django.conf import settings
from django.urls import reverse

from commitments.models import Commitment
from ideas import open_data as ideas_open_data
from implementation.models import ProgressReport
from plans.models import ActionPlan
from publication import open_data
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import ActionPlanFactory, OrganisationFactory, ThemeFactory
from tests.ideas.factories import BuildingBlockFactory, IdeaFactory

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
FILES = {
    "commitments.csv": "publication_open_data:commitments_csv",
    "commitments.json": "publication_open_data:commitments_json",
    "milestones.csv": "publication_open_data:milestones_csv",
    "milestones.json": "publication_open_data:milestones_json",
    "contributions.csv": "open_data_contributions_csv",
    "contributions.json": "open_data_contributions_json",
    # implementation's progress reports, registered with publication.open_data.register
    "progress.csv": "implementation_progress:progress_csv",
    "progress.json": "implementation_progress:progress_json",
}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))


def _json(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return json.loads(_body(response))


@pytest.fixture
def data():
    plan = ActionPlanFactory(number=5)
    supporter = OrganisationFactory(name="Open State Foundation")
    theme = ThemeFactory(slug="open-data")
    block = BuildingBlockFactory(plan=plan, title_nl="Open data; beter vindbaar")
    published = CommitmentFactory(
        plan=plan, status=Commitment.Status.PUBLISHED, complete=True,
        title_nl="=HYPERLINK(\"https://evil.example\")", title_en="Open algorithms",
    )  # fmt: skip
    published.supporting_organisations.add(supporter)
    published.themes.add(theme)
    published.building_blocks.add(block)
    MilestoneFactory(
        commitment=published, position=1, description_en="Second milestone", responsible_organisation=supporter
    )
    draft = CommitmentFactory(
        plan=plan, status=Commitment.Status.FINAL, complete=True, title_en="A final, unpublished one"
    )
    hidden_plan = ActionPlanFactory(number=6, status=ActionPlan.Status.DRAFT)
    in_draft_plan = CommitmentFactory(
        plan=hidden_plan, status=Commitment.Status.PUBLISHED, complete=True, title_en="In a draft plan"
    )
    IdeaFactory(plan=plan, themes=[theme], title="Publish the registers")
    ProgressReport.objects.create(
        milestone=published.milestones.first(), completion="limited", explanation_nl="Begonnen",
        reported_on=datetime.date(2023, 6, 1), review=ProgressReport.Review.ACCEPTED,
    )  # fmt: skip
    return {"published": published, "draft": draft, "in_draft_plan": in_draft_plan, "block": block}


def test_commitments_csv_and_json_hold_published_commitments_of_public_plans(client, data):
    published = data["published"]
    rows = _csv(client, "publication_open_data:commitments_csv")
    assert [row["identifier"] for row in rows] == [published.identifier]
    row = rows[0]
    assert list(row) == [f.name for f in open_data.COMMITMENT_FIELDS]
    assert row["title_nl"] == '\'=HYPERLINK("https://evil.example")'  # neutralised for spreadsheets
    assert row["title_en"] == "Open algorithms"
    assert row["description_en"] == "description en: tekst" and row["problem_nl"] == "problem nl: tekst"
    assert row["url"] == settings.SITE_URL + published.get_absolute_url()
    assert row["status"] == "published" and row["transparency"] == "true" and row["participation"] == "false"
    assert row["supporting_organisations"] == "Open State Foundation"
    assert row["themes"] == "open-data"
    assert row["building_blocks"] == settings.SITE_URL + data["block"].get_absolute_url()
    assert row["milestones"] == "2"

    [item] = _json(client, "publication_open_data:commitments_json")
    assert list(item) == [f.name for f in open_data.COMMITMENT_FIELDS]
    assert item["title_nl"] == '=HYPERLINK("https://evil.example")'  # JSON is not a spreadsheet
    assert item["supporting_organisations"] == ["Open State Foundation"] and item["themes"] == ["open-data"]
    assert item["transparency"] is True and item["milestones"] == 2


def test_milestones_of_public_commitments_with_dates_and_outputs(client, data):
    rows = _csv(client, "publication_open_data:milestones_csv")
    identifier = data["published"].identifier
    assert [(r["commitment"], r["position"]) for r in rows] == [(identifier, "1"), (identifier, "1")]
    assert rows[0]["starts_on"] == "2023-03-01" and rows[0]["ends_on"] == "2023-12-31"
    assert rows[0]["expected_output_en"] == "A report" and rows[0]["expected_output_nl"] == "Een rapport"
    assert rows[1]["responsible_organisation"] == "Open State Foundation"
    items = _json(client, "publication_open_data:milestones_json")
    assert [i["description_en"] for i in items] == ["First milestone", "Second milestone"]


def test_no_open_data_row_holds_an_email_address_or_an_unpublished_commitment(client, data):
    hidden = [data["draft"], data["in_draft_plan"]]
    for name, url_name in FILES.items():
        text = _body(client.get(reverse(url_name))).decode("utf-8-sig")
        if name.startswith("commitments"):  # the contact person (name, pieter@example.org) is left out
            assert "Pieter Jansen" not in text
        assert not EMAIL.search(text), f"{name} holds an email address: {EMAIL.search(text).group()}"
        for commitment in hidden:
            assert commitment.identifier not in text and commitment.title_en not in text, name


def test_the_datapackage_describes_every_file_with_absolute_paths_and_cc0(client, data):
    package = client.get(reverse("publication_open_data:datapackage")).json()
    assert package["licenses"][0]["name"] == "CC0-1.0"
    paths = {resource["path"] for resource in package["resources"]}
    assert paths == {settings.SITE_URL + reverse(url_name) for url_name in FILES.values()}
    for resource in package["resources"]:
        if resource["format"] == "csv":
            for field in resource["schema"]["fields"]:
                assert field["name"] and field["type"] and field["description"], field
    # the contributions' columns come from ideas/open_data.py: the description follows them
    assert [f.name for f in open_data.CONTRIBUTION_FIELDS] == ideas_open_data.OPEN_DATA_FIELDS


def test_every_file_validates_against_the_datapackage_with_frictionless(client, data, tmp_path):
    """The package is valid, and each file as served matches its Table Schema (names, order,
    types, formats, enums, keys, the milestones' reference to the commitments)."""
    IdeaFactory(plan=data["published"].plan, title="-5 ideas", text="+ a formula-looking text")
    package = client.get(reverse("publication_open_data:datapackage")).json()
    for resource in package["resources"]:
        filename = resource["path"].rsplit("/", 1)[1]
        (tmp_path / filename).write_bytes(_body(client.get(resource["path"].removeprefix(settings.SITE_URL))))
        resource["path"] = filename
    (tmp_path / "datapackage.json").write_text(json.dumps(package))

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert {task.name for task in report.tasks} == {r["name"] for r in package["resources"]}
    assert all(task.stats["rows"] for task in report.tasks if task.type == "table")  # not validated empty


def test_a_schema_that_disagrees_with_the_columns_fails_validation(client, data, tmp_path):
    """The validation above is not vacuous: a renamed column in the schema is caught."""
    package = client.get(reverse("publication_open_data:datapackage")).json()
    [resource] = [r for r in package["resources"] if r["name"] == "milestones"]
    (tmp_path / "milestones.csv").write_bytes(_body(client.get(reverse("publication_open_data:milestones_csv"))))
    resource["path"] = "milestones.csv"
    resource["schema"].pop("foreignKeys")
    resource["schema"]["fields"][0]["name"] = "commitment_identifier"
    (tmp_path / "datapackage.json").write_text(json.dumps({**package, "resources": [resource]}))
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_open_data_page_lists_the_files_and_the_licence_and_the_footer_links_to_it(client, language):
    client.cookies["django_language"] = language
    response = client.get(reverse("publication_open_data:index"), HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 200
    for url_name in [*FILES.values(), "publication_open_data:datapackage"]:
        assert f'href="{reverse(url_name)}"' in html
    assert "CC0-1.0" in html and "https://creativecommons.org/publicdomain/zero/1.0/" in html
    assert f'href="{reverse("publication_open_data:index")}"' in client.get(reverse("home")).content.decode()
    if language == "nl":
        assert "Licentie" in html and "verbintenis" in html
    else:
        assert "Licence" in html and "Every published commitment" in html


@pytest.mark.postgres
@pytest.mark.parametrize("size", [2, 12])
def test_query_budgets_do_not_grow_with_the_data(client, django_assert_num_queries, size):
    plan = ActionPlanFactory()
    for _n in range(size):
        commitment = CommitmentFactory(plan=plan, status=Commitment.Status.PUBLISHED, complete=True)
        commitment.supporting_organisations.add(OrganisationFactory())
        commitment.themes.add(ThemeFactory())
        commitment.building_blocks.add(BuildingBlockFactory(plan=plan))
        MilestoneFactory(commitment=commitment, position=2, responsible_organisation=OrganisationFactory())
    # commitments, then supporting organisations, themes, building blocks
    for url_name in ("publication_open_data:commitments_csv", "publication_open_data:commitments_json"):
        with django_assert_num_queries(4):
            assert len(_body(client.get(reverse(url_name)))) > 0
    for url_name in ("publication_open_data:milestones_csv", "publication_open_data:milestones_json"):
        with django_assert_num_queries(1):
            _body(client.get(reverse(url_name)))
    with django_assert_num_queries(0):
        client.get(reverse("publication_open_data:datapackage"))
        client.get(reverse("publication_open_data:index"))
