"""Open data of commitments and milestones, and the Frictionless data package that describes
every open-data file of the platform (the contributions of ideas/open_data.py too).

One table per file below says, per column, its name, its Table Schema type and format and an
English description. The CSV header, the JSON keys and the datapackage's schema are all made from
it, so the published schema cannot drift from the real columns (the tests validate the files
against it with Frictionless).

No personal data: a commitment's contact person and email address and who last edited it are
left out on purpose; organisations are not persons.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from commitments.models import Commitment, Milestone
from core import csvexport
from ideas.models import Idea

LICENCE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}
LIST_SEPARATOR = ";"  # list columns (themes, organisations) in a CSV cell; arrays in JSON


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    format: str = ""
    enum: tuple = ()

    def schema(self) -> dict:
        field = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            field["format"] = self.format
        if self.enum:
            field["constraints"] = {"enum": list(self.enum)}
        return field


def _choices(choices) -> tuple:
    return tuple(value for value, _label in choices)


LIST_NOTE = f" In CSV separated by '{LIST_SEPARATOR}', in JSON an array."


def _bilingual(name: str, what: str) -> list[Field]:
    return [
        Field(f"{name}_nl", "string", f"{what}, in Dutch."),
        Field(f"{name}_en", "string", f"{what}, in English."),
    ]


COMMITMENT_FIELDS = [
    Field("identifier", "string", "The commitment's identifier in OGP's numbering: country, plan, number (NL-5-03)."),
    Field("url", "string", "The commitment's page on this platform.", format="uri"),
    Field("plan", "string", "The action plan's short name (its web address on this platform)."),
    Field("plan_number", "integer", "The action plan's number (5 for the fifth plan)."),
    Field("plan_url", "string", "The action plan's page on this platform.", format="uri"),
    *_bilingual("title", "Title of the commitment"),
    *_bilingual("problem", "The problem the commitment addresses"),
    *_bilingual("causes", "Causes of the problem"),
    *_bilingual("done_so_far", "What has been done so far"),
    *_bilingual("description", "What the commitment does"),
    *_bilingual("how_it_helps", "How it helps solve the problem"),
    Field("transparency", "boolean", "Whether the commitment is relevant to transparency (OGP value)."),
    *_bilingual("transparency_why", "Why it is relevant to transparency"),
    Field("participation", "boolean", "Whether the commitment is relevant to civic participation (OGP value)."),
    *_bilingual("participation_why", "Why it is relevant to civic participation"),
    Field("accountability", "boolean", "Whether the commitment is relevant to public accountability (OGP value)."),
    *_bilingual("accountability_why", "Why it is relevant to public accountability"),
    *_bilingual("budget", "The budget"),
    *_bilingual("other_policies", "Links to other policies"),
    *_bilingual("sdgs", "Sustainable Development Goals the commitment contributes to"),
    Field("status", "string", "Status of the commitment (only published ones are open data).", enum=("published",)),
    Field("lead_organisation", "string", "Name of the organisation that leads the commitment."),
    Field(
        "lead_organisation_kind", "string", "Kind of the lead organisation.", enum=_choices(Organisation.Kind.choices)
    ),
    Field("supporting_organisations", "string", "Names of the supporting organisations." + LIST_NOTE),
    Field("themes", "string", "Short names of the commitment's themes." + LIST_NOTE),
    Field(
        "building_blocks",
        "string",
        "Pages of the building blocks (groups of contributions) the commitment came from." + LIST_NOTE,
    ),
    Field("milestones", "integer", "Number of milestones (see milestones.csv)."),
    Field("updated_at", "datetime", "When the commitment last changed (ISO 8601)."),
]

MILESTONE_FIELDS = [
    Field("commitment", "string", "Identifier of the commitment the milestone belongs to (see commitments.csv)."),
    Field("commitment_url", "string", "The commitment's page on this platform.", format="uri"),
    Field("position", "integer", "Order of the milestone within its commitment."),
    *_bilingual("description", "What the milestone is"),
    *_bilingual("expected_output", "The expected output, which the Independent Reporting Mechanism verifies"),
    Field("starts_on", "date", "Start date (ISO 8601)."),
    Field("ends_on", "date", "End date (ISO 8601)."),
    Field("responsible_organisation", "string", "Name of the organisation responsible for the milestone."),
]

# The contributions' columns are written by ideas/open_data.py; described here, in its order
# (test_open_data checks the two lists agree).
CONTRIBUTION_FIELDS = [
    Field("id", "integer", "Number of the contribution on this platform."),
    Field("url", "string", "The contribution's page on this platform.", format="uri"),
    Field("plan", "string", "The action plan's short name (its web address on this platform)."),
    Field("kind", "string", "Kind of contribution.", enum=_choices(Idea.Kind.choices)),
    Field("title", "string", "Title as the contributor wrote it."),
    Field("text", "string", "The contribution as the contributor wrote it."),
    Field("themes", "string", "Short names of the contribution's themes." + LIST_NOTE),
    Field("status", "string", "Moderation status.", enum=_choices(Idea.Status.choices)),
    Field("duplicate_of", "integer", "For a duplicate: the number of the contribution it duplicates."),
    Field("outcome", "string", "What was done with the contribution.", enum=_choices(Idea.Outcome.choices)),
    Field("answer", "string", "The government's reasoned response."),
    Field("answered_at", "datetime", "When the response was given (ISO 8601)."),
    Field("channel", "string", "How the contribution reached us.", enum=_choices(Idea.Channel.choices)),
    Field("session", "string", "Title of the co-creation session where it was made, if any."),
    Field("organisation", "string", "Name of the organisation it was made on behalf of, if any."),
    Field("organisation_kind", "string", "Kind of that organisation.", enum=_choices(Organisation.Kind.choices)),
    Field("author_name", "string", "The author's name, only where the author agreed to show it."),
    Field("supports", "integer", "Number of people who support the contribution."),
    Field("building_block", "string", "Dutch title of the building block it was grouped into, if any."),
    Field("submitted_at", "datetime", "When it was submitted (ISO 8601)."),
    Field("published_at", "datetime", "When it was published after moderation (ISO 8601)."),
    Field("received_on", "date", "The day it reached us (ISO 8601)."),
]


@dataclass(frozen=True)
class DataFile:
    """One table published as CSV and JSON."""

    name: str
    title: str  # English, for the datapackage
    description: str  # English, for the datapackage
    page_title: object  # translated, for the open-data page
    page_description: object
    fields: list
    primary_key: tuple
    csv_url_name: str
    json_url_name: str
    foreign_keys: tuple = ()


DATA_FILES = [
    DataFile(
        name="commitments",
        title="Commitments",
        description="Every published commitment of every public action plan, in Dutch and English.",
        page_title=_("Commitments"),
        page_description=_(
            "Every published commitment of the public action plans, in Dutch and English: its texts in "
            "OGP's template, status, lead and supporting organisations, themes and building blocks."
        ),
        fields=COMMITMENT_FIELDS,
        primary_key=("identifier",),
        csv_url_name="publication_open_data:commitments_csv",
        json_url_name="publication_open_data:commitments_json",
    ),
    DataFile(
        name="milestones",
        title="Milestones",
        description="The milestones of the published commitments, with dates and expected outputs.",
        page_title=_("Milestones"),
        page_description=_("The milestones of those commitments, with their dates and expected outputs."),
        fields=MILESTONE_FIELDS,
        primary_key=(),  # positions are an order, not unique: two milestones may share one
        csv_url_name="publication_open_data:milestones_csv",
        json_url_name="publication_open_data:milestones_json",
        foreign_keys=({"fields": "commitment", "reference": {"resource": "commitments", "fields": "identifier"}},),
    ),
    DataFile(
        name="contributions",
        title="Contributions",
        description=(
            "Every published contribution (idea, suggestion, critical note) with the government's response, "
            "without personal data."
        ),
        page_title=_("Contributions"),
        page_description=_(
            "Every published contribution with its outcome and the government's reasoned response, without "
            "personal data (an author's name only where they agreed)."
        ),
        fields=CONTRIBUTION_FIELDS,
        primary_key=("id",),
        csv_url_name="open_data_contributions_csv",
        json_url_name="open_data_contributions_json",
    ),
]


def register(data: DataFile) -> None:
    """Add the open-data file of an app above publication (implementation's progress reports):
    the open-data page and the data package list it after the files above. Its rows and its
    CSV and JSON pages are the app's own (``csv_response`` and ``json_response`` below help)."""
    if all(existing.name != data.name for existing in DATA_FILES):
        DATA_FILES.append(data)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- reads (a fixed number of queries, whatever the number of rows) ---


def public_commitments():
    """Published commitments of public plans with their milestone count: the commitments, then
    supporting organisations, themes, building blocks (four queries)."""
    return (
        Commitment.objects.public()
        .select_related("plan", "lead_organisation")
        .annotate(milestone_count=Count("milestones"))
        .prefetch_related(
            Prefetch("supporting_organisations", queryset=Organisation.objects.order_by("name")),
            "themes",
            "building_blocks",
        )
        .order_by("-plan__number", "sequence")
    )


def public_milestones():
    """Milestones of the public commitments (one query)."""
    return (
        Milestone.objects.filter(commitment__in=Commitment.objects.public())
        .select_related("commitment", "responsible_organisation")
        .order_by("-commitment__plan__number", "commitment__sequence", "position", "pk")
    )


def _iso(value):
    return value.isoformat() if value else None


# The texts in both languages, the three OGP values and the status, copied as they are.
COPIED_COMMITMENT_FIELDS = [
    f.name for f in COMMITMENT_FIELDS if f.name.endswith(("_nl", "_en")) or f.type == "boolean" or f.name == "status"
]


def commitment_rows():
    for commitment in public_commitments().iterator(chunk_size=500):
        url = commitment.get_absolute_url()
        row = {
            "identifier": commitment.identifier,
            "url": _absolute(url),
            "plan": commitment.plan.slug,
            "plan_number": commitment.plan.number,
            "plan_url": _absolute(commitment.plan.get_absolute_url()),
        }
        for name in COPIED_COMMITMENT_FIELDS:
            row[name] = getattr(commitment, name)
        row.update(
            lead_organisation=commitment.lead_organisation.name,
            lead_organisation_kind=commitment.lead_organisation.kind,
            supporting_organisations=[o.name for o in commitment.supporting_organisations.all()],
            themes=sorted(t.slug for t in commitment.themes.all()),
            building_blocks=[_absolute(b.get_absolute_url()) for b in commitment.building_blocks.all()],
            milestones=commitment.milestone_count,
            updated_at=_iso(commitment.updated_at),
        )
        yield row


def milestone_rows():
    for milestone in public_milestones().iterator(chunk_size=2000):
        commitment = milestone.commitment
        yield {
            "commitment": commitment.identifier,
            "commitment_url": _absolute(commitment.get_absolute_url()),
            "position": milestone.position,
            "description_nl": milestone.description_nl,
            "description_en": milestone.description_en,
            "expected_output_nl": milestone.expected_output_nl,
            "expected_output_en": milestone.expected_output_en,
            "starts_on": _iso(milestone.starts_on),
            "ends_on": _iso(milestone.ends_on),
            "responsible_organisation": milestone.responsible_organisation.name
            if milestone.responsible_organisation
            else None,
        }


# --- responses ---


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def csv_response(rows, fields: list[Field], filename: str) -> StreamingHttpResponse:
    """Streamed CSV through core.csvexport (formula cells neutralised), as ideas/open_data.py does."""
    writer = csvexport.DictWriter(_Echo(), fieldnames=[f.name for f in fields])

    def lines():
        yield "\ufeff" + writer.writeheader()  # the byte order mark lets spreadsheets read UTF-8
        for row in rows:
            yield writer.writerow({key: _csv_cell(value) for key, value in row.items()})

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(rows) -> StreamingHttpResponse:
    def chunks():
        yield "["
        for n, row in enumerate(rows):
            yield ("," if n else "") + json.dumps(row, ensure_ascii=False)
        yield "]"

    return StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")


def datapackage() -> dict:
    """The Frictionless data package (v1 spec) of every open-data file, with absolute paths."""
    resources = []
    for data in DATA_FILES:
        schema = {"fields": [f.schema() for f in data.fields]}
        if data.primary_key:
            schema["primaryKey"] = list(data.primary_key)
        if data.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [fk["fields"]], "reference": {**fk["reference"], "fields": [fk["reference"]["fields"]]}}
                for fk in data.foreign_keys
            ]
        resources.append(
            {
                "name": data.name,
                "title": data.title,
                "description": data.description,
                "path": _absolute(reverse(data.csv_url_name)),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [LICENCE],
                "schema": schema,
            }
        )
        resources.append(
            {
                "name": f"{data.name}-json",
                "title": f"{data.title} (JSON)",
                "description": (
                    f"The same data as {data.name}.csv, as a JSON array of objects with the same keys "
                    "(list columns as arrays)."
                ),
                "path": _absolute(reverse(data.json_url_name)),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "licenses": [LICENCE],
            }
        )
    return {
        "name": "open-government-action-plan-nl",
        "title": "Open Government Action Plan of the Netherlands: open data",
        "description": (
            "Commitments, milestones and contributions of the co-creation of the Dutch Open Government "
            "Action Plan, published by the Ministry of the Interior and Kingdom Relations (BZK)."
        ),
        "homepage": _absolute(reverse("publication_open_data:index")),
        "licenses": [LICENCE],
        "resources": resources,
    }
