"""Demo forum of the fifth plan: about twelve members across the sectors (names shown only where
they agreed), terms of reference, and two meetings in 2022 — one before drafting, one during the
forum's review — with agenda, minutes, attendance and a small PDF document."""

import datetime
import zoneinfo

from django.core.files.base import ContentFile

from accounts.models import Organisation
from accounts.services import user_ensure
from core import clock
from stakeholders.models import ForumMember, ForumTerms, Meeting, MeetingAttendance, MeetingDocument

K = Organisation.Kind
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")

# email (before @example.org), name, sector, organisation, name may be shown
MEMBERS = [
    ("forumlid", "Fatima Yilmaz", K.CIVIL_SOCIETY, "TI-NL", True),
    ("forum.bzk", "Jeroen Visser", K.MINISTRY, "BZK", True),
    ("forum.jenv", "Marieke de Boer", K.MINISTRY, "JenV", False),
    ("forum.vng", "Hans Mulder", K.CO_GOVERNMENT, "VNG", True),
    ("forum.utrecht", "Esther Smit", K.CO_GOVERNMENT, "Gemeente Utrecht", False),
    ("forum.uvw", "Kees van Dijk", K.CO_GOVERNMENT, "UvW", True),
    ("forum.osf", "Lotte Meijer", K.CIVIL_SOCIETY, "OSF", True),
    ("forum.osf2", "Daan Bos", K.CIVIL_SOCIETY, "OSF", False),
    ("forum.leiden", "Prof. Ingrid Vos", K.ACADEMIA, "Universiteit Leiden, Instituut Bestuurskunde", True),
    ("forum.leiden2", "Ruben Hendriks", K.ACADEMIA, "Universiteit Leiden, Instituut Bestuurskunde", False),
    ("forum.oda", "Sophie Peters", K.PRIVATE_SECTOR, "Open Data Adviesbureau B.V.", True),
    ("forum.ombudsman", "Yusuf Kaya", K.OTHER, "Nationale ombudsman", False),
]

TERMS_NL = (
    "Het stakeholderforum denkt mee over het Actieplan Open Overheid. Het bestaat uit mensen van "
    "ministeries, medeoverheden, maatschappelijke organisaties, de wetenschap en het bedrijfsleven.\n\n"
    "Het forum komt minstens eens per half jaar bijeen, en tijdens de uitvoering minstens twee keer per "
    "jaar. Het beoordeelt de conceptverbintenissen op inhoud en maatschappelijke meerwaarde; elke "
    "opmerking krijgt een beredeneerd antwoord. Agenda's, verslagen en documenten zijn openbaar."
)
TERMS_EN = (
    "The stakeholder forum thinks along on the Open Government Action Plan. Its members come from "
    "ministries, co-governments, civil society, academia and business.\n\n"
    "The forum meets at least every six months, and at least twice a year during implementation. It "
    "reviews the draft commitments on content and social added value; every remark gets a reasoned "
    "answer. Agendas, minutes and documents are public."
)

MEETINGS = [
    {
        "title_nl": "Stakeholderforum: aftrap van het vijfde actieplan",
        "title_en": "Stakeholder forum: kick-off of the fifth plan",
        "starts_at": datetime.datetime(2022, 10, 27, 14, 0, tzinfo=AMS),
        "ends_at": datetime.datetime(2022, 10, 27, 16, 30, tzinfo=AMS),
        "venue": "Ministerie van BZK",
        "address": "Turfmarkt 147, Den Haag",
        "online_url": "",
        "agenda_nl": "1. Opening en kennismaking\n2. Opbrengst van de meedenksessies\n3. Werkwijze bij het "
        "schrijven van de verbintenissen\n4. Rondvraag",
        "agenda_en": "1. Opening and introductions\n2. What the co-creation sessions brought\n3. How the "
        "commitments will be drafted\n4. Any other business",
        "minutes_nl": "Negen van de twaalf leden waren aanwezig. BZK presenteerde de opbrengst van de "
        "meedenksessies. Het forum vroeg om toetsbare mijlpalen in elke verbintenis; afgesproken is dat het "
        "forum de concepten in november beoordeelt.",
        "minutes_en": "Nine of the twelve members were present. BZK presented what the co-creation sessions "
        "brought. The forum asked for checkable milestones in every commitment; it was agreed that the forum "
        "reviews the drafts in November.",
        "document": "Opbrengst meedenksessies (samenvatting)",
        "absent": {"forum.jenv", "forum.oda", "forum.ombudsman"},
    },
    {
        "title_nl": "Stakeholderforum: bespreking van de conceptverbintenissen",
        "title_en": "Stakeholder forum: discussing the draft commitments",
        "starts_at": datetime.datetime(2022, 11, 30, 10, 0, tzinfo=AMS),
        "ends_at": datetime.datetime(2022, 11, 30, 12, 0, tzinfo=AMS),
        "venue": "",
        "address": "",
        "online_url": "https://meet.example.org/stakeholderforum-2022-11-30",
        "agenda_nl": "1. Stand van de reviewronde\n2. Bespreking van de opmerkingen per verbintenis\n"
        "3. Vervolg: het besluitenlog",
        "agenda_en": "1. Where the review round stands\n2. The remarks per commitment\n3. Next: the decision log",
        "minutes_nl": "Tien leden waren aanwezig. De actiehouders lichtten hun conceptverbintenissen toe. Het "
        "forum vroeg meer ambitie bij de open-data-verbintenis; de antwoorden staan in het besluitenlog.",
        "minutes_en": "Ten members were present. The action holders explained their draft commitments. The "
        "forum asked for more ambition in the open data commitment; the answers are in the decision log.",
        "document": "Overzicht opmerkingen reviewronde",
        "absent": {"forum.jenv", "forum.leiden2"},
    },
]


def tiny_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF with one line of text (no PDF library needed)."""
    text = text.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def seed(ctx):
    plan = ctx["plan"]
    orgs = ctx["organisations"]
    seats = {}
    for key, name, sector, org, consent in MEMBERS:
        user = ctx["users"].get(key) or user_ensure(email=f"{key}@example.org", name=name)
        seat, _ = ForumMember.objects.update_or_create(
            plan=plan,
            user=user,
            defaults={
                "sector": sector,
                "organisation": orgs[org],
                "since": datetime.date(2022, 1, 1),
                "consent_to_show_name": consent,
            },
        )
        seats[key] = seat
    ForumTerms.objects.update_or_create(plan=plan, defaults={"text_nl": TERMS_NL, "text_en": TERMS_EN})
    now = clock.now()
    for data in MEETINGS:
        data = dict(data)
        document_title, absent = data.pop("document"), data.pop("absent")
        # Minutes are published a week after the meeting: seeded at the demo date of 2022-11-25, the
        # second meeting is still ahead and has no minutes.
        published = data["ends_at"] + datetime.timedelta(days=7)
        data["minutes_published_at"] = published if published <= now else None
        meeting, _ = Meeting.objects.update_or_create(plan=plan, title_nl=data.pop("title_nl"), defaults=data)
        if not MeetingDocument.objects.filter(meeting=meeting, title=document_title).exists():
            MeetingDocument.objects.create(
                meeting=meeting,
                title=document_title,
                file=ContentFile(tiny_pdf(document_title), name=f"meeting-{meeting.pk}.pdf"),
            )
        if meeting.starts_at <= now:
            for key, seat in seats.items():
                MeetingAttendance.objects.update_or_create(
                    meeting=meeting, member=seat, defaults={"present": key not in absent}
                )
    # The review rounds: after the seats, so that the members can review.
    from stakeholders import review_demo

    review_demo.seed(ctx)
