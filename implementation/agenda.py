"""The reporting rounds on a forum meeting's agenda, shown on the meeting's page
(``stakeholders.agenda``). One query."""

from django.template.loader import render_to_string

from implementation.models import ReportingRound
from implementation.rounds import round_url
from stakeholders.agenda import register


@register
def reporting_rounds(request, meeting) -> str:
    rounds = list(ReportingRound.objects.filter(forum_meeting=meeting).select_related("plan").order_by("opens_on"))
    if not rounds:
        return ""
    return render_to_string(
        "implementation/rounds/_meeting_agenda.html",
        {"rounds": [(r, round_url(r)) for r in rounds]},
        request=request,
    )
