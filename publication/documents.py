"""The document repository (OGP Standard 2): every public document of every plan in one place.

Each source is a function that returns ``DocumentRow``s, registered with ``@source``. The sources
below read the public querysets of the apps under publication (sessions, the forum) and of the
uploads (``publication.Document``); the plan document, the co-creation report and the progress
reports register their own sources from their modules the same way, so the repository lists them
without this module knowing them. Every source costs a fixed number of queries, whatever the number
of documents, so the page and the feed do too.
"""

import dataclasses
import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import clock
from core.i18n import localized_value
from plans.models import ActionPlan


class Kind:
    """The kinds of document, in the order the filter lists them. Sources of other parts use these
    keys (``plan_version``, ``cocreation_report``, ``progress_report``, ``self_assessment``)."""

    PLAN_VERSION = "plan_version"
    COCREATION_REPORT = "cocreation_report"
    SESSION_REPORT = "session_report"
    FORUM_MINUTES = "forum_minutes"
    MEETING_DOCUMENT = "meeting_document"
    PROGRESS_REPORT = "progress_report"
    SELF_ASSESSMENT = "self_assessment"
    IRM_REPORT = "irm_report"
    OTHER = "other"

    choices = [
        (PLAN_VERSION, _("Plan version")),
        (COCREATION_REPORT, _("Co-creation report")),
        (SESSION_REPORT, _("Session report")),
        (FORUM_MINUTES, _("Forum minutes")),
        (MEETING_DOCUMENT, _("Forum meeting document")),
        (PROGRESS_REPORT, _("Progress report")),
        (SELF_ASSESSMENT, _("End-of-term self-assessment")),
        (IRM_REPORT, _("IRM report")),
        (OTHER, _("Other document")),
    ]
    labels = dict(choices)


@dataclasses.dataclass(frozen=True)
class DocumentRow:
    """One document as the repository shows it. ``key`` is unique and stable across requests (the
    feed's entry id); ``url`` leads to the document or the page that holds it."""

    key: str
    plan: ActionPlan
    kind: str
    title: str
    language: str
    published_on: datetime.date
    url: str
    format: str = ""  # "PDF", "HTML"...

    @property
    def kind_label(self):
        return Kind.labels.get(self.kind, self.kind)

    @property
    def language_label(self):
        return dict(settings.LANGUAGES).get(self.language, self.language)


# A source: ``source(plans)`` with ``plans`` the public plans (a queryset) → rows of those plans
# that are public at ``clock.now()``.
SOURCES: list = []


def source(function):
    """Register a source of documents (a decorator); registering the same function twice is a no-op."""
    if function not in SOURCES:
        SOURCES.append(function)
    return function


def document_rows(*, plan=None, kind="", language="", date_from=None, date_to=None) -> list[DocumentRow]:
    """Every public document, newest first, filtered. Draft plans never reach a source."""
    plans = ActionPlan.objects.public()
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    today = clock.today()
    rows = []
    for function in SOURCES:
        rows.extend(function(plans))
    rows = [r for r in rows if r.published_on <= today]
    if kind:
        rows = [r for r in rows if r.kind == kind]
    if language:
        rows = [r for r in rows if r.language == language]
    if date_from:
        rows = [r for r in rows if r.published_on >= date_from]
    if date_to:
        rows = [r for r in rows if r.published_on <= date_to]
    rows.sort(key=lambda r: (r.published_on, r.key), reverse=True)
    return rows


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].upper() if "." in name else ""


# --- The sources of the apps below publication ----------------------------------------------------


@source
def uploaded_documents(plans):
    from publication.models import Document

    for document in Document.objects.filter(plan__in=plans).select_related("plan"):
        yield DocumentRow(
            key=f"document-{document.pk}",
            plan=document.plan,
            kind=document.kind,
            title=str(document),
            language=document.language,
            published_on=document.published_on,
            url=document.get_absolute_url(),
            format=_extension(document.file.name),
        )


@source
def session_reports(plans):
    """Published reports of public sessions, and their attachments (public with the report)."""
    from sessions.models import Session, SessionAttachment, SessionReport

    sessions = Session.objects.public().filter(plan__in=plans)
    now = clock.now()
    reports = SessionReport.objects.filter(
        session__in=sessions, published_at__isnull=False, published_at__lte=now
    ).select_related("session__plan")
    for report in reports:
        session = report.session
        yield DocumentRow(
            key=f"session-report-{report.pk}",
            plan=session.plan,
            kind=Kind.SESSION_REPORT,
            title=str(_("Report: %(session)s") % {"session": session.title}),
            language=session.language,
            published_on=clock.localdate(report.published_at),
            url=session.get_absolute_url(),
            format="HTML",
        )
    attachments = SessionAttachment.objects.filter(
        report__session__in=sessions, report__published_at__isnull=False, report__published_at__lte=now
    ).select_related("report__session__plan")
    for item in attachments:
        if getattr(item, "is_image", False):
            continue  # photos belong on the report's page, not in a list of documents
        session = item.report.session
        yield DocumentRow(
            key=f"session-attachment-{item.pk}",
            plan=session.plan,
            kind=Kind.SESSION_REPORT,
            title=f"{item.title} ({session.title})",
            language=session.language,
            published_on=clock.localdate(item.report.published_at),
            url=reverse("sessions:attachment", kwargs={"slug": session.slug, "pk": item.pk}),
            format=_extension(item.file.name),
        )


@source
def forum_documents(plans):
    """Published minutes of forum meetings (one row per language written) and the meetings'
    documents, which are public with the minutes."""
    from stakeholders.models import Meeting, MeetingDocument

    now = clock.now()
    meetings = Meeting.objects.filter(plan__in=plans, minutes_published_at__isnull=False, minutes_published_at__lte=now)
    for meeting in meetings.select_related("plan"):
        for language in ("nl", "en"):
            if not getattr(meeting, f"minutes_{language}").strip():
                continue
            title = localized_value(meeting, "title", language)
            yield DocumentRow(
                key=f"forum-minutes-{meeting.pk}-{language}",
                plan=meeting.plan,
                kind=Kind.FORUM_MINUTES,
                title=str(_("Minutes: %(meeting)s") % {"meeting": title}),
                language=language,
                published_on=clock.localdate(meeting.minutes_published_at),
                url=meeting.get_absolute_url(),
                format="HTML",
            )
    documents = MeetingDocument.objects.filter(meeting__in=meetings).select_related("meeting__plan")
    for document in documents:
        meeting = document.meeting
        yield DocumentRow(
            key=f"forum-document-{document.pk}",
            plan=meeting.plan,
            kind=Kind.MEETING_DOCUMENT,
            title=document.title,
            # A meeting document records no language of its own: the forum meets in Dutch.
            language="nl",
            published_on=clock.localdate(meeting.minutes_published_at),
            url=reverse(
                "stakeholders:meeting_document",
                kwargs={"slug": meeting.plan.slug, "pk": meeting.pk, "doc": document.pk},
            ),
            format=_extension(document.file.name),
        )
