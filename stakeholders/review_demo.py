"""Demo review rounds of the fifth plan (called from ``stakeholders.demo.seed``).

Consistent with the commitments' demo statuses: NL-5-01 (now published) and NL-5-05 (now final)
went through a first, short round that closed on 24 November 2022, with scores, remarks and
answers; NL-5-02 is in forum review, in a round open from 22 November to 6 December 2022, which
the demo forum member (forumlid@example.org) has not reviewed yet, so that
``PLATFORM_TODAY=2022-11-25`` gives them something to do. NL-5-04 (ready) is left for a process
owner to open a round on. Natural keys: the round's plan and title, the commitment in the round,
a review's reviewer, a remark's author and text.
"""

import datetime

from django.utils import timezone

from commitments.models import Commitment
from stakeholders.models import CRITERION_KEYS, ForumMember, Remark, Review, ReviewRound, RoundCommitment

D = datetime.date

CLOSED = {
    "title": "Eerste forumronde: Woo-categorieën en openbare agenda's",
    "opens_on": D(2022, 11, 21),
    "deadline": D(2022, 11, 24),
    "commitments": {
        1: {
            "scores": [(3, 3, 4, 3, 4), (4, 2, 4, 3, 3)],
            "remarks": [
                (
                    "description_nl",
                    None,
                    "Noem welke Woo-categorieën als eerste aan de beurt zijn.",
                    "adopted",
                    "De vier eerste categorieën staan nu in de beschrijving.",
                ),
                (
                    None,
                    3,
                    "Mijlpaal 3 loopt tot eind 2026: voeg een tussenmeting toe.",
                    "partly",
                    "Er komt een tussenmeting in 2025; een extra mijlpaal past niet in de planning.",
                ),
            ],
        },
        5: {
            "scores": [(4, 3, 4, 4, 4), (3, 3, 3, 2, 3)],
            "remarks": [
                (
                    "how_it_helps_nl",
                    None,
                    "Leg uit hoe journalisten de data straks gebruiken.",
                    "adopted",
                    "Een voorbeeld uit eigen onderzoek is toegevoegd.",
                ),
                (
                    None,
                    2,
                    "Wie controleert of alle ministeries echt publiceren?",
                    "not_adopted",
                    "Toezicht valt buiten deze verbintenis; de Open Overheid-index meet het al.",
                ),
            ],
        },
    },
}
OPEN = {"title": "Forumronde: algoritmes in opsporing", "opens_on": D(2022, 11, 22), "deadline": D(2022, 12, 6),
        "commitments": [2]}  # fmt: skip


def _moment(day: datetime.date, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _round(plan, spec, closed_at=None, opened_by=None):
    review_round, _ = ReviewRound.objects.update_or_create(
        plan=plan, title=spec["title"],
        defaults={"opens_on": spec["opens_on"], "deadline": spec["deadline"], "criteria": CRITERION_KEYS,
                  "closed_at": closed_at, "opened_by": opened_by},
    )  # fmt: skip
    return review_round


def _item(review_round, commitment):
    item = RoundCommitment.objects.filter(round=review_round, commitment=commitment).first()
    if item is None:
        version = commitment.versions.order_by("number").first()
        item = RoundCommitment.objects.create(round=review_round, commitment=commitment, reviewed_version=version)
    return item


def _answerer(commitment, fallback):
    membership = commitment.lead_organisation.memberships.select_related("user").order_by("pk").first()
    return membership.user if membership else fallback


def seed(ctx):
    plan, users = ctx["plan"], ctx["users"]
    owner = users["proceseigenaar"]
    forumlid = ForumMember.objects.get(plan=plan, user=users["forumlid"])
    # The demo member, then whoever else has a seat (forum-A's demo adds about twelve).
    others = list(ForumMember.objects.filter(plan=plan).exclude(pk=forumlid.pk).order_by("user__email")[:3])
    reviewers = [forumlid, *others]
    closed = _round(plan, CLOSED, closed_at=_moment(CLOSED["deadline"], 23), opened_by=owner)
    for sequence, spec in CLOSED["commitments"].items():
        commitment = Commitment.objects.get(plan=plan, sequence=sequence)
        item = _item(closed, commitment)
        for seat, scores in zip(reviewers, spec["scores"], strict=False):
            review, _ = Review.objects.update_or_create(
                item=item, reviewer=seat.user,
                defaults={"seat": seat, "scores": {k: {"score": s, "explanation": ""} for k, s in zip(CRITERION_KEYS, scores, strict=True)}},
            )  # fmt: skip
        review = Review.objects.get(item=item, reviewer=forumlid.user)
        answerer = _answerer(commitment, owner)
        for field, milestone_position, text, answer, reason in spec["remarks"]:
            milestone = (
                commitment.milestones.filter(position=milestone_position).first() if milestone_position else None
            )
            Remark.objects.update_or_create(
                item=item, author=forumlid.user, text=text,
                defaults={"review": review, "field": field or "", "milestone": milestone, "answer": answer,
                          "reason": reason, "answered_by": answerer, "answered_at": _moment(D(2022, 11, 25), 10)},
            )  # fmt: skip
    current = _round(plan, OPEN, opened_by=owner)
    for sequence in OPEN["commitments"]:
        _item(current, Commitment.objects.get(plan=plan, sequence=sequence))
