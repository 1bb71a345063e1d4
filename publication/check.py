"""The OGP minimum-requirements check: the participation and co-creation standards evaluated from the
platform's data, per plan (issue 14, point 7).

``evaluate_plans(plans)`` loads what it needs for any number of plans in a fixed number of queries
(the staff dashboard evaluates every plan at once), then judges each requirement with a pure
function of that data. Each gives a ``Requirement``: met (True), not met (False) or not yet to be
judged (None, e.g. before the term starts), the evidence with links, and what to do.

The evidence of advance notice (requirement 3). The platform records no day on which a plan or its
timeline became public, and ``notifications.timeline.announce_opened_phases`` writes the
``phase-opened:<phase>:<person>`` messages on or after the day a phase *opens*: they prove when the
followers were told, never that they were told in advance. So the notice is taken from what is on
record before the call opens: the earliest of the call's ``phase-opened`` messages, and any
timeline event of the plan of kind "consultation" or "other" (how staff record an announcement,
e.g. "Call for input announced") dated before the call opens. At least 14 days before the call's
first day is met; the automatic announcement alone never is, and the page says so.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core import clock
from core.i18n import localized_value
from ideas.models import Idea
from notifications.models import Message
from plans.models import ActionPlan, Event, Phase
from publication import documents
from publication.documents import DocumentRow
from publication.models import VersionDocument
from sessions.models import Session
from stakeholders.models import Meeting
from stakeholders.selectors import MEETINGS_PER_YEAR, add_months, rhythm

NOTICE_DAYS = 14
UPDATES_PER_YEAR = 2  # days with a new public document in the repository
# Timeline events that may record an announcement (the other kinds are meetings of the government).
NOTICE_EVENT_KINDS = (Event.Kind.CONSULTATION, Event.Kind.OTHER)


@dataclass(frozen=True)
class Requirement:
    number: int
    title: str
    met: bool | None  # None: not to be judged yet
    evidence: list[tuple[str, str]]  # (label, url)
    todo: str  # what to do; empty when met
    finding: str = ""  # what the data shows, in a sentence


@dataclass(frozen=True)
class PublicDocument:
    """One public document of a plan, as the repository standard counts it."""

    title: str
    published: datetime.date
    url: str


@dataclass
class PlanData:
    meetings: list = field(default_factory=list)
    documents: list[PublicDocument] = field(default_factory=list)
    call: Phase | None = None
    notices: list[tuple[datetime.date, str, str]] = field(default_factory=list)  # (day, label, url)
    channels: dict[str, int] = field(default_factory=dict)  # public contributions by channel
    unanswered: int = 0
    sessions: int = 0
    co_creation_report: tuple[str, str] | None = None  # (label, url) once published


# --- Where the public documents come from ---------------------------------------------------------
# The document repository's registered sources (``publication.documents.SOURCES``): every public
# document of a plan, generated ones included, as the public sees them at /documents/. Each source
# costs a fixed number of queries, so the check does too. The same list object: a source that
# another module registers later is read here as well.
DOCUMENT_SOURCES: list[Callable] = documents.SOURCES


def _repository_documents(pks, today: datetime.date) -> dict[int, list[PublicDocument]]:
    """The repository's documents of the plans, published on or before ``today``. One document in
    two languages, or its page and its PDF... are the repository's rows; the requirement counts the
    days on which something was published (``repository``), and the evidence lists each document
    page once (the row in the active language where there are two)."""
    plans = ActionPlan.objects.public().filter(pk__in=pks)
    language = (get_language() or "nl")[:2]
    chosen: dict[tuple, DocumentRow] = {}
    for source in DOCUMENT_SOURCES:
        for row in source(plans):
            if row.published_on > today:
                continue
            key = (row.plan.pk, row.published_on, row.url)
            if key not in chosen or (row.language == language and chosen[key].language != language):
                chosen[key] = row
    found = defaultdict(list)
    for row in sorted(chosen.values(), key=lambda r: (r.published_on, r.key)):
        found[row.plan.pk].append(PublicDocument(row.title, row.published_on, row.url))
    return found


def _co_creation_reports(pks, today: datetime.date) -> dict[int, tuple[str, str]]:
    """The co-creation report published with the newest version of each plan (a version whose
    publication date has come), as ``(label, url)``: the link leads to the report's published page
    (``publication_versions:report``) in the active language where the version has it. One query."""
    language = (get_language() or "nl")[:2]
    reports = (
        VersionDocument.objects.filter(
            kind=VersionDocument.Kind.COCREATION_REPORT,
            version__plan__in=pks,
            version__plan__status=ActionPlan.Status.PUBLIC,
            version__published_on__lte=today,
        )
        .select_related("version__plan")
        .defer("html")
        .order_by("version__published_on", "version__number", "pk")
    )
    newest: dict[int, VersionDocument] = {}
    for report in reports:
        plan_id = report.version.plan_id
        current = newest.get(plan_id)
        if current is None or current.version_id != report.version_id or report.language == language:
            newest[plan_id] = report
    found = {}
    for plan_id, report in newest.items():
        version = report.version
        label = _("Co-creation report (%(version)s), published %(day)s") % {
            "version": localized_value(version, "label"),
            "day": _day(version.published_on),
        }
        url = reverse(
            "publication_versions:report",
            kwargs={"slug": version.plan.slug, "number": version.number, "lang": report.language},
        )
        found[plan_id] = (label, url)
    return found


# The timeline evidence links the plan page, where the public sees it (and every staff member may
# open it; the timeline's edit pages are for process owners only).

# --- Loading ------------------------------------------------------------------------------------


def load(plans: list[ActionPlan], today: datetime.date | None = None) -> dict[int, PlanData]:
    """Everything the check reads for ``plans`` as on ``today``, in a fixed number of queries: seven
    of its own, and what the repository's sources cost (``publication.documents``)."""
    today = today or clock.today()
    data = {plan.pk: PlanData() for plan in plans}
    pks = list(data)
    if not pks:
        return data
    by_pk = {plan.pk: plan for plan in plans}
    for meeting in Meeting.objects.filter(plan__in=pks).order_by("starts_at", "pk"):
        meeting.plan = by_pk[meeting.plan_id]  # their addresses name the plan: no query per meeting
        data[meeting.plan_id].meetings.append(meeting)
    for pk, found in _repository_documents(pks, today).items():
        data[pk].documents += found
    for phase in Phase.objects.filter(plan__in=pks, kind=Phase.Kind.CALL_FOR_INPUT):
        data[phase.plan_id].call = phase
    calls = [item.call for item in data.values() if item.call]
    if calls:
        announced = Q()
        for call in calls:
            announced |= Q(plan=call.plan_id, key__startswith=f"phase-opened:{call.pk}:")
        first = Message.objects.filter(announced, kind="phase-opened").values("plan").annotate(first=Min("created_at"))
        for row in first:
            day = clock.localdate(row["first"])
            call = data[row["plan"]].call
            # The outbox in the admin, searched for this call's announcements.
            url = reverse("admin:notifications_message_changelist") + "?" + urlencode({"q": f"phase-opened:{call.pk}:"})
            data[row["plan"]].notices.append(
                (day, _("Announcement of the call for input to the plan's followers"), url)
            )
    for event in Event.objects.filter(plan__in=pks, kind__in=NOTICE_EVENT_KINDS).select_related("plan"):
        day = clock.localdate(event.starts_at)
        data[event.plan_id].notices.append((day, event.localized("title"), event.plan.get_absolute_url()))
    rows = (
        Idea.objects.public()
        .filter(plan__in=pks)
        .values("plan", "channel")
        .annotate(
            n=Count("pk"),
            unanswered=Count("pk", filter=Q(status=Idea.Status.PUBLISHED) & (Q(outcome="") | Q(response=""))),
        )
    )
    for row in rows:
        data[row["plan"]].channels[row["channel"]] = row["n"]
        data[row["plan"]].unanswered += row["unanswered"]
    sessions = (
        Session.objects.filter(plan__in=pks)
        .exclude(status=Session.Status.CANCELLED)
        .values("plan")
        .annotate(n=Count("pk"))
    )
    for row in sessions:
        data[row["plan"]].sessions = row["n"]
    for pk, report in _co_creation_reports(pks, today).items():
        data[pk].co_creation_report = report
    return data


# --- The requirements ---------------------------------------------------------------------------


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def term_years(plan, today: datetime.date) -> list[tuple[datetime.date, datetime.date, bool]]:
    """The plan's term in years from its first day, as far as it has started on ``today``:
    ``(first day, last day, complete)``."""
    years = []
    start = plan.term_start
    while start <= min(today, plan.term_end):
        end = min(add_months(start, 12) - datetime.timedelta(days=1), plan.term_end)
        years.append((start, end, end < today))
        start = end + datetime.timedelta(days=1)
    return years


def forum_rhythm(plan, data: PlanData, today: datetime.date) -> Requirement:
    title = _("1. The forum meets at least every six months")
    state = rhythm(plan, data.meetings, today)
    forum = reverse("stakeholders:staff_plan", kwargs={"slug": plan.slug})
    evidence = [(_("Meeting rhythm of the forum"), forum)]
    if state.last:
        evidence.append(
            (
                _("Last meeting: %(title)s, %(day)s")
                % {"title": state.last.title, "day": _day(clock.localdate(state.last.starts_at))},
                state.last.get_absolute_url(),
            )
        )
    if state.next:
        evidence.append(
            (
                _("Next meeting: %(title)s, %(day)s")
                % {"title": state.next.title, "day": _day(clock.localdate(state.next.starts_at))},
                state.next.get_absolute_url(),
            )
        )
    if state.last is None:
        return Requirement(
            1,
            title,
            False,
            evidence,
            _("Set up the forum and hold its first meeting."),
            _("The forum has not met yet."),
        )
    late = today > state.due
    unplanned = state.next is None or clock.localdate(state.next.starts_at) > state.due
    if late or unplanned:
        finding = (
            _("More than six months have passed since the last meeting.")
            if late
            else _("No meeting is planned before the date it is due.")
        )
        todo = (
            _("Plan the next forum meeting on or before %(day)s.") % {"day": _day(state.due)}
            if not late
            else _("Plan a forum meeting as soon as possible.")
        )
        return Requirement(1, title, False, evidence, todo, finding)
    return Requirement(
        1, title, True, evidence, "", _("The next meeting is planned before %(day)s.") % {"day": _day(state.due)}
    )


def repository(plan, data: PlanData, today: datetime.date) -> Requirement:
    # The standard asks for a repository updated at least twice a year. One publication is often
    # several rows of the repository (minutes in two languages, a meeting's documents, a version's
    # plan and report as pages and PDFs), so what counts is the days on which something was published.
    title = _("2. The repository is up to date: updated at least twice a year during the term")
    evidence = [(f"{_day(d.published)}: {d.title}", d.url) for d in data.documents]
    days = {d.published for d in data.documents}
    years = term_years(plan, today)
    if not years:
        return Requirement(
            2, title, None, evidence, "", _("The term has not started yet (%(day)s).") % {"day": _day(plan.term_start)}
        )
    short = []
    for first, last, complete in years:
        n = sum(1 for day in days if first <= day <= last)
        if n < UPDATES_PER_YEAR and (complete or add_months(first, 6) <= today and n < 1):
            short.append((first, last, n))
    if not short:
        n = sum(1 for day in days if day >= plan.term_start)
        finding = ngettext(
            "New public documents on %(n)d day during the term.",
            "New public documents on %(n)d days during the term.",
            n,
        )
        return Requirement(2, title, True, evidence, "", finding % {"n": n})
    finding = " ".join(
        ngettext(
            "%(first)s – %(last)s: new public documents on %(n)d day.",
            "%(first)s – %(last)s: new public documents on %(n)d days.",
            n,
        )
        % {"first": _day(first), "last": _day(last), "n": n}
        for first, last, n in short
    )
    todo = _(
        "Publish at least two documents a year (session reports, forum minutes and documents): at least one every six months."
    )
    return Requirement(2, title, False, evidence, todo, finding)


def notice_and_channels(plan, data: PlanData, today: datetime.date) -> Requirement:
    title = _("3. Advance notice of at least two weeks before the call for input opens, and channels for input")
    call = data.call
    if call is None:
        todo = _("Add the call for input to the plan's timeline, and announce it at least two weeks before it opens.")
        return Requirement(
            3,
            title,
            False,
            [(_("Timeline of the plan"), plan.get_absolute_url())],
            todo,
            _("The plan has no call for input on its timeline."),
        )
    notices = sorted((n for n in data.notices if n[0] <= call.starts_on), key=lambda n: n[0])
    evidence = [
        (
            _("Call for input: %(first)s – %(last)s") % {"first": _day(call.starts_on), "last": _day(call.ends_on)},
            plan.get_absolute_url(),
        )
    ]
    evidence += [(f"{_day(day)}: {label}", url) for day, label, url in notices]
    online = data.channels.get(Idea.Channel.ONLINE, 0)
    other = sum(n for channel, n in data.channels.items() if channel != Idea.Channel.ONLINE)
    evidence.append(
        (
            ngettext("%(n)d public contribution online", "%(n)d public contributions online", online) % {"n": online},
            reverse("ideas:list"),
        )
    )
    evidence.append(
        (
            ngettext(
                "%(n)d public contribution through sessions and email",
                "%(n)d public contributions through sessions and email",
                other,
            )
            % {"n": other},
            reverse("ideas:queue"),
        )
    )
    evidence.append(
        (
            ngettext("%(n)d co-creation session", "%(n)d co-creation sessions", data.sessions) % {"n": data.sessions},
            reverse("sessions:list"),
        )
    )
    days = (call.starts_on - notices[0][0]).days if notices else None
    notice_ok = days is not None and days >= NOTICE_DAYS
    opened = call.starts_on <= today
    channels_ok = data.sessions > 0 or other > 0
    problems, todos = [], []
    if not notice_ok:
        if days is None:
            problems.append(_("No announcement before the call opens is on record."))
        else:
            problems.append(
                ngettext(
                    "The call for input was announced %(n)d day before it opened.",
                    "The call for input was announced %(n)d days before it opened.",
                    days,
                )
                % {"n": days}
            )
        todos.append(
            _(
                "Announce the call for input at least two weeks before %(day)s and record it as an event (kind “Other”) on the timeline: the automatic announcement to followers goes out only on the day it opens."
            )
            % {"day": _day(call.starts_on)}
        )
    if not channels_ok:
        problems.append(
            _("Input came in online only: no co-creation session and no contribution entered from another channel.")
        )
        todos.append(
            _(
                "Offer other ways to take part: a co-creation session, and contributions received by email entered by staff."
            )
        )
    if not opened and not problems:
        return Requirement(
            3, title, None, evidence, "", _("The call for input opens on %(day)s.") % {"day": _day(call.starts_on)}
        )
    if not opened and days is None:
        # Still time to announce it: not failed, but due.
        return Requirement(
            3,
            title,
            None,
            evidence,
            " ".join(todos),
            _("The call for input opens on %(day)s; no announcement is on record yet.") % {"day": _day(call.starts_on)},
        )
    if problems:
        return Requirement(3, title, False, evidence, " ".join(todos), " ".join(problems))
    finding = ngettext(
        "Announced %(n)d day before the call opened; input online and through other channels.",
        "Announced %(n)d days before the call opened; input online and through other channels.",
        days,
    ) % {"n": days}
    return Requirement(3, title, True, evidence, "", finding)


def responses_and_report(plan, data: PlanData, today: datetime.date) -> Requirement:
    title = _("4. A reasoned response to every contribution, and a published co-creation report")
    evidence = [
        (
            ngettext(
                "%(n)d public contribution without a reasoned response",
                "%(n)d public contributions without a reasoned response",
                data.unanswered,
            )
            % {"n": data.unanswered},
            reverse("ideas:answers"),
        )
    ]
    if data.co_creation_report:
        evidence.append(data.co_creation_report)
        # Every version's report, in both languages with their PDFs, where the public finds them.
        query = urlencode({"plan": plan.slug, "kind": documents.Kind.COCREATION_REPORT})
        evidence.append(
            (
                _("The plan's co-creation reports in the document repository"),
                f"{reverse('publication_documents:list')}?{query}",
            )
        )
    language = (get_language() or "nl")[:2]
    evidence.append(
        (
            _("Preview of the co-creation report as it stands today"),
            reverse("publication_report:preview", kwargs={"slug": plan.slug, "language": language}),
        )
    )
    problems, todos = [], []
    if data.unanswered:
        problems.append(
            ngettext(
                "%(n)d public contribution has no outcome with a reasoned answer.",
                "%(n)d public contributions have no outcome with a reasoned answer.",
                data.unanswered,
            )
            % {"n": data.unanswered}
        )
        todos.append(_("Give every public contribution its outcome and a reasoned public answer."))
    if not data.co_creation_report:
        problems.append(_("No co-creation report published yet."))
        todos.append(_("Publish the co-creation report (what we heard, what we did, and why) with the plan."))
    if problems:
        return Requirement(4, title, False, evidence, " ".join(todos), " ".join(problems))
    return Requirement(
        4,
        title,
        True,
        evidence,
        "",
        _("Every public contribution has a reasoned response, and the co-creation report is published."),
    )


def implementation_meetings(plan, data: PlanData, today: datetime.date) -> Requirement:
    title = _("5. The forum meets during implementation, at least twice a year")
    years = term_years(plan, today)
    evidence = [(_("Meeting rhythm of the forum"), reverse("stakeholders:staff_plan", kwargs={"slug": plan.slug}))]
    evidence += [
        (f"{_day(clock.localdate(m.starts_at))}: {m.title}", m.get_absolute_url())
        for m in data.meetings
        if plan.term_start <= clock.localdate(m.starts_at) <= plan.term_end
    ]
    if not years:
        return Requirement(
            5, title, None, evidence, "", _("Implementation starts on %(day)s.") % {"day": _day(plan.term_start)}
        )
    short = []
    for first, last, _complete in years:
        # Meetings held or planned in the year: a year still running counts its planned meetings.
        n = sum(1 for m in data.meetings if first <= clock.localdate(m.starts_at) <= last)
        if n < MEETINGS_PER_YEAR:
            short.append((first, last, n))
    if not short:
        return Requirement(
            5, title, True, evidence, "", _("At least two meetings held or planned in every year of the term.")
        )
    finding = " ".join(
        ngettext("%(first)s – %(last)s: %(n)d meeting.", "%(first)s – %(last)s: %(n)d meetings.", n)
        % {"first": _day(first), "last": _day(last), "n": n}
        for first, last, n in short
    )
    todo = _("Plan at least two forum meetings in every year of implementation.")
    return Requirement(5, title, False, evidence, todo, finding)


REQUIREMENTS = [forum_rhythm, repository, notice_and_channels, responses_and_report, implementation_meetings]


def evaluate_plans(plans: list[ActionPlan], *, today: datetime.date | None = None) -> dict[int, list[Requirement]]:
    today = today or clock.today()
    data = load(plans, today)
    return {plan.pk: [requirement(plan, data[plan.pk], today) for requirement in REQUIREMENTS] for plan in plans}


def evaluate(plan: ActionPlan, *, today: datetime.date | None = None) -> list[Requirement]:
    return evaluate_plans([plan], today=today)[plan.pk]


def unmet(requirements: list[Requirement]) -> int:
    return sum(1 for r in requirements if r.met is False)


def plan_title(plan) -> str:
    return localized_value(plan, "title")
