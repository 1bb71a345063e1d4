"""Demo documents of the repository: an IRM report on the fifth plan, uploaded by staff.

Published 2023-01-20, after the English version went to OGP (2022-12-30): the repository shows it
at today's date and at ``PLATFORM_TODAY=2023-02-01``, not before.
"""

import datetime

from django.core.files.base import ContentFile

from publication.models import Document
from stakeholders.demo import tiny_pdf

IRM_TITLE_NL = "IRM-beoordeling van het vijfde actieplan"
IRM_TITLE_EN = "IRM Action Plan Review: the Netherlands 2023–2025"


def seed(ctx):
    plan = ctx["plan"]
    if Document.objects.filter(plan=plan, kind=Document.Kind.IRM_REPORT, title_nl=IRM_TITLE_NL).exists():
        return
    Document.objects.create(
        plan=plan,
        kind=Document.Kind.IRM_REPORT,
        title_nl=IRM_TITLE_NL,
        title_en=IRM_TITLE_EN,
        language="en",  # IRM reports are written in English
        published_on=datetime.date(2023, 1, 20),
        file=ContentFile(tiny_pdf(IRM_TITLE_EN), name="irm-action-plan-review-nl-2023.pdf"),
    )
