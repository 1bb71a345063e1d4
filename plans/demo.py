"""The fifth Dutch action plan with the 2022–2023 timeline of its making, and the fourth plan
before it (see `manage.py seed_demo`)."""

import datetime
from zoneinfo import ZoneInfo

from plans.models import ActionPlan, Event, Phase, Theme

TZ = ZoneInfo("Europe/Amsterdam")
D = datetime.date

FIFTH_PHASES = [
    (Phase.Kind.EXPLORATION, D(2022, 1, 10), D(2022, 5, 31),
     "Verkennende gesprekken binnen en buiten het ministerie van BZK, met lessen uit de vorige actieplannen en de evaluaties van het IRM.",
     "Exploratory talks inside and outside the Ministry, drawing on lessons from earlier plans and the IRM's evaluations."),
    (Phase.Kind.CALL_FOR_INPUT, D(2022, 6, 1), D(2022, 10, 31),
     "Iedereen kan ideeën, suggesties en kritische noten aandragen voor het nieuwe actieplan.",
     "Everyone can bring in ideas, suggestions and critical notes for the new action plan."),
    (Phase.Kind.SESSIONS, D(2022, 9, 5), D(2022, 10, 28),
     "Meedenksessies in september en oktober om ideeën op te halen.",
     "Co-creation sessions in September and October to gather ideas."),
    (Phase.Kind.BUILDING_BLOCKS, D(2022, 10, 31), D(2022, 11, 18),
     "De inbreng wordt gebundeld tot bouwstenen voor het actieplan.",
     "The input is grouped into building blocks for the plan."),
    (Phase.Kind.DRAFTING, D(2022, 11, 7), D(2022, 12, 16),
     "Het actieplan wordt opgesteld; de nieuwe actiehouders zijn hier actief bij betrokken.",
     "The plan is drafted, with the new action holders actively involved."),
    (Phase.Kind.FORUM_REVIEW, D(2022, 11, 21), D(2022, 12, 9),
     "Het stakeholderforum denkt mee over de inhoud en de maatschappelijke meerwaarde van het plan.",
     "The stakeholder forum reflects on the plan's content and its social added value."),
    (Phase.Kind.SUBMISSION, D(2022, 12, 19), D(2022, 12, 30),
     "De Engelstalige versie van het actieplan wordt eind december 2022 naar het OGP gestuurd.",
     "The English version of the plan is sent to the OGP at the end of December 2022."),
    (Phase.Kind.PUBLICATION, D(2023, 1, 9), D(2023, 2, 28),
     "Begin 2023 presenteren we de Nederlandse publieksversie.",
     "Early 2023 the Dutch public version is presented."),
    (Phase.Kind.IMPLEMENTATION, D(2023, 1, 1), D(2026, 12, 31),
     "De actiehouders voeren hun verbintenissen uit; de voortgang is openbaar.",
     "The action holders carry out their commitments; progress is public."),
    (Phase.Kind.REFRESH, D(2024, 9, 1), D(2025, 3, 31),
     "Na twee jaar wordt het plan herijkt, met een nieuwe oproep tot voorstellen.",
     "After two years the plan is refreshed, with a new call for proposals."),
]  # fmt: skip

FIFTH_EVENTS = [
    (Event.Kind.PROGRAMME_COUNCIL, datetime.datetime(2022, 5, 19, 14, 0, tzinfo=TZ), "Den Haag",
     "Programmaraad Open Overheid: aankondiging van het vijfde actieplan",
     "Open Government Programme Council: the fifth action plan announced"),
    (Event.Kind.INTERDEPARTMENTAL, datetime.datetime(2022, 6, 2, 10, 0, tzinfo=TZ), "Den Haag",
     "Interdepartementaal Overleg Open Overheid: oproep tot inbreng",
     "Interdepartmental Consultation on Open Government: call for input"),
    (Event.Kind.MEETING, datetime.datetime(2022, 6, 23, 13, 30, tzinfo=TZ), "Utrecht",
     "Bijeenkomst met actiehouders en stakeholders",
     "Meeting with action holders and stakeholders"),
    (Event.Kind.CONSULTATION, datetime.datetime(2022, 11, 29, 15, 0, tzinfo=TZ), "Online",
     "Stakeholderforum: bespreking van de conceptverbintenissen",
     "Stakeholder forum: discussion of the draft commitments"),
    (Event.Kind.PROGRAMME_COUNCIL, datetime.datetime(2022, 12, 13, 14, 0, tzinfo=TZ), "Den Haag",
     "Programmaraad Open Overheid: vaststelling van het actieplan",
     "Open Government Programme Council: adoption of the action plan"),
    (Event.Kind.OTHER, datetime.datetime(2023, 2, 14, 15, 0, tzinfo=TZ), "Den Haag",
     "Presentatie van de Nederlandse publieksversie",
     "Presentation of the Dutch public version"),
]  # fmt: skip


def _plan(number, slug, title_nl, title_en, summary_nl, summary_en, term, phases, events):
    plan, _ = ActionPlan.objects.update_or_create(
        number=number,
        defaults={
            "slug": slug, "title_nl": title_nl, "title_en": title_en, "summary_nl": summary_nl,
            "summary_en": summary_en, "term_start": term[0], "term_end": term[1], "status": ActionPlan.Status.PUBLIC,
        },
    )  # fmt: skip
    for kind, start, end, nl, en in phases:
        Phase.objects.update_or_create(
            plan=plan, kind=kind,
            defaults={"starts_on": start, "ends_on": end, "description_nl": nl, "description_en": en},
        )  # fmt: skip
    for kind, starts_at, location, nl, en in events:
        Event.objects.update_or_create(
            plan=plan, title_nl=nl,
            defaults={"kind": kind, "starts_at": starts_at, "location": location, "title_en": en},
        )  # fmt: skip
    return plan


THEMES = [
    ("open-data", "Open data", "Open data"),
    ("toegankelijke-informatie", "Toegankelijke informatie", "Accessible information"),
    ("burgerparticipatie", "Burgerparticipatie", "Civic participation"),
    ("integriteit", "Integriteit en lobbytransparantie", "Integrity and lobbying transparency"),
    ("open-besluitvorming", "Open besluitvorming", "Open decision-making"),
    ("digitale-overheid", "Digitale overheid en algoritmes", "Digital government and algorithms"),
]


def seed(ctx):
    ctx["themes"] = {
        slug: Theme.objects.update_or_create(slug=slug, defaults={"name_nl": nl, "name_en": en})[0]
        for slug, nl, en in THEMES
    }
    _plan(
        4, "actieplan-4", "Actieplan Open Overheid 2020–2022", "Open Government Action Plan 2020–2022",
        "Het vierde Actieplan Open Overheid, met verbintenissen over onder meer open data, open besluitvorming en "
        "toegankelijke informatie.",
        "The fourth Open Government Action Plan, with commitments on open data, open decision-making and "
        "accessible information, among others.",
        (D(2020, 1, 1), D(2022, 12, 31)),
        [(Phase.Kind.PUBLICATION, D(2020, 1, 15), D(2020, 2, 28), "", ""),
         (Phase.Kind.IMPLEMENTATION, D(2020, 1, 1), D(2022, 12, 31), "", "")],
        [],
    )  # fmt: skip
    plan = _plan(
        5, "actieplan-5", "Vijfde Actieplan Open Overheid 2023–2027", "Fifth Open Government Action Plan 2023–2027",
        "Het ministerie van BZK maakt het vijfde Actieplan Open Overheid in co-creatie met medeoverheden en "
        "maatschappelijke organisaties. Iedereen krijgt de kans om ideeën, suggesties en kritische noten aan te "
        "dragen. Nieuw is dat dit actieplan een looptijd van vier jaar heeft.",
        "The Ministry of the Interior and Kingdom Relations writes the fifth Open Government Action Plan in "
        "co-creation with co-governments and civil society organisations. Everyone can bring in ideas, suggestions "
        "and critical notes. New: this plan runs for four years.",
        (D(2023, 1, 1), D(2026, 12, 31)),
        FIFTH_PHASES,
        FIFTH_EVENTS,
    )  # fmt: skip
    orgs = ctx["organisations"]
    plan.action_holders.add(orgs["BZK"], orgs["JenV"], orgs["VNG"], orgs["Gemeente Utrecht"], orgs["OSF"])
    ctx["plan"] = plan
