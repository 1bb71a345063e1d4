"""Demo data of the implementation of the fifth plan (issue 15, point 8; see `manage.py seed_demo`).

Everything is dated within the plan's term (2023–2026), so that it makes sense both at today's
date and at ``PLATFORM_TODAY=2024-06-01``:

- two reporting rounds (summer 2023 and spring 2024, deadline 17 May 2024), with accepted reports
  of mixed progress on every published commitment, evidence (links and one document), one report
  sent back and one waiting for a check; one commitment has no report in the second round, so it
  is overdue at both dates;
- the mid-term refresh (herijking), started on 15 April 2024: its phase opens on 1 May 2024 with a
  new call for input, contributions came in during it (marked as the refresh), NL-5-09 was drafted
  in it, NL-5-06 was amended on 29 May 2024 and NL-5-08's amendment is in forum review
  (``_demo_refresh``; all of it before 1 June 2024);
- the end-of-term self-assessment, published on 20 November 2026 (so only at today's date, not in
  2024: the repository shows a document from its date on).

Natural keys: a report by (milestone, round); a round by (plan, title); a contribution by (plan,
title); the self-assessment is made once. Running the seed twice changes nothing.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from accounts.services import membership_ensure, user_ensure
from commitments.models import Commitment
from implementation.models import (
    Amendment,
    AmendmentComment,
    Completion,
    Evidence,
    ForumComment,
    ProgressReport,
    Refresh,
    ReportingRound,
    SelfAssessment,
)

TZ = ZoneInfo("Europe/Amsterdam")
D = datetime.date
C = Completion
R = ProgressReport.Review

ROUNDS = [
    ("Voortgangsrapportage zomer 2023", "Progress report, summer 2023", D(2023, 6, 1), D(2023, 7, 14)),
    ("Voortgangsrapportage voorjaar 2024", "Progress report, spring 2024", D(2024, 4, 2), D(2024, 5, 17)),
]
REFRESH_STARTS, REFRESH_ENDS = D(2024, 5, 1), D(2024, 9, 30)
REFRESH_STARTED = D(2024, 4, 15)  # the process owner started the refresh two weeks before the call opened
COMMITMENTS_MADE = D(2022, 10, 3)
NEW_COMMITMENT_ON = D(2024, 5, 27)
AMENDED_ON = D(2024, 5, 29)
SELF_ASSESSMENT_ON = D(2026, 11, 20)

# Per published commitment (by order), per round, the status of each milestone (by position; the
# last value repeats for further milestones). None: no report in that round (overdue).
PATTERNS = [
    [[C.SUBSTANTIAL, C.LIMITED, C.NOT_STARTED], [C.COMPLETED, C.SUBSTANTIAL, C.LIMITED]],
    [[C.LIMITED, C.NOT_STARTED], None],
    [[C.NOT_STARTED], [C.LIMITED, C.WITHDRAWN]],
    [[C.SUBSTANTIAL], [C.COMPLETED]],
    [[C.LIMITED], [C.LIMITED]],
]

EXPLANATIONS = {
    C.NOT_STARTED: (
        "Nog niet gestart. De voorbereiding loopt; de planning is met de betrokken organisaties afgestemd.",
        "Not started yet. Preparations are under way; the schedule has been agreed with the organisations involved.",
    ),
    C.LIMITED: (
        "Beperkte voortgang. Beoogd resultaat: {output}. Er is een begin gemaakt, maar de capaciteit bij de "
        "deelnemende organisaties blijft achter bij de planning.",
        "Limited progress. Expected result: {output}. Work has begun, but the capacity of the participating "
        "organisations lags behind the schedule.",
    ),
    C.SUBSTANTIAL: (
        "Aanzienlijke voortgang. Beoogd resultaat: {output}. Het grootste deel is gereed; de laatste stappen zijn "
        "gepland en het stakeholderforum is bijgepraat.",
        "Substantial progress. Expected result: {output}. Most of it is done; the last steps are planned and the "
        "stakeholder forum has been briefed.",
    ),
    C.COMPLETED: (
        "Afgerond. Opgeleverd: {output}. De resultaten zijn openbaar en besproken met de betrokken partijen.",
        "Completed. Delivered: {output}. The results are public and were discussed with the parties involved.",
    ),
    C.WITHDRAWN: (
        "Ingetrokken. Deze mijlpaal is vervangen door een aanpak die bij de herijking is afgesproken; de reden staat "
        "in het verslag van het stakeholderforum.",
        "Withdrawn. This milestone was replaced by an approach agreed in the refresh; the reason is in the minutes of "
        "the stakeholder forum.",
    ),
}

REFRESH_CONTRIBUTIONS = [
    ("Maak de voortgang per gemeente zichtbaar", "suggestion",
     "Laat bij de herijking ook zien hoe ver gemeenten zijn met de Woo-categorieën, niet alleen het Rijk.",
     "online", D(2024, 5, 6)),
    ("Nieuw actiepunt: open data over subsidies", "idea",
     "Publiceer alle verleende subsidies van het Rijk als open data, met ontvanger, bedrag en doel.",
     "online", D(2024, 5, 14)),
    ("De algoritmeverbintenis is te vrijblijvend", "critical_note",
     "Registratie alleen is niet genoeg: neem bij de herijking ook een jaarlijkse externe toets op.",
     "email", D(2024, 5, 22)),
]  # fmt: skip

NEW_COMMITMENT = (
    "Open data over subsidies",
    "Open data on subsidies",
    "Het Rijk publiceert alle verleende subsidies als open data, met ontvanger, bedrag en doel. Voorgesteld in de "
    "oproep tot inbreng van de herijking.",
    "Central government publishes every subsidy it grants as open data, with recipient, amount and purpose. "
    "Proposed in the refresh's call for input.",
)
AMENDMENTS = [
    ("NL-5-06",
     {"description_nl": "De waterschappen publiceren samen hun meetgegevens volgens één standaard op één portaal, "
                        "en vanaf 2025 ook de gegevens over de staat van de dijken.",
      "description_en": "The water boards jointly publish their measurements to one standard on one portal, and "
                        "from 2025 also the data on the state of the dykes."},
     "Het stakeholderforum vroeg bij de herijking om ook de waterveiligheid op te nemen; de waterschappen hebben "
     "dat toegezegd.",
     "In the refresh the stakeholder forum asked to include flood safety as well; the water boards agreed.",
     True),
    ("NL-5-08",
     {"description_nl": "BZK werkt met Transparency International Nederland een wetsvoorstel uit voor een "
                        "verplicht lobbyregister, dat ook voor de provincies geldt.",
      "description_en": "BZK and Transparency International Netherlands draft a bill for a mandatory lobbying "
                        "register that also applies to the provinces."},
     "Twee provincies willen aansluiten bij het register.",
     "Two provinces want to join the register.",
     False),
]  # fmt: skip
AMENDMENT_COMMENT = (
    "Het forum steunt de uitbreiding, maar vraagt om eerst te regelen wie het register voor de provincies bijhoudt."
)


def seed(ctx):
    plan, users = ctx["plan"], ctx["users"]
    owner = users["proceseigenaar"]
    commitments = list(_published_commitments(plan))
    rounds = [
        ReportingRound.objects.update_or_create(
            plan=plan, title_nl=nl, defaults={"title_en": en, "opens_on": opens, "deadline": deadline, "opened_by": owner}
        )[0]
        for nl, en, opens, deadline in ROUNDS
    ]  # fmt: skip
    for index, commitment in enumerate(commitments):
        author = _action_holder(commitment)
        pattern = PATTERNS[index % len(PATTERNS)]
        if index >= len(PATTERNS) and pattern[1] is None:
            pattern = PATTERNS[0]  # one overdue commitment is enough
        for round_, statuses in zip(rounds, pattern, strict=True):
            if statuses is not None:
                _reports(commitment, round_, statuses, author, owner)
    if commitments:
        _special_reports(commitments[0], rounds[1], _action_holder(commitments[0]), owner)
    forum_member = users.get("forumlid")
    if forum_member and commitments and not ForumComment.objects.filter(round=rounds[0]).exists():
        ForumComment.objects.create(
            round=rounds[0], author=forum_member, commitment=commitments[0],
            body="Goede start met de publicatievoorziening. Het forum vraagt om per categorie te laten zien welke "
                 "organisaties al publiceren.",
        )  # fmt: skip
    _demo_refresh(plan, users, ctx.get("organisations"))
    _self_assessment(plan, owner)


def _published_commitments(plan):
    # The "publish" part's demo moves the final commitments to PUBLISHED when it publishes the plan
    # (publication/demo.py runs before this). Without it, NL-5-01 and NL-5-05 are published here;
    # harmless when they already are.
    Commitment.objects.filter(
        plan=plan, identifier__in=[f"NL-{plan.number}-01", f"NL-{plan.number}-05"], status=Commitment.Status.FINAL
    ).update(status=Commitment.Status.PUBLISHED)
    return (
        Commitment.objects.filter(plan=plan, status=Commitment.Status.PUBLISHED)
        .select_related("lead_organisation")
        .prefetch_related("milestones")
        .order_by("sequence")
    )


def _action_holder(commitment):
    """A member of the lead organisation who reports for it (the demo's own, when there is one)."""
    member = commitment.lead_organisation.memberships.select_related("user").order_by("pk").first()
    if member is not None and not member.user.groups.exists():  # not a staff member
        return member.user
    slug = "".join(ch for ch in (commitment.lead_organisation.short_name or "organisatie").lower() if ch.isalnum())
    user = user_ensure(email=f"actiehouder-{slug}@example.org", name=f"Actiehouder {commitment.lead_organisation}")
    membership_ensure(user=user, organisation=commitment.lead_organisation, job_title="Projectleider open overheid")
    return user


def _text(completion, milestone, language):
    output = milestone.localized("expected_output", language) or milestone.localized("description", language)
    return EXPLANATIONS[completion][0 if language == "nl" else 1].format(output=output.rstrip("."))


def _reported_on(round_, position):
    return min(round_.deadline, round_.opens_on + datetime.timedelta(days=10 + 4 * position))


def _reports(commitment, round_, statuses, author, owner):
    for milestone in commitment.milestones.all():
        completion = statuses[min(milestone.position, len(statuses)) - 1]
        reported_on = _reported_on(round_, milestone.position)
        report, created = ProgressReport.objects.update_or_create(
            milestone=milestone, round=round_, review=R.ACCEPTED,
            defaults={
                "completion": completion, "explanation_nl": _text(completion, milestone, "nl"),
                "explanation_en": _text(completion, milestone, "en"), "reported_on": reported_on, "author": author,
                "reviewed_by": owner,
                "reviewed_at": datetime.datetime.combine(reported_on + datetime.timedelta(days=3), datetime.time(10), TZ),
            },
        )  # fmt: skip
        if completion in (C.SUBSTANTIAL, C.COMPLETED):
            Evidence.objects.get_or_create(
                report=report, title=f"Stand van zaken {commitment.identifier}, mijlpaal {milestone.position}",
                defaults={"url": f"https://www.open-overheid.nl/voortgang/{commitment.identifier.lower()}"},
            )  # fmt: skip


def _special_reports(commitment, round_, author, owner):
    """On the first commitment's first milestone: a document as evidence; on its last milestone a
    report sent back with a reason, and a newer one waiting for a check."""
    milestones = list(commitment.milestones.all())
    first, last = milestones[0], milestones[-1]
    accepted = ProgressReport.objects.filter(milestone=first, round=round_, review=R.ACCEPTED).first()
    if accepted and not accepted.evidence.filter(title="Evaluatierapport (PDF)").exists():
        from stakeholders.demo import tiny_pdf

        Evidence.objects.create(
            report=accepted, title="Evaluatierapport (PDF)",
            file=ContentFile(tiny_pdf(f"Evaluatie {commitment.identifier}"), name="evaluatierapport.pdf"),
        )  # fmt: skip
    ProgressReport.objects.update_or_create(
        milestone=last, round=round_, review=R.RETURNED,
        defaults={
            "completion": C.COMPLETED, "reported_on": round_.deadline - datetime.timedelta(days=20), "author": author,
            "explanation_nl": "Afgerond.", "explanation_en": "", "reviewed_by": owner,
            "reviewed_at": datetime.datetime.combine(round_.deadline - datetime.timedelta(days=18), datetime.time(9), TZ),
            "return_reason": "Afgerond lijkt te vroeg: de evaluatie is nog niet gepubliceerd. Wilt u de status en "
                             "de toelichting aanpassen en een link naar het resultaat toevoegen?",
        },
    )  # fmt: skip
    ProgressReport.objects.update_or_create(
        milestone=last, round=round_, review=R.SUBMITTED,
        defaults={
            "completion": C.SUBSTANTIAL, "reported_on": round_.deadline - datetime.timedelta(days=2), "author": author,
            "explanation_nl": "De evaluatie is uitgevoerd; het rapport wordt in juni gepubliceerd.",
            "explanation_en": "The evaluation has been carried out; the report will be published in June.",
        },
    )  # fmt: skip


def _demo_refresh(plan, users, organisations=None):
    """The mid-term refresh (herijking), through the refresh part's services (implementation/refresh.py):

    - the Refresh row with its phase of kind REFRESH (the call for input, 1 May – 30 September
      2024), started on 15 April 2024; the contributions sent in during it are marked ``in_refresh``;
    - one new commitment drafted during the refresh (27 May 2024), continuing the identifier series;
    - one amendment published ("amended on 29 May 2024") and one in forum review with a comment.

    Everything is dated before 1 June 2024, so the demo at ``PLATFORM_TODAY=2024-06-01`` shows the
    same refresh as today's (none of these models can hide a row until its date).
    """
    from ideas.models import Idea
    from plans.models import Phase

    phase, _ = Phase.objects.update_or_create(
        plan=plan, kind=Phase.Kind.REFRESH,
        defaults={
            "starts_on": REFRESH_STARTS, "ends_on": REFRESH_ENDS,
            "description_nl": "Halverwege de looptijd wordt het plan herijkt. Met een nieuwe oproep tot inbreng kan "
                              "iedereen voorstellen doen voor nieuwe actiepunten en voor aanpassing van bestaande "
                              "verbintenissen.",
            "description_en": "Halfway through its term the plan is refreshed. With a new call for input, everyone can "
                              "propose new action points and changes to existing commitments.",
        },
    )  # fmt: skip
    owner = users["proceseigenaar"]
    refresh, _ = Refresh.objects.get_or_create(
        plan=plan,
        defaults={"phase": phase, "reason_nl": phase.description_nl, "reason_en": phase.description_en,
                  "started_by": owner},
    )  # fmt: skip
    Refresh.objects.filter(pk=refresh.pk).update(created_at=_at(REFRESH_STARTED))
    refresh.refresh_from_db()
    # The demo's commitments are written when the seed runs; in the story they were made in 2022,
    # before the refresh (``refresh.new_commitments`` counts those made after it started).
    Commitment.objects.filter(plan=plan, created_at__gte=refresh.created_at).exclude(title_nl=NEW_COMMITMENT[0]).update(
        created_at=_at(COMMITMENTS_MADE)
    )
    author = users.get("deelnemer")
    ideas = {}
    for title, kind, text, channel, day in REFRESH_CONTRIBUTIONS:
        created = datetime.datetime.combine(day, datetime.time(11), TZ)
        idea, _ = Idea.objects.update_or_create(
            plan=plan, title=title,
            defaults={
                "kind": kind, "text": text, "author": author if channel == "online" else None,
                "submitter_name": "" if channel == "online" else "Stichting Open Subsidies",
                "entered_by": None if channel == "online" else users.get("moderator"),
                "channel": channel, "status": Idea.Status.PUBLISHED, "in_refresh": True,
                "published_at": created + datetime.timedelta(hours=4),
                "moderated_at": created + datetime.timedelta(hours=4),
            },
        )  # fmt: skip
        Idea.objects.filter(pk=idea.pk).update(created_at=created)
        ideas[title] = idea
    _new_commitment(plan, owner, organisations or {}, ideas.get(REFRESH_CONTRIBUTIONS[1][0]))
    _amendments(plan, refresh, owner, users.get("forumlid"))


def _at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), TZ)


def _new_commitment(plan, owner, organisations, idea):
    """A new action point drafted during the refresh: it continues the series (NL-5-09 after NL-5-08)."""
    from commitments.models import CommitmentVersion
    from commitments.services import commitment_create

    title_nl, title_en, description_nl, description_en = NEW_COMMITMENT
    commitment = Commitment.objects.filter(plan=plan, title_nl=title_nl).first()
    if commitment is None:
        lead = organisations.get("BZK") or Commitment.objects.filter(plan=plan).first().lead_organisation
        commitment = commitment_create(plan=plan, lead_organisation=lead, title_nl=title_nl, title_en=title_en,
                                       actor=owner)  # fmt: skip
        Commitment.objects.filter(pk=commitment.pk).update(description_nl=description_nl, description_en=description_en)
        if idea is not None:
            commitment.contributions.add(idea)
    Commitment.objects.filter(pk=commitment.pk).update(created_at=_at(NEW_COMMITMENT_ON))
    CommitmentVersion.objects.filter(commitment=commitment).update(created_at=_at(NEW_COMMITMENT_ON))


def _amendments(plan, refresh, owner, forum_member):
    """NL-5-06 amended and published on 29 May 2024; NL-5-08's amendment in forum review."""
    from commitments.models import CommitmentVersion
    from implementation import refresh as services

    for identifier, fields, reason_nl, reason_en, publish in AMENDMENTS:
        commitment = Commitment.objects.filter(plan=plan, identifier=identifier).first()
        if commitment is None:
            continue
        amendment = Amendment.objects.filter(commitment=commitment).first()
        if amendment is None:
            if commitment.status != Commitment.Status.PUBLISHED:
                continue
            amendment = services.amendment_save(
                commitment=commitment, reason_nl=reason_nl, reason_en=reason_en, fields=fields, milestones=[],
                actor=owner,
            )  # fmt: skip
            amendment = services.amendment_submit(amendment=amendment, actor=owner)
            if forum_member is not None and not publish:
                services.amendment_comment(amendment=amendment, author=forum_member, body=AMENDMENT_COMMENT)
            if publish:
                amendment = services.amendment_publish(amendment=amendment, actor=owner)
        Amendment.objects.filter(pk=amendment.pk).update(created_at=_at(AMENDED_ON - datetime.timedelta(days=14)))
        AmendmentComment.objects.filter(amendment=amendment).update(
            created_at=_at(AMENDED_ON - datetime.timedelta(days=7))
        )
        if publish:
            Amendment.objects.filter(pk=amendment.pk).update(amended_on=AMENDED_ON)
            # The commitments demo writes the original texts again on every run: the amendment stays applied.
            Commitment.objects.filter(pk=commitment.pk).update(**amendment.changes.get("fields", {}))
            CommitmentVersion.objects.filter(commitment=commitment, number=amendment.after_version).update(
                created_at=_at(AMENDED_ON)
            )


def _self_assessment(plan, owner):
    from implementation.assessment import self_assessment_publish
    from publication.demo import render_pending_pdfs

    if not SelfAssessment.objects.filter(plan=plan).exists():
        self_assessment_publish(plan=plan, published_on=SELF_ASSESSMENT_ON, actor=owner)
    # Its PDFs now, like the versions' (a configured broker without a worker would leave them waiting).
    render_pending_pdfs(SelfAssessment.objects.filter(plan=plan))
