"""Open data: every public contribution as CSV and JSON, streamed (config/urls.py routes
/open-data/contributions.csv and .json here)."""

import json

from django.http import StreamingHttpResponse

from core import csvexport
from ideas import selectors

OPEN_DATA_FIELDS = [
    "id", "url", "plan", "kind", "title", "text", "themes", "status", "duplicate_of", "outcome", "answer",
    "answered_at", "channel", "session", "organisation", "organisation_kind", "author_name", "supports",
    "building_block", "submitted_at", "published_at", "received_on",
]  # fmt: skip


def _open_data_rows(request):
    """Every published contribution, without personal data: an author's name only where they
    allowed it, never an email address."""
    base = request.build_absolute_uri("/")[:-1]
    for idea in selectors.open_data_ideas().iterator(chunk_size=2000):
        yield {
            "id": idea.pk,
            "url": base + idea.get_absolute_url(),
            "plan": idea.plan.slug,
            "kind": idea.kind,
            "title": idea.title,
            "text": idea.text,
            "themes": [t.slug for t in idea.themes.all()],
            "status": idea.status,
            "duplicate_of": idea.duplicate_of_id,
            "outcome": idea.outcome,
            "answer": idea.response,
            "answered_at": idea.responded_at.isoformat() if idea.responded_at else None,
            "channel": idea.channel,
            "session": idea.session.title if idea.session else None,
            "organisation": idea.organisation.name if idea.organisation else None,
            "organisation_kind": idea.organisation.kind if idea.organisation else None,
            "author_name": idea.public_author_name or None,
            "supports": idea.support_count,
            "building_block": idea.building_block.title_nl if idea.building_block else None,
            "submitted_at": idea.created_at.isoformat(),
            "published_at": idea.published_at.isoformat() if idea.published_at else None,
            # The day it reached us: entered by staff, the day they received it; online, submitted_at's day.
            "received_on": idea.received_date.isoformat(),
        }


class _Echo:
    def write(self, value):
        return value


def open_data_csv(request):
    writer = csvexport.DictWriter(_Echo(), fieldnames=OPEN_DATA_FIELDS)

    def lines():
        yield "\ufeff" + writer.writeheader()  # the byte order mark lets spreadsheets read UTF-8
        for row in _open_data_rows(request):
            row["themes"] = ";".join(row["themes"])
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contributions.csv"'
    return response


def open_data_json(request):
    def chunks():
        yield "["
        for n, row in enumerate(_open_data_rows(request)):
            yield ("," if n else "") + json.dumps(row, ensure_ascii=False)
        yield "]"

    return StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
