"""Demo: the co-creation sessions (meedenksessies) of September and October 2022 for the fifth
plan, with registrations, a waitlist, a cancelled session, and a report with outcomes of the first
session. Safe to run twice: every row is found by a natural key."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.services import user_ensure
from ideas.models import Idea
from sessions.models import Registration, Session, SessionInvitation, SessionReport

TZ = ZoneInfo("Europe/Amsterdam")


def _at(day: str, time: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


SESSIONS = [
    {
        "slug": "aftrap-meedenksessies-den-haag",
        "title": "Aftrap meedenksessies: open besluitvorming",
        "description": (
            "De eerste meedenksessie voor het vijfde Actieplan Open Overheid. We bespreken hoe besluiten van de "
            "overheid beter te volgen zijn: welke stukken openbaar zouden moeten zijn, en wanneer.\n\n"
            "Programma: ontvangst vanaf 13.30 uur, drie rondes aan thematafels, afsluiting met een borrel."
        ),
        "themes": ["open-besluitvorming", "integriteit"],
        "starts_at": _at("2022-09-08", "14:00"), "ends_at": _at("2022-09-08", "17:00"),
        "deadline": _at("2022-09-06", "12:00"), "capacity": 40, "mode": Session.Mode.IN_PERSON,
        "venue": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "address": "Turfmarkt 147, 2511 DP Den Haag",
        "accessibility": "Drempelvrije ingang aan de Turfmarkt, liften naar alle verdiepingen, invalidentoilet op "
                         "de begane grond en een ringleiding in de zaal.",
    },
    {
        "slug": "meedenksessie-open-data-utrecht",
        "title": "Meedenksessie open data en toegankelijke informatie",
        "description": (
            "Welke gegevens van de overheid wil je kunnen gebruiken, en wat houdt je nu tegen? Samen met "
            "gemeenten, provincies en maatschappelijke organisaties verzamelen we ideeën voor het actieplan."
        ),
        "themes": ["open-data", "toegankelijke-informatie"],
        "starts_at": _at("2022-09-22", "13:30"), "ends_at": _at("2022-09-22", "16:30"),
        "deadline": _at("2022-09-20", "12:00"), "capacity": 30, "mode": Session.Mode.IN_PERSON,
        "venue": "Stadhuis Utrecht", "address": "Stadsplateau 1, 3521 AZ Utrecht",
        "accessibility": "Drempelvrij, met lift en invalidentoilet. Op verzoek is er een tolk Nederlandse "
                         "Gebarentaal.",
    },
    {
        "slug": "online-meedenksessie-algoritmes",
        "title": "Online meedenksessie: algoritmes en digitale overheid",
        "description": (
            "Een avondsessie in kleine kring over het gebruik van algoritmes door de overheid: hoe maken we "
            "zichtbaar welke algoritmes worden gebruikt en waarvoor?"
        ),
        "themes": ["digitale-overheid"],
        "starts_at": _at("2022-10-06", "19:30"), "ends_at": _at("2022-10-06", "21:00"),
        "deadline": _at("2022-10-05", "17:00"), "capacity": 6, "mode": Session.Mode.ONLINE,
        "online_url": "https://meet.example.org/open-overheid-algoritmes",
    },
    {
        "slug": "co-creation-session-civic-participation",
        "title": "Co-creation session (in English): civic participation",
        "description": (
            "For everyone who prefers to take part in English: how can people have a say in what the government "
            "does, and how do we make sure every voice is heard?"
        ),
        "themes": ["burgerparticipatie"], "language": "en",
        "starts_at": _at("2022-10-13", "15:00"), "ends_at": _at("2022-10-13", "17:00"),
        "deadline": _at("2022-10-11", "12:00"), "capacity": 25, "mode": Session.Mode.ONLINE,
        "online_url": "https://meet.example.org/open-government-participation",
    },
    {
        "slug": "meedenksessie-groningen",
        "title": "Meedenksessie Groningen: participatie in de regio",
        "description": "Over inspraak en participatie bij besluiten van provincie, gemeenten en waterschappen.",
        "themes": ["burgerparticipatie"],
        "starts_at": _at("2022-10-20", "13:30"), "ends_at": _at("2022-10-20", "16:30"),
        "deadline": _at("2022-10-18", "12:00"), "capacity": 30, "mode": Session.Mode.IN_PERSON,
        "venue": "Provinciehuis Groningen", "address": "Martinikerkhof 12, 9712 JG Groningen",
        "status": Session.Status.CANCELLED,
        "cancellation_note": "Door te weinig aanmeldingen gaat deze sessie niet door. Je bent van harte welkom bij "
                             "de online sessie of je kunt je inbreng online geven.",
    },
]  # fmt: skip

EXTRA_PEOPLE = [
    ("joost.vandenberg@example.org", "Joost van den Berg"),
    ("ayse.kaya@example.org", "Ayşe Kaya"),
    ("lotte.hendriks@example.org", "Lotte Hendriks"),
    ("daan.visser@example.org", "Daan Visser"),
    ("noor.bakker@example.org", "Noor Bakker"),
    ("ruben.smit@example.org", "Ruben Smit"),
]

# slug: [(person key, organisation name, kind, status, checked in, accessibility, dietary)]
REGISTRATIONS = {
    "aftrap-meedenksessies-den-haag": [
        ("deelnemer", "", "individual", "confirmed", True, "", "Vegetarisch"),
        ("forumlid", "Transparency International Nederland", "civil_society", "confirmed", True, "", ""),
        ("actiehouder", "Vereniging van Nederlandse Gemeenten", "co_government", "confirmed", True, "", ""),
        ("joost.vandenberg", "Gemeente Utrecht", "co_government", "confirmed", True, "", ""),
        ("ayse.kaya", "Open State Foundation", "civil_society", "confirmed", True, "Ringleiding", ""),
        ("lotte.hendriks", "Universiteit Leiden, Instituut Bestuurskunde", "academia", "confirmed", True, "", ""),
        ("daan.visser", "", "individual", "confirmed", False, "", ""),
    ],
    "meedenksessie-open-data-utrecht": [
        ("deelnemer", "", "individual", "confirmed", False, "Graag een plek dicht bij de deur", ""),
        ("actiehouder", "Vereniging van Nederlandse Gemeenten", "co_government", "confirmed", False, "", "Halal"),
        ("noor.bakker", "Open Data Adviesbureau B.V.", "private_sector", "confirmed", False, "", ""),
    ],
    "online-meedenksessie-algoritmes": [
        ("joost.vandenberg", "Gemeente Utrecht", "co_government", "confirmed", False, "", ""),
        ("ayse.kaya", "Open State Foundation", "civil_society", "confirmed", False, "", ""),
        ("lotte.hendriks", "Universiteit Leiden, Instituut Bestuurskunde", "academia", "confirmed", False, "", ""),
        ("daan.visser", "", "individual", "confirmed", False, "", ""),
        ("noor.bakker", "Open Data Adviesbureau B.V.", "private_sector", "confirmed", False, "", ""),
        ("ruben.smit", "", "individual", "confirmed", False, "Ondertiteling", ""),
        ("forumlid", "Transparency International Nederland", "civil_society", "waitlisted", False, "", ""),
    ],
    "co-creation-session-civic-participation": [
        ("forumlid", "Transparency International Nederland", "civil_society", "confirmed", False, "", ""),
    ],
    "meedenksessie-groningen": [
        ("ruben.smit", "", "individual", "confirmed", False, "", ""),
    ],
}

REPORT = (
    "Op 8 september kwamen deelnemers uit het hele land naar het ministerie van BZK voor de eerste meedenksessie. Aan vier "
    "thematafels spraken medewerkers van gemeenten, provincies, maatschappelijke organisaties en geïnteresseerde "
    "burgers over open besluitvorming.\n\n"
    "Wat opviel: veel deelnemers willen dat vergaderstukken van gemeenteraden en Provinciale Staten eerder "
    "openbaar worden, en dat duidelijk is wie er bij een besluit betrokken was. Ook kwam de vraag op hoe "
    "lobbycontacten van bewindspersonen zichtbaar kunnen worden.\n\n"
    "De ideeën uit deze sessie zijn als inbreng op het platform gezet en krijgen, net als alle andere inbreng, "
    "een openbare reactie."
)

OUTCOMES = [
    (Idea.Kind.IDEA, "Vergaderstukken een week vooraf openbaar",
     "Maak stukken voor gemeenteraden en Provinciale Staten ten minste een week voor de vergadering openbaar, "
     "zodat inwoners zich kunnen voorbereiden en kunnen inspreken.", ["open-besluitvorming"]),
    (Idea.Kind.SUGGESTION, "Lobbyregister voor bewindspersonen",
     "Houd bij met welke organisaties bewindspersonen en hun ambtenaren over wetgeving spreken, en publiceer dat "
     "elk kwartaal.", ["integriteit"]),
]  # fmt: skip


def seed(ctx):
    plan = ctx["plan"]
    themes = ctx.get("themes", {})
    users = dict(ctx["users"])
    for email, name in EXTRA_PEOPLE:
        users[email.split("@")[0]] = user_ensure(email=email, name=name)
    sessions = {}
    for spec in SESSIONS:
        session, _ = Session.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "plan": plan, "title": spec["title"], "description": spec["description"],
                "language": spec.get("language", "nl"), "starts_at": spec["starts_at"], "ends_at": spec["ends_at"],
                "registration_deadline": spec["deadline"], "capacity": spec["capacity"], "mode": spec["mode"],
                "venue": spec.get("venue", ""), "address": spec.get("address", ""),
                "venue_accessibility": spec.get("accessibility", ""), "online_url": spec.get("online_url", ""),
                "status": spec.get("status", Session.Status.SCHEDULED),
                "cancellation_note": spec.get("cancellation_note", ""),
            },
        )  # fmt: skip
        session.themes.set([themes[slug] for slug in spec["themes"] if slug in themes])
        sessions[spec["slug"]] = session

    for slug, rows in REGISTRATIONS.items():
        session = sessions[slug]
        for arrival, (who, org, kind, status, present, needs, dietary) in enumerate(rows, start=1):
            registered_at = session.registration_deadline - datetime.timedelta(days=10 - arrival / 10)
            Registration.objects.update_or_create(
                session=session, person=users[who],
                defaults={
                    "status": status, "arrival": arrival, "organisation_name": org, "organisation_kind": kind,
                    "accessibility_needs": needs, "dietary_wishes": dietary, "registered_at": registered_at,
                    "confirmed_at": registered_at if status == "confirmed" else None,
                    "checked_in_at": session.starts_at - datetime.timedelta(minutes=10) if present else None,
                    "checked_in_by": users["moderator"] if present else None,
                },
            )  # fmt: skip

    # The forum was invited to the session in Utrecht (rows only: the demo sends no mail).
    for who in ("forumlid", "actiehouder"):
        SessionInvitation.objects.get_or_create(
            session=sessions["meedenksessie-open-data-utrecht"], email=users[who].email,
            defaults={"person": users[who], "group": SessionInvitation.Group.FORUM,
                      "invited_by": users["proceseigenaar"]},
        )  # fmt: skip

    first = sessions["aftrap-meedenksessies-den-haag"]
    report, _ = SessionReport.objects.update_or_create(session=first, defaults={"summary": REPORT})
    if report.published_at is None:
        report.published_at = timezone.make_aware(datetime.datetime(2022, 9, 12, 10, 0), TZ)
        report.save(update_fields=["published_at"])
    for kind, title, text, theme_slugs in OUTCOMES:
        idea, _ = Idea.objects.get_or_create(
            session=first, title=title,
            defaults={"plan": plan, "kind": kind, "text": text, "channel": Idea.Channel.SESSION,
                      "status": Idea.Status.NEW, "entered_by": users["moderator"]},
        )  # fmt: skip
        idea.themes.set([themes[slug] for slug in theme_slugs if slug in themes])
    ctx["sessions"] = sessions
