"""Demo contributions to the fifth plan: every status, channel, outcome and feature of the input
pages (see `manage.py seed_demo`)."""

import datetime
from zoneinfo import ZoneInfo

from accounts.services import user_ensure
from ideas.models import BuildingBlock, Idea, Report, Support

TZ = ZoneInfo("Europe/Amsterdam")

BLOCKS = [
    ("Actieve openbaarmaking van overheidsinformatie", "Proactive disclosure of government information",
     "Overheidsinformatie standaard openbaar en vindbaar maken, in begrijpelijke taal.", ["toegankelijke-informatie", "open-data"]),
    ("Transparantie over algoritmes", "Transparency about algorithms",
     "Burgers kunnen zien welke algoritmes de overheid gebruikt en waarvoor.", ["digitale-overheid"]),
    ("Burgers betrekken bij besluiten", "Involving citizens in decisions",
     "Vaste vormen van burgerparticipatie bij gemeenten, provincies en het Rijk.", ["burgerparticipatie", "open-besluitvorming"]),
]  # fmt: skip

# title, kind, themes, text, author key, status, outcome, block index, channel, show_name, supports
CONTRIBUTIONS = [
    ("Publiceer alle Woo-besluiten op één plek", "idea", ["toegankelijke-informatie"],
     "Nu staan Woo-besluiten verspreid over tientallen websites. Zorg dat **alle** besluiten op één centrale plek "
     "doorzoekbaar zijn, met de documenten erbij.", "deelnemer", "published", "building_block", 0, "online", True, 14),
    ("Algoritmeregister verplicht maken voor gemeenten", "suggestion", ["digitale-overheid"],
     "Het Algoritmeregister is nu vrijwillig. Maak registratie verplicht voor algoritmes die besluiten over burgers "
     "ondersteunen.", "actiehouder", "published", "commitment", 1, "online", False, 22),
    ("Open data is vaak verouderd", "critical_note", ["open-data"],
     "Veel datasets op data.overheid.nl zijn jaren niet bijgewerkt. Een actieplan helpt niet als de basis niet op orde is.",
     "forumlid", "published", "partly", 0, "online", True, 9),
    ("Burgerberaad over het klimaatbeleid in elke provincie", "idea", ["burgerparticipatie"],
     "Laat elke provincie een burgerberaad organiseren, naar het voorbeeld van het landelijke burgerberaad.",
     "deelnemer", "published", "not_taken_up", None, "online", False, 5),
    ("Lobbyregister voor de Tweede Kamer en ministeries", "suggestion", ["integriteit"],
     "Maak zichtbaar wie met bewindspersonen en ambtenaren spreekt over wetgeving, met een openbare agenda.",
     None, "published", "", None, "email", False, 17),
    ("Vergaderstukken van waterschappen online", "idea", ["open-besluitvorming"],
     "Niet alle waterschappen publiceren hun vergaderstukken tijdig. Spreek een minimumtermijn af.",
     None, "published", "out_of_scope", None, "meeting", False, 3),
    ("Begrijpelijke brieven van de overheid", "idea", ["toegankelijke-informatie"],
     "Schrijf brieven op taalniveau B1 en test ze met burgers voordat ze worden verstuurd.",
     "deelnemer", "published", "", 0, "online", True, 11),
    ("Meer inspraak bij de begroting van mijn gemeente", "idea", ["burgerparticipatie", "open-besluitvorming"],
     "Laat inwoners meebeslissen over een deel van de gemeentebegroting (burgerbegroting).",
     "forumlid", "published", "", 2, "online", False, 8),
    ("Actieve openbaarmaking van adviezen aan bewindspersonen", "suggestion", ["toegankelijke-informatie"],
     "Publiceer ambtelijke adviezen bij besluiten standaard, tegelijk met het besluit.",
     "actiehouder", "new", "", None, "online", False, 0),
    ("Reactie op de vorige actieplannen", "critical_note", ["open-besluitvorming"],
     "Uit de IRM-rapporten blijkt dat veel verbintenissen niet meetbaar waren. Zorg voor concrete mijlpalen.",
     "deelnemer", "new", "", None, "online", False, 0),
]  # fmt: skip


def seed(ctx):
    plan, themes, users = ctx["plan"], ctx["themes"], ctx["users"]
    blocks = []
    for nl, en, summary, theme_slugs in BLOCKS:
        block, _ = BuildingBlock.objects.update_or_create(
            plan=plan, title_nl=nl, defaults={"title_en": en, "summary_nl": summary}
        )
        block.themes.set([themes[s] for s in theme_slugs])
        blocks.append(block)
    supporters = [user_ensure(email=f"supporter{n}@example.org", name="") for n in range(25)]
    staff = users["moderator"]
    when = datetime.datetime(2022, 7, 1, 10, 0, tzinfo=TZ)
    ideas = {}
    for n, (
        title,
        kind,
        theme_slugs,
        text,
        author,
        status,
        outcome,
        block,
        channel,
        show_name,
        support_count,
    ) in enumerate(CONTRIBUTIONS):
        created = when + datetime.timedelta(days=3 * n)
        idea, _ = Idea.objects.update_or_create(
            plan=plan, title=title,
            defaults={
                "kind": kind, "text": text, "author": users.get(author) if author else None,
                "submitter_name": "" if author else "Jan de Boer", "entered_by": None if author else staff,
                "channel": channel, "show_name": show_name, "status": status,
                "published_at": created + datetime.timedelta(days=1) if status == "published" else None,
                "moderated_at": created + datetime.timedelta(days=1) if status == "published" else None,
                "building_block": blocks[block] if block is not None else None, "outcome": outcome,
                "response": _answer(outcome) if outcome else "", "responded_by": staff if outcome else None,
                "responded_at": created + datetime.timedelta(days=60) if outcome else None,
                "organisation": ctx["organisations"]["VNG"] if author == "actiehouder" else None,
            },
        )  # fmt: skip
        Idea.objects.filter(pk=idea.pk).update(created_at=created)
        idea.themes.set([themes[s] for s in theme_slugs])
        for supporter in supporters[:support_count]:
            Support.objects.get_or_create(idea=idea, user=supporter)
        Idea.objects.filter(pk=idea.pk).update(support_count=idea.supports.count())
        ideas[title] = idea
    # A duplicate whose supports moved to the original, a rejected one, a reported one, a redacted one.
    original = ideas["Publiceer alle Woo-besluiten op één plek"]
    Idea.objects.update_or_create(
        plan=plan, title="Eén website voor alle Woo-verzoeken",
        defaults={"kind": "idea", "text": "Alle Woo-documenten zouden op één website moeten staan.", "author": users["forumlid"],
                  "status": "duplicate", "duplicate_of": original, "published_at": when, "moderated_at": when},
    )[0].themes.set([themes["toegankelijke-informatie"]])  # fmt: skip
    Idea.objects.update_or_create(
        plan=plan, title="Koop nu goedkope zonnepanelen",
        defaults={"kind": "idea", "text": "Bezoek onze webwinkel voor de beste aanbiedingen!", "author": users["deelnemer"],
                  "status": "rejected", "rejection_reason": "spam", "moderated_at": when,
                  "rejection_text": "Dit is reclame en gaat niet over open overheid."},
    )[0].themes.set([themes["open-data"]])  # fmt: skip
    reported = ideas["Burgerberaad over het klimaatbeleid in elke provincie"]
    if not reported.reports.exists():
        Report.objects.create(
            idea=reported,
            reporter=users["forumlid"],
            reason="other",
            text="Dit gaat over klimaat, niet over open overheid.",
        )
        Idea.objects.filter(pk=reported.pk).update(needs_review=True)
    redacted = ideas["Begrijpelijke brieven van de overheid"]
    if not redacted.original_text:
        Idea.objects.filter(pk=redacted.pk).update(
            original_text=redacted.text + " Bel mij gerust: 06-12345678 (Sanne).",
        )
    ctx["building_blocks"] = blocks
    ctx["contributions"] = ideas


def _answer(outcome):
    return {
        "building_block": "Dank voor dit idee. Het is opgenomen in de bouwsteen over actieve openbaarmaking en "
        "wordt uitgewerkt met de actiehouders.",
        "commitment": "Dit voorstel is overgenomen in een verbintenis van het actieplan; zie de verbintenis voor "
        "de mijlpalen.",
        "partly": "Een deel van deze kritiek nemen we mee: de actualiteit van datasets wordt een mijlpaal. Een "
        "volledige herziening van data.overheid.nl valt buiten dit plan.",
        "not_taken_up": "Dit idee is besproken, maar valt onder het klimaatbeleid van de provincies zelf. Het "
        "actieplan richt zich op openheid van de overheid.",
        "out_of_scope": "Waterschappen vallen onder hun eigen bestuurlijke afspraken; we hebben uw punt doorgestuurd "
        "naar de Unie van Waterschappen.",
    }[outcome]
