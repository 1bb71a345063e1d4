"""One object of each kind the platform's pages are about, and one person per role.

Built once for all security tests (see ``conftest.py``) with the factories the other tests use. The
security tests take every object they put into a web address from here: a page whose address
holds something the world has no entry for fails the walk with a message naming the entry to add.

``audience`` says who, besides staff (moderators and process owners), may see an object:
``PUBLIC`` for everyone, otherwise the roles that may. The walk checks it independently of the
rules: a role outside the audience reaching any page of a private object is a failure even when
the view and its rule agree.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from core import clock
from plans.models import ActionPlan, Phase

PUBLIC = None
STAFF_ROLES = ("moderator", "process_owner")
ROLES = (
    "anonymous",
    "participant",  # A: author of the contributions, registered for the session
    "other_participant",  # B: signed in, no relation to A's things
    "action_holder",  # member of organisation X, which leads the commitments
    "other_action_holder",  # member of organisation Y, action holder of the same plan
    "forum_member",
    "moderator",
    "process_owner",
)
DAY = datetime.timedelta(days=1)
STAFF_ONLY = frozenset()
AUTHOR = frozenset({"participant"})
LEAD = frozenset({"action_holder"})
LEAD_AND_FORUM = frozenset({"action_holder", "forum_member"})
FORUM = frozenset({"forum_member"})


@dataclass
class Case:
    """One way to fill a web address's parameters, and who may see what it points at."""

    label: str
    kwargs: dict
    audience: frozenset | None = PUBLIC
    method: str = ""  # "" = GET, and POST when GET answers 405
    data: dict = field(default_factory=dict)


@dataclass
class World:
    people: dict
    plan: ActionPlan
    draft_plan: ActionPlan
    objects: dict  # name -> model instance
    secrets: list = field(default_factory=list)  # (text, audience, what it is)

    def user(self, role) -> User | None:
        """A fresh copy: rules cache things on the user object."""
        person = self.people[role]
        return None if person is None else User.objects.get(pk=person.pk)

    def __getitem__(self, name):
        return self.objects[name]


def _give_totp(user):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def build_world() -> World:
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from commitments.content import snapshot_of
    from commitments.models import Commitment, CommitmentVersion, StatusChange
    from ideas.models import Idea, Report
    from notifications.models import Message
    from notifications.services import preferences_for
    from sessions.models import Registration, SessionAttachment, SessionInvitation, SessionReport
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import (
        ActionPlanFactory,
        EventFactory,
        ForumMemberFactory,
        MembershipFactory,
        OrganisationFactory,
        PhaseFactory,
        ThemeFactory,
        UserFactory,
    )
    from tests.ideas.factories import BuildingBlockFactory, IdeaFactory
    from tests.sessions.factories import RegistrationFactory, SessionFactory

    today = clock.today()
    plan = ActionPlanFactory(number=41, slug="actieplan-41")
    # Everything is open at once: the call for input, drafting and the forum review.
    for kind, start, end in (
        (Phase.Kind.CALL_FOR_INPUT, -10, 10),
        (Phase.Kind.DRAFTING, -20, 20),
        (Phase.Kind.FORUM_REVIEW, -5, 10),
        (Phase.Kind.PUBLICATION, 30, 60),
    ):
        PhaseFactory(plan=plan, kind=kind, starts_on=today + start * DAY, ends_on=today + end * DAY)
    EventFactory(plan=plan)
    draft_plan = ActionPlanFactory(
        number=42, slug="actieplan-42-concept", status=ActionPlan.Status.DRAFT, title_nl="GEHEIM-plan-concept",
        title_en="GEHEIM-plan-concept",
    )  # fmt: skip
    # Its timeline is still to come, so that staff pages working on "the current plan" use the public one.
    PhaseFactory(plan=draft_plan, kind=Phase.Kind.DRAFTING, starts_on=today + 100 * DAY, ends_on=today + 200 * DAY)

    org_x = OrganisationFactory(name="Organisatie X")
    org_y = OrganisationFactory(name="Organisatie Y")
    plan.action_holders.add(org_x, org_y)
    draft_plan.action_holders.add(org_x)
    # Email addresses are personal data: each must reach only its owner and staff.
    people = {
        "anonymous": None,
        "participant": UserFactory(name="Deelnemer A", email="geheim-a@example.org"),
        "other_participant": UserFactory(name="Deelnemer B", email="geheim-b@example.org"),
        "action_holder": MembershipFactory(organisation=org_x, user__email="geheim-x@example.org").user,
        "other_action_holder": MembershipFactory(organisation=org_y, user__email="geheim-y@example.org").user,
        # Without consent to show their name: the public sees the forum's sectors, not who sits there.
        "forum_member": ForumMemberFactory(
            plan=plan, user__email="geheim-forum@example.org", user__name="GEHEIM-forumlid"
        ).user,
        "moderator": _give_totp(UserFactory(role="moderator", email="geheim-moderator@example.org")),
        "process_owner": _give_totp(UserFactory(role="process_owner", email="geheim-eigenaar@example.org")),
    }
    a, b = people["participant"], people["other_participant"]
    theme = ThemeFactory(slug="open-data", name_nl="Open data", name_en="Open data")

    o = {"theme": theme, "org_x": org_x, "org_y": org_y}
    # Contributions of participant A in every state, one of B, one in the draft plan.
    o["idea_published"] = IdeaFactory(plan=plan, author=a, themes=[theme])
    o["idea_new"] = IdeaFactory(
        plan=plan, author=a, status=Idea.Status.NEW, published_at=None, themes=[theme], title="GEHEIM-idee-nieuw",
        text="GEHEIM-tekst-nieuw",
    )  # fmt: skip
    o["idea_rejected"] = IdeaFactory(
        plan=plan, author=a, status=Idea.Status.REJECTED, published_at=None, moderated_at=timezone.now(),
        rejection_reason=Idea.RejectionReason.OFF_TOPIC, rejection_text="GEHEIM-afwijzing", themes=[theme],
        title="GEHEIM-idee-afgewezen",
    )  # fmt: skip
    o["idea_withdrawn"] = IdeaFactory(
        plan=plan, author=a, status=Idea.Status.WITHDRAWN, published_at=None, themes=[theme],
        title="GEHEIM-idee-ingetrokken",
    )  # fmt: skip
    o["idea_of_b"] = IdeaFactory(plan=plan, author=b, themes=[theme])
    o["idea_draft_plan"] = IdeaFactory(plan=draft_plan, author=a, themes=[theme], title="GEHEIM-idee-conceptplan")
    Report.objects.create(idea=o["idea_of_b"], reporter=a, reason=Report.Reason.OTHER, text="GEHEIM-melding")

    o["block"] = BuildingBlockFactory(plan=plan)
    o["block_draft_plan"] = BuildingBlockFactory(
        plan=draft_plan, title_nl="GEHEIM-bouwsteen-conceptplan", title_en="GEHEIM-bouwsteen-conceptplan"
    )

    # Sessions: A registered for the public one, which has a published report with an attachment;
    # another session's report is not published yet.
    o["session"] = SessionFactory(plan=plan, slug="sessie-open")
    o["session_draft_plan"] = SessionFactory(plan=draft_plan, slug="sessie-concept", title="GEHEIM-sessie-conceptplan")
    o["session_unpublished_report"] = SessionFactory(plan=plan, slug="sessie-verslag-concept")
    o["registration"] = RegistrationFactory(
        session=o["session"], person=a, accessibility_needs="GEHEIM-toegankelijkheid", dietary_wishes="GEHEIM-dieet"
    )
    RegistrationFactory(session=o["session_unpublished_report"], person=a)
    report = SessionReport.objects.create(session=o["session"], summary="Verslag.", published_at=timezone.now())
    o["attachment"] = SessionAttachment.objects.create(
        report=report, file=ContentFile(b"verslag", name="verslag.txt"), title="Verslag"
    )
    hidden_report = SessionReport.objects.create(session=o["session_unpublished_report"], summary="GEHEIM-verslag")
    o["attachment_unpublished"] = SessionAttachment.objects.create(
        report=hidden_report, file=ContentFile(b"concept", name="concept.txt"), title="GEHEIM-bijlage"
    )
    SessionInvitation.objects.create(
        session=o["session"], email=b.email, person=b, group=SessionInvitation.Group.ADDRESSES
    )

    # Commitments of organisation X in every status, and a published one in the draft plan.
    for status in ("draft", "ready", "in_review", "revised", "final", "published"):
        title = "Gepubliceerde verbintenis" if status == "published" else f"GEHEIM-verbintenis-{status}"
        o[f"commitment_{status}"] = CommitmentFactory(
            plan=plan, lead_organisation=org_x, status=status, complete=True, title_nl=title, title_en=title
        )
    # A colleague at X without a name saved a version and moved one to review: where people's names
    # are shown, theirs must not become their email address for anyone but colleagues and staff.
    nameless = MembershipFactory(organisation=org_x, user__name="", user__email="geheim-naamloos@example.org").user
    reviewed = o["commitment_in_review"]
    CommitmentVersion.objects.create(
        commitment=reviewed, number=2, author=nameless, snapshot=snapshot_of(reviewed), changed_fields=["title_en"]
    )
    Commitment.objects.filter(pk=reviewed.pk).update(version=2)
    StatusChange.objects.create(commitment=reviewed, from_status="ready", to_status="in_review", actor=nameless)
    o["commitment_draft_plan"] = CommitmentFactory(
        plan=draft_plan, lead_organisation=org_x, status="published", complete=True, sequence=1,
        title_nl="GEHEIM-verbintenis-conceptplan", title_en="GEHEIM-verbintenis-conceptplan",
    )  # fmt: skip

    o.update(_forum(plan, people, today))
    o.update(_reporting_rounds(plan, draft_plan, people, o, today))
    o.update(_progress(o, people))
    o.update(_documents(plan, draft_plan, today))
    o.update(_self_assessments(plan, draft_plan, today))
    o.update(_versions(plan, draft_plan, today))
    o.update(_refresh(plan, o, org_x, today))

    # One row of every other model the admin shows.
    preferences_for(a)
    Message.objects.create(
        key="security-walk:1", kind="test", category=Message.Category.TRANSACTIONAL, recipient=a, to_email=a.email,
        subject="Onderwerp", body_text="Tekst",
    )  # fmt: skip
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    CrontabSchedule.objects.create()
    SolarSchedule.objects.create(event="sunrise", latitude=52.09, longitude=5.12)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(name="security walk", task="notifications.tasks.sweep", interval=interval)
    assert Registration.objects.filter(person=a).count() == 2
    return World(people=people, plan=plan, draft_plan=draft_plan, objects=o, secrets=_secrets(people))


def _documents(plan, draft_plan, today):
    """Uploaded documents of the repository: a public one, one whose date is still to come, and
    one of a plan that is not public."""
    from publication.models import Document

    def document(title, **kwargs):
        return Document.objects.create(
            **{"plan": plan, "title_nl": title, "title_en": title, "language": "nl", "published_on": today - DAY,
               "file": ContentFile(b"%PDF-1.4 wereld", name="stuk.pdf"), **kwargs}
        )  # fmt: skip

    return {
        "document": document("Openbaar document"),
        "document_later": document("GEHEIM-document-later", published_on=today + 10 * DAY),
        "document_draft_plan": document("GEHEIM-document-conceptplan", plan=draft_plan),
    }


def _self_assessments(plan, draft_plan, today):
    """Published self-assessments with their PDFs: a public one, one whose date is still to come,
    and one of a plan that is not public."""
    from implementation.models import SelfAssessment

    def assessment(title, **kwargs):
        made = SelfAssessment.objects.create(
            **{"plan": plan, "title": title, "language": "en", "html": f"<h1>{title}</h1>", "published_on": today - DAY,
               "pdf_status": SelfAssessment.PdfStatus.DONE, **kwargs}
        )  # fmt: skip
        made.pdf.save("zelfevaluatie.pdf", ContentFile(b"%PDF-1.4 zelfevaluatie"))
        return made

    return {
        "self_assessment": assessment("Zelfevaluatie"),
        "self_assessment_later": assessment("GEHEIM-zelfevaluatie-later", published_on=today + 10 * DAY),
        "self_assessment_draft_plan": assessment("GEHEIM-zelfevaluatie-conceptplan", plan=draft_plan),
    }


def _versions(plan, draft_plan, today):
    """Published versions: one out, one dated ahead (staff only until its day), one of a plan that is
    not public. Each with its documents, their PDFs made."""
    from publication.models import PlanVersion, VersionDocument

    def version(plan, number, label, published_on):
        made = PlanVersion.objects.create(
            plan=plan, number=number, language="en", label_nl=label, label_en=label, published_on=published_on
        )
        for kind, language in (("plan", "en"), ("cocreation_report", "nl"), ("cocreation_report", "en")):
            VersionDocument.objects.create(
                version=made,
                kind=kind,
                language=language,
                title=label,
                html=f"<h1>{label}</h1>",
                pdf=ContentFile(b"%PDF-1.7 wereld", name="document.pdf"),
                sha256="0" * 64,
                pdf_status="done",
            )
        return made

    return {
        "version": version(plan, 1, "Gepubliceerde versie", today - DAY),
        "version_later": version(plan, 2, "GEHEIM-versie-later", today + 10 * DAY),
        "version_draft_plan": version(draft_plan, 1, "GEHEIM-versie-conceptplan", today - DAY),
    }


def _progress(o, people):
    """Progress reports on the published commitment of organisation X: one waiting for a check
    and one sent back (for X and staff only), one accepted (public); each with a document; and a
    milestone of a commitment that is not published (no reports there)."""
    from django.core.files.base import ContentFile

    from implementation.models import Evidence, ProgressReport

    milestone = o["commitment_published"].milestones.get()
    author = people["action_holder"]

    def report(review, text, **kwargs):
        made = ProgressReport.objects.create(
            milestone=milestone, completion="limited", explanation_nl=text, explanation_en=text, review=review,
            reported_on=clock.today() - 5 * DAY, author=author, **kwargs,
        )  # fmt: skip
        evidence = Evidence.objects.create(
            report=made, title=f"{text}-bewijs", file=ContentFile(b"%PDF-1.4 bewijs", name="bewijs.pdf")
        )
        return made, evidence

    submitted, submitted_evidence = report("submitted", "GEHEIM-voortgang-ingediend")
    returned, _evidence = report("returned", "GEHEIM-voortgang-teruggestuurd", return_reason="GEHEIM-reden-terug")
    accepted, accepted_evidence = report("accepted", "Geaccepteerde voortgang")
    return {
        "milestone_published": milestone,
        "milestone_final": o["commitment_final"].milestones.get(),
        "progress_submitted": submitted,
        "progress_returned": returned,
        "progress_accepted": accepted,
        "evidence_submitted": submitted_evidence,
        "evidence_accepted": accepted_evidence,
    }


def _refresh(plan, o, org_x, today):
    """The plan's refresh (its call for input still to come, so the rest of the world is as it was)
    with an amendment in each status: a draft (lead organisation), one the forum reviews, and a
    published one."""
    from commitments.content import snapshot_of
    from implementation.models import Amendment, Refresh
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import PhaseFactory

    phase = PhaseFactory(plan=plan, kind=Phase.Kind.REFRESH, starts_on=today + 40 * DAY, ends_on=today + 60 * DAY)
    refresh = Refresh.objects.create(plan=plan, phase=phase, reason_nl="Herijking.", reason_en="Refresh.")
    amendable = CommitmentFactory(plan=plan, lead_organisation=org_x, status="published", complete=True, sequence=50)
    published = o["commitment_published"]

    def amendment(commitment, status, reason, **kwargs):
        before = snapshot_of(commitment)
        return Amendment.objects.create(
            refresh=refresh, commitment=commitment, status=status, reason_nl=reason, reason_en=reason,
            changes={"fields": {"title_en": reason}, "milestones": []}, before=before,
            after={**before, "title_en": reason}, base_version=commitment.version, **kwargs,
        )  # fmt: skip

    return {
        "refresh": refresh,
        "commitment_amendable": amendable,
        "amendment_draft": amendment(amendable, "draft", "GEHEIM-wijziging-concept"),
        "amendment_in_review": amendment(published, "in_review", "GEHEIM-wijziging-forum"),
        "amendment_published": amendment(
            published, "published", "Openbare wijziging", amended_on=today, before_version=1, after_version=2
        ),
    }


def _refreshed_plan(w):
    return [Case("public plan being refreshed", {"slug": w.plan.slug})]


def _amendments(w):
    return [
        Case("draft", {"pk": w["amendment_draft"].pk}, LEAD),
        Case("in review", {"pk": w["amendment_in_review"].pk}, LEAD_AND_FORUM),
        Case("published", {"pk": w["amendment_published"].pk}),
    ]


def _amendable(w):
    return [Case("published commitment, plan being refreshed", {"identifier": w["commitment_amendable"].identifier},
                 LEAD)]  # fmt: skip


def _forum(plan, people, today):
    """The plan's forum: seats (current, ended, in another plan), terms, meetings before and after
    their minutes are published, an open review round with a review, a remark and comments from
    the public consultation, and a closed round whose decision log is public."""
    from commitments.models import Commitment
    from stakeholders.models import CRITERION_KEYS
    from stakeholders.services import (
        consultation_comment,
        consultation_moderate,
        review_submit,
        round_close,
        round_open,
    )
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import ForumMemberFactory
    from tests.stakeholders.factories import ForumTermsFactory, MeetingDocumentFactory, MeetingFactory

    o = {"seat": people["forum_member"].forum_seats.get()}
    o["seat_ended"] = ForumMemberFactory(plan=plan, until=today - DAY, user__name="GEHEIM-oud-forumlid")
    ForumMemberFactory(user__name="GEHEIM-ander-forum")  # a seat in another plan's forum
    ForumTermsFactory(plan=plan)
    o["meeting"] = MeetingFactory(
        plan=plan, online_url="https://meet.example.org/GEHEIM-vergaderlink", minutes_nl="Concept."
    )
    o["meeting_document"] = MeetingDocumentFactory(meeting=o["meeting"], title="GEHEIM-forumstuk")
    o["meeting_published"] = MeetingFactory(
        plan=plan, starts_at=timezone.now() - 20 * DAY, ends_at=timezone.now() - 20 * DAY + DAY / 12,
        minutes_nl="Verslag.", minutes_published_at=timezone.now(),
    )  # fmt: skip
    o["meeting_published_document"] = MeetingDocumentFactory(meeting=o["meeting_published"], title="Verslagstuk")
    owner = people["process_owner"]
    org_x = people["action_holder"].memberships.get().organisation
    reviewed = CommitmentFactory(plan=plan, lead_organisation=org_x, status=Commitment.Status.READY, complete=True,
                                 title_nl="Verbintenis in forumreview", title_en="Verbintenis in forumreview")  # fmt: skip
    closed = CommitmentFactory(plan=plan, lead_organisation=org_x, status=Commitment.Status.READY, complete=True,
                               title_nl="Verbintenis met besluitenlijst", title_en="Verbintenis met besluitenlijst")  # fmt: skip
    o["round"] = round_open(plan=plan, title="Reviewronde", deadline=today + 10 * DAY, commitments=[reviewed],
                            actor=owner, public_consultation=True, reviewers={reviewed.pk: [o["seat"]]})  # fmt: skip
    o["item"] = item = o["round"].items.get()
    review = review_submit(
        item=item, reviewer=people["forum_member"],
        scores={key: {"score": 3, "explanation": "GEHEIM-toelichting"} for key in CRITERION_KEYS},
        remarks=[{"text": "GEHEIM-forumopmerking"}],
    )  # fmt: skip
    o["remark"] = review.remarks.get()
    o["comment_pending"] = consultation_comment(item=item, author=people["participant"], text="GEHEIM-reactie")
    o["comment_published"] = consultation_moderate(
        remark=consultation_comment(item=item, author=people["other_participant"], text="Gepubliceerde reactie"),
        approve=True, actor=people["moderator"],
    )  # fmt: skip
    o["round_closed"] = round_open(plan=plan, title="Gesloten ronde", deadline=today + 10 * DAY,
                                   commitments=[closed], actor=owner)  # fmt: skip
    round_close(review_round=o["round_closed"], actor=owner)
    o["item_closed"] = o["round_closed"].items.get()
    return o


def _reporting_rounds(plan, draft_plan, people, o, today):
    """A reporting round of the public plan (on the agenda of the forum's meeting, with a comment of
    the forum member on the published commitment), and one of the plan that is not public."""
    from implementation.models import ReportingRound
    from implementation.rounds import forum_comment_add, round_open

    reporting_round = round_open(
        plan=plan, title_nl="Rapportageronde", title_en="Reporting round", opens_on=today - 5 * DAY,
        deadline=today + 20 * DAY, forum_meeting=o["meeting"], actor=people["process_owner"],
    )  # fmt: skip
    forum_comment_add(reporting_round=reporting_round, author=people["forum_member"], body="Forumcommentaar",
                      commitment=o["commitment_published"])  # fmt: skip
    hidden = ReportingRound.objects.create(
        plan=draft_plan, title_nl="GEHEIM-rapportageronde-conceptplan", title_en="GEHEIM-rapportageronde-conceptplan",
        opens_on=today, deadline=today + 30 * DAY,
    )  # fmt: skip
    return {"reporting_round": reporting_round, "reporting_round_draft_plan": hidden}


def _secrets(people):
    """Texts in the world that only their audience (and staff) may see, on any page."""
    secrets = [(person.email, frozenset({role}), f"the email address of {role}")
               for role, person in people.items() if person is not None]  # fmt: skip
    return secrets + [
        ("geheim-naamloos@example.org", LEAD, "the email address of a colleague at X without a name"),
        # Its action holders work on its commitments before it is public (organisation X).
        ("GEHEIM-plan-concept", LEAD, "the title of a plan that is not public"),
        ("GEHEIM-idee-nieuw", AUTHOR, "a contribution awaiting moderation"),
        ("GEHEIM-tekst-nieuw", AUTHOR, "the text of a contribution awaiting moderation"),
        ("GEHEIM-idee-afgewezen", AUTHOR, "a rejected contribution"),
        ("GEHEIM-afwijzing", AUTHOR, "the reason a contribution was rejected"),
        ("GEHEIM-idee-ingetrokken", AUTHOR, "a withdrawn contribution"),
        ("GEHEIM-idee-conceptplan", AUTHOR, "a contribution to a plan that is not public"),
        ("GEHEIM-melding", STAFF_ONLY, "a report about a contribution"),
        ("GEHEIM-bouwsteen-conceptplan", STAFF_ONLY, "a building block of a plan that is not public"),
        ("GEHEIM-sessie-conceptplan", STAFF_ONLY, "a session of a plan that is not public"),
        ("GEHEIM-toegankelijkheid", AUTHOR, "someone's accessibility needs"),
        ("GEHEIM-dieet", AUTHOR, "someone's dietary wishes"),
        ("GEHEIM-verslag", STAFF_ONLY, "a session report that is not published"),
        ("GEHEIM-bijlage", STAFF_ONLY, "an attachment of a report that is not published"),
        ("GEHEIM-verbintenis-conceptplan", LEAD, "a commitment of a plan that is not public"),
        ("GEHEIM-wijziging-concept", LEAD, "a draft amendment of a published commitment"),
        ("GEHEIM-wijziging-forum", LEAD_AND_FORUM, "an amendment the forum reviews"),
        # The forum: a meeting's documents and online link before the minutes are published are for
        # the plan's current members; a review's remarks and explanations for the forum and the lead
        # organisation until the round closes; names of members without consent for themselves.
        ("GEHEIM-vergaderlink", FORUM, "the online link of a meeting"),
        ("GEHEIM-forumstuk", FORUM, "a meeting document before the minutes are published"),
        ("GEHEIM-forumopmerking", LEAD_AND_FORUM, "a forum member's remark in an open round"),
        ("GEHEIM-toelichting", LEAD_AND_FORUM, "a forum member's explanation of a score in an open round"),
        ("GEHEIM-forumlid", FORUM, "the name of a forum member without consent"),
        ("GEHEIM-document-later", STAFF_ONLY, "an uploaded document before its publication date"),
        ("GEHEIM-document-conceptplan", STAFF_ONLY, "an uploaded document of a plan that is not public"),
        ("GEHEIM-zelfevaluatie-later", STAFF_ONLY, "a self-assessment before its publication date"),
        ("GEHEIM-zelfevaluatie-conceptplan", STAFF_ONLY, "a self-assessment of a plan that is not public"),
        ("GEHEIM-versie-later", STAFF_ONLY, "a plan version before its publication date"),
        ("GEHEIM-versie-conceptplan", STAFF_ONLY, "a version of a plan that is not public"),
        ("GEHEIM-oud-forumlid", STAFF_ONLY, "the name of a former forum member without consent"),
        ("GEHEIM-ander-forum", STAFF_ONLY, "the name of another plan's forum member without consent"),
        ("GEHEIM-reactie", AUTHOR, "a consultation comment awaiting moderation"),
        ("GEHEIM-rapportageronde-conceptplan", STAFF_ONLY, "a reporting round of a plan that is not public"),
        # Progress reports are public once accepted: before that for the lead organisation and staff.
        ("GEHEIM-voortgang-ingediend", LEAD, "a progress report waiting for a check"),
        ("GEHEIM-voortgang-teruggestuurd", LEAD, "a progress report that was sent back"),
        ("GEHEIM-reden-terug", LEAD, "why a progress report was sent back"),
        *[(f"GEHEIM-verbintenis-{status}", _commitment_audience(status), f"a commitment in status {status}")
          for status in ("draft", "ready", "in_review", "revised", "final")],
    ]  # fmt: skip


def _ideas(w):
    return [
        Case("published", {"pk": w["idea_published"].pk}),
        Case("awaiting moderation", {"pk": w["idea_new"].pk}, AUTHOR),
        Case("rejected", {"pk": w["idea_rejected"].pk}, AUTHOR),
        Case("withdrawn", {"pk": w["idea_withdrawn"].pk}, AUTHOR),
        Case("published, of B", {"pk": w["idea_of_b"].pk}),
        Case("published, draft plan", {"pk": w["idea_draft_plan"].pk}, AUTHOR),
    ]


def _blocks(w):
    return [
        Case("public plan", {"pk": w["block"].pk}),
        Case("draft plan", {"pk": w["block_draft_plan"].pk}, STAFF_ONLY),
    ]


def _plans(w):
    return [Case("public plan", {"slug": w.plan.slug}), Case("draft plan", {"slug": w.draft_plan.slug}, STAFF_ONLY)]


def _sessions(w):
    return [
        Case("public plan", {"slug": w["session"].slug}),
        Case("draft plan", {"slug": w["session_draft_plan"].slug}, STAFF_ONLY),
    ]


def _attachments(w):
    return [
        Case("published report", {"slug": w["session"].slug, "pk": w["attachment"].pk}),
        Case(
            "report not published",
            {"slug": w["session_unpublished_report"].slug, "pk": w["attachment_unpublished"].pk},
            STAFF_ONLY,
        ),
    ]


def _commitment_audience(status):
    if status == "published":
        return PUBLIC
    return LEAD_AND_FORUM if status in ("in_review", "revised") else LEAD


COMMITMENT_STATES = ("draft", "ready", "in_review", "revised", "final", "published")


def _commitments(w):
    cases = [
        Case(status, {"identifier": w[f"commitment_{status}"].identifier}, _commitment_audience(status))
        for status in COMMITMENT_STATES
    ]
    cases.append(Case("published, draft plan", {"identifier": w["commitment_draft_plan"].identifier}, LEAD))
    return cases


def _restore(w):
    return [
        Case(status, {"identifier": w[f"commitment_{status}"].identifier, "number": 1}, _commitment_audience(status))
        for status in COMMITMENT_STATES
    ]


def _transitions(w):
    from commitments.rules import TRANSITIONS

    # Each step from the status it starts from, and one from a status where no step is possible
    # for anyone (the refusal of a wrong status for every step is in tests/commitments).
    steps = [(name, source) for name, (source, _target, _who) in TRANSITIONS.items()] + [("submit", "published")]
    return [
        Case(f"{name} from {status}", {"identifier": w[f"commitment_{status}"].identifier, "name": name},
             _commitment_audience(status))
        for name, status in steps
    ]  # fmt: skip


def _cancel_tokens(w):
    from sessions.services import cancel_token

    return [Case("signed link of A", {"token": cancel_token(w["registration"])})]


def _unsubscribe_tokens(w):
    from notifications.services import unsubscribe_token

    return [Case("signed link of A", {"token": unsubscribe_token(topic="all", user_id=w.people["participant"].pk)})]


def _seats(w):
    return [Case("current seat", {"pk": w["seat"].pk}, STAFF_ONLY), Case("ended seat", {"pk": w["seat_ended"].pk},
                                                                     STAFF_ONLY)]  # fmt: skip


def _staff_meetings(w):
    return [Case("minutes not published", {"pk": w["meeting"].pk}, STAFF_ONLY)]


def _meetings(w):
    return [
        Case("minutes not published", {"slug": w.plan.slug, "pk": w["meeting"].pk}),
        Case("minutes published", {"slug": w.plan.slug, "pk": w["meeting_published"].pk}),
    ]


def _meeting_documents(w):
    return [
        Case("minutes not published", {"slug": w.plan.slug, "pk": w["meeting"].pk, "doc": w["meeting_document"].pk},
             FORUM),
        Case("minutes published", {"slug": w.plan.slug, "pk": w["meeting_published"].pk,
                                   "doc": w["meeting_published_document"].pk}),
    ]  # fmt: skip


def _documents_files(w):
    return [
        Case("public", {"pk": w["document"].pk}),
        Case("date still to come", {"pk": w["document_later"].pk}, STAFF_ONLY),
        Case("plan not public", {"pk": w["document_draft_plan"].pk}, STAFF_ONLY),
    ]


def _documents_staff(w):
    return [Case("uploaded document", {"pk": w["document"].pk}, STAFF_ONLY)]


def _self_assessment_cases(w):
    def case(label, name, audience=PUBLIC):
        return Case(label, {"slug": w[name].plan.slug, "pk": w[name].pk}, audience)

    return [
        case("published", "self_assessment"),
        case("date still to come", "self_assessment_later", STAFF_ONLY),
        case("plan not public", "self_assessment_draft_plan", STAFF_ONLY),
    ]


def _self_assessment_previews(w):
    return [Case(f"{plan} in {language}", {"slug": plan.slug, "language": language}, audience)
            for plan, audience in ((w.plan, PUBLIC), (w.draft_plan, STAFF_ONLY)) for language in ("en", "nl")]  # fmt: skip


def _versions_cases(w, **extra):
    return [
        Case("out", {"slug": w.plan.slug, "number": 1, **extra}),
        Case("dated ahead", {"slug": w.plan.slug, "number": 2, **extra}, STAFF_ONLY),
        Case("plan not public", {"slug": w.draft_plan.slug, "number": 1, **extra}, STAFF_ONLY),
    ]


def _versions_pages(w):
    return _versions_cases(w)


def _version_reports(w):
    return _versions_cases(w, lang="nl")


def _version_pdfs(w):
    return _versions_cases(w, kind="plan", lang="en") + _versions_cases(w, kind="cocreation_report", lang="nl")


def _rounds(w):
    # Until it closes, a round is for the forum, the lead organisation and staff.
    return [
        Case("open", {"slug": w.plan.slug, "pk": w["round"].pk}, LEAD_AND_FORUM),
        Case("closed", {"slug": w.plan.slug, "pk": w["round_closed"].pk}, LEAD_AND_FORUM),
    ]


def _decision_logs(w):
    return [
        Case("open", {"slug": w.plan.slug, "pk": w["round"].pk}, LEAD_AND_FORUM),
        Case("closed", {"slug": w.plan.slug, "pk": w["round_closed"].pk}),  # public once closed
    ]


def _items(w):
    return [
        Case("open round", {"slug": w.plan.slug, "pk": w["round"].pk, "identifier": w["item"].commitment.identifier},
             LEAD_AND_FORUM),
        Case("closed round", {"slug": w.plan.slug, "pk": w["round_closed"].pk,
                              "identifier": w["item_closed"].commitment.identifier}, LEAD_AND_FORUM),
    ]  # fmt: skip


def _consultations(w):
    return [
        Case("public consultation", {"slug": w.plan.slug, "pk": w["round"].pk,
                                     "identifier": w["item"].commitment.identifier}),
        Case("no consultation", {"slug": w.plan.slug, "pk": w["round_closed"].pk,
                                 "identifier": w["item_closed"].commitment.identifier}, STAFF_ONLY),
    ]  # fmt: skip


def _remark_answers(w):
    return [Case("a forum member's remark", {"slug": w.plan.slug, "pk": w["round"].pk, "remark_pk": w["remark"].pk},
                 LEAD_AND_FORUM)]  # fmt: skip


def _comment_reports(w):
    kwargs = {"slug": w.plan.slug, "pk": w["round"].pk, "identifier": w["item"].commitment.identifier}
    return [
        Case("published comment", {**kwargs, "remark_pk": w["comment_published"].pk}),
        Case("comment awaiting moderation", {**kwargs, "remark_pk": w["comment_pending"].pk}, AUTHOR),
    ]


def _reporting_round_cases(w):
    return [
        Case("public plan", {"slug": w.plan.slug, "pk": w["reporting_round"].pk}),
        Case("draft plan", {"slug": w.draft_plan.slug, "pk": w["reporting_round_draft_plan"].pk}, STAFF_ONLY),
    ]


def _report_previews(w):
    return [
        Case(f"{plan_label}, {language}", {"slug": plan.slug, "language": language}, audience)
        for plan_label, plan, audience in (("public plan", w.plan, PUBLIC), ("draft plan", w.draft_plan, STAFF_ONLY))
        for language in ("nl", "en")
    ]


def _progress_milestones(w):
    return [
        Case("published commitment of X", {"pk": w["milestone_published"].pk}, LEAD),
        Case("final commitment of X", {"pk": w["milestone_final"].pk}, LEAD),
    ]


def _progress_reports(w):
    return [
        Case("waiting for a check", {"pk": w["progress_submitted"].pk}, STAFF_ONLY),
        Case("sent back", {"pk": w["progress_returned"].pk}, STAFF_ONLY),
        Case("accepted", {"pk": w["progress_accepted"].pk}, STAFF_ONLY),
    ]


def _progress_evidence(w):
    return [
        Case("of a report waiting for a check", {"pk": w["evidence_submitted"].pk}, LEAD),
        Case("of an accepted report", {"pk": w["evidence_accepted"].pk}),
    ]


# What to put into a web address, by (URL namespace, its parameters). A more specific entry by the
# URL's full name ("ideas:building_block") wins. Every entry returns one or more cases.
WORLD_CASES = {
    ("plans", ("slug",)): _plans,
    ("staff", ("slug",)): _plans,
    ("publication_check", ("slug",)): _plans,
    ("publication_report", ("language", "slug")): _report_previews,
    ("notifications", ("slug",)): _plans,
    "sessions:plan_ics": _plans,
    ("ideas", ("pk",)): _ideas,
    "ideas:building_block": _blocks,
    "ideas:building_block_edit": _blocks,
    ("sessions", ("slug",)): _sessions,
    ("sessions", ("pk", "slug")): _attachments,
    ("commitments", ("identifier",)): _commitments,
    ("commitments", ("identifier", "number")): _restore,
    ("commitments", ("identifier", "name")): _transitions,
    ("sessions", ("token",)): _cancel_tokens,
    ("notifications", ("token",)): _unsubscribe_tokens,
    ("stakeholders", ("slug",)): _plans,
    "stakeholders:staff_seat": _seats,
    ("stakeholders", ("pk",)): _staff_meetings,
    ("stakeholders", ("pk", "slug")): _meetings,
    ("stakeholders", ("doc", "pk", "slug")): _meeting_documents,
    ("stakeholders_review", ("slug",)): _plans,
    ("stakeholders_review", ("pk", "slug")): _rounds,
    "stakeholders_review:decision_log": _decision_logs,
    ("stakeholders_review", ("identifier", "pk", "slug")): _items,
    "stakeholders_review:consultation": _consultations,
    ("stakeholders_review", ("pk", "remark_pk", "slug")): _remark_answers,
    ("stakeholders_review", ("identifier", "pk", "remark_pk", "slug")): _comment_reports,
    ("implementation_rounds", ("slug",)): _plans,
    ("implementation_rounds", ("pk", "slug")): _reporting_round_cases,
    "publication_documents:file": _documents_files,
    ("publication_documents", ("pk",)): _documents_staff,
    ("implementation_assessment", ("pk", "slug")): _self_assessment_cases,
    ("implementation_assessment", ("slug",)): _plans,
    ("implementation_assessment", ("language", "slug")): _self_assessment_previews,
    ("publication_versions", ("slug",)): _plans,
    ("publication_versions", ("number", "slug")): _versions_pages,
    ("publication_versions", ("lang", "number", "slug")): _version_reports,
    ("publication_versions", ("kind", "lang", "number", "slug")): _version_pdfs,
    ("implementation_progress", ("slug",)): _plans,
    "implementation_progress:progress_report": _progress_milestones,
    "implementation_progress:progress_check": _progress_reports,
    "implementation_progress:progress_evidence": _progress_evidence,
    ("implementation_refresh", ("slug",)): _plans,
    "implementation_refresh:detail": _refreshed_plan,
    "implementation_refresh:publish": _refreshed_plan,
    ("implementation_refresh", ("identifier",)): _amendable,
    ("implementation_refresh", ("pk",)): _amendments,
}


def cases_for(world, namespace, name, kwarg_names) -> list[Case] | None:
    full = f"{namespace}:{name}" if namespace else name
    make = WORLD_CASES.get(full) or WORLD_CASES.get((namespace, tuple(sorted(kwarg_names))))
    return None if make is None else make(world)
