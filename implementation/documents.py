"""The progress reports in the document repository (#14.5 lists them as a kind): per closed
reporting round of a public plan with accepted reports, a document per language dated at the
round's deadline, leading to the plan's public progress page (which shows only accepted reports).
Registered with ``publication.documents`` (publication sits below implementation). One query."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from core import clock
from implementation.models import ProgressReport, ReportingRound
from publication.documents import DocumentRow, Kind, source


@source
def progress_reports(plans):
    accepted = ProgressReport.objects.accepted().filter(round=OuterRef("pk"))
    rounds = (
        ReportingRound.objects.filter(plan__in=plans, deadline__lt=clock.today())
        .filter(Exists(accepted))
        .select_related("plan")
        .order_by("deadline", "pk")
    )
    for reporting_round in rounds:
        url = reverse("implementation_progress:progress_plan", kwargs={"slug": reporting_round.plan.slug})
        for language in ("nl", "en"):
            title = getattr(reporting_round, f"title_{language}") or reporting_round.title_nl
            yield DocumentRow(
                key=f"progress-round-{reporting_round.pk}-{language}",
                plan=reporting_round.plan,
                kind=Kind.PROGRESS_REPORT,
                title=title,
                language=language,
                published_on=reporting_round.deadline,
                url=url,
                format="HTML",
            )
