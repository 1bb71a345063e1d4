"""Query budgets that depend on what other parts register."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import ActionPlan
from publication import documents


def repository_queries() -> int:
    """What the document repository's registered sources cost, read once for all plans (each a
    fixed number of queries whatever the documents: tests/publication/test_documents.py). The OGP
    check reads them (publication/check.py), so its pages and the staff dashboard add this."""
    with CaptureQueriesContext(connection) as queries:
        for source in documents.SOURCES:
            list(source(ActionPlan.objects.public()))
    return len(queries)
