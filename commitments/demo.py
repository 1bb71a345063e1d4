"""Demo commitments of the fifth plan, one in every status of the workflow (see `manage.py seed_demo`).

Natural key: the identifier. Running the seed twice changes nothing; the first run also writes
the versions (for NL-5-03 two of them, so that its history has something to compare).
"""

import datetime

from commitments.content import snapshot_of
from commitments.models import Commitment, CommitmentVersion, Milestone

D = datetime.date
S = Commitment.Status

COMMITMENTS = [
    {
        "sequence": 1, "lead": "BZK", "status": S.PUBLISHED, "author": "proceseigenaar",
        "supporting": ["VNG", "UvW", "OSF"], "themes": ["toegankelijke-informatie", "open-data"],
        "blocks": [0], "contributions": ["Publiceer alle Woo-besluiten op één plek", "Open data is vaak verouderd"],
        "contact": ("Annelies Bakker", "woo@example.org"),
        "title": ("Actieve openbaarmaking in de Woo-categorieën", "Proactive disclosure in the categories of the Open Government Act"),
        "problem": ("Overheidsinformatie die volgens de Wet open overheid (Woo) actief openbaar moet zijn, is vaak niet of laat te vinden. Burgers en journalisten moeten daardoor Woo-verzoeken indienen voor informatie die al openbaar had moeten zijn.",
                    "Government information that the Open Government Act (Woo) requires to be disclosed proactively is often missing or published late. Citizens and journalists have to file requests for information that should already be public."),
        "causes": ("Organisaties hebben hun informatiehuishouding niet op orde, de categorieën zijn nieuw en er is geen gezamenlijke voorziening om documenten te publiceren.",
                   "Organisations' records management is not in order, the categories are new, and there is no shared facility for publishing documents."),
        "done_so_far": ("De Woo is in 2022 in werking getreden. Met de Open Overheid-index is een eerste nulmeting gedaan; het platform open.overheid.nl is in ontwikkeling.",
                        "The Woo came into force in 2022. A first baseline was measured; the platform open.overheid.nl is being developed."),
        "description": ("BZK bouwt met medeoverheden één publicatievoorziening voor de Woo-categorieën en spreekt per categorie een ingangsdatum af. Organisaties krijgen een handreiking en ondersteuning bij het publiceren.",
                        "BZK builds, with co-governments, one publication facility for the Woo categories and agrees a starting date per category. Organisations get guidance and support with publishing."),
        "how_it_helps": ("Als informatie standaard en op één plek openbaar is, hoeven burgers er niet meer om te vragen en wordt de overheid beter controleerbaar.",
                         "When information is public by default and in one place, citizens no longer need to ask for it, and government becomes easier to hold to account."),
        "values": {"transparency": ("Meer overheidsinformatie wordt vanzelf openbaar en vindbaar.", "More government information becomes public and findable by default."),
                   "accountability": ("Besluiten en de stukken erachter worden controleerbaar.", "Decisions and the documents behind them can be checked.")},
        "budget": ("€ 4 miljoen per jaar, uit de begroting van BZK.", "€4 million a year, from the BZK budget."),
        "other_policies": ("Wet open overheid; Werk aan Uitvoering; Open Overheid-index.", "Open Government Act; Work on Implementation; Open Government Index."),
        "sdgs": ("SDG 16.10: openbare toegang tot informatie.", "SDG 16.10: public access to information."),
        "milestones": [
            ("Publicatievoorziening voor de eerste vier Woo-categorieën in gebruik", "First four Woo categories published through the shared facility",
             "Voorziening live; 50 organisaties aangesloten", "Facility live; 50 organisations connected", D(2023, 1, 1), D(2023, 12, 31), "BZK"),
            ("Handreiking en ondersteuning voor gemeenten en waterschappen", "Guidance and support for municipalities and water boards",
             "Handreiking gepubliceerd; 10 regionale bijeenkomsten", "Guidance published; 10 regional meetings", D(2023, 3, 1), D(2024, 6, 30), "VNG"),
            ("Alle Woo-categorieën actief openbaar", "All Woo categories proactively disclosed",
             "Evaluatie met de Open Overheid-index", "Evaluation with the Open Government Index", D(2024, 1, 1), D(2026, 12, 31), "BZK"),
        ],
    },
    {
        "sequence": 2, "lead": "JenV", "status": S.IN_REVIEW, "author": "proceseigenaar",
        "supporting": ["BZK", "TI-NL"], "themes": ["digitale-overheid"],
        "blocks": [1], "contributions": ["Algoritmeregister verplicht maken voor gemeenten"],
        "contact": ("Jeroen de Wit", "algoritmes@example.org"),
        "title": ("Transparantie over algoritmes in opsporing en handhaving", "Transparency about algorithms in law enforcement"),
        "problem": ("Burgers weten niet welke algoritmes politie en handhavers gebruiken en hoe die hun rechten raken.", "Citizens do not know which algorithms the police and enforcement agencies use and how these affect their rights."),
        "causes": ("Er is geen verplichting tot registratie en er bestaat zorg over het prijsgeven van opsporingsmethoden.", "There is no duty to register, and there is concern about revealing investigative methods."),
        "done_so_far": ("Het Algoritmeregister is in 2022 gelanceerd; JenV heeft een eerste inventarisatie gemaakt.", "The Algorithm Register was launched in 2022; the ministry made a first inventory."),
        "description": ("JenV registreert alle impactvolle algoritmes in het Algoritmeregister en legt uit waar dat niet kan.", "The ministry registers all high-impact algorithms in the Algorithm Register and explains where that is not possible."),
        "how_it_helps": ("Burgers en toezichthouders kunnen het gebruik van algoritmes volgen en bevragen.", "Citizens and supervisors can follow and question the use of algorithms."),
        "values": {"transparency": ("Het gebruik van algoritmes wordt zichtbaar.", "The use of algorithms becomes visible."),
                   "accountability": ("Toezichthouders en burgers kunnen JenV erop aanspreken.", "Supervisors and citizens can hold the ministry to account.")},
        "milestones": [
            ("Inventarisatie van impactvolle algoritmes afgerond", "Inventory of high-impact algorithms completed",
             "Openbaar overzicht", "Public overview", D(2023, 1, 1), D(2023, 9, 30), "JenV"),
            ("Alle impactvolle algoritmes geregistreerd", "All high-impact algorithms registered",
             "Registraties in het Algoritmeregister", "Entries in the Algorithm Register", D(2023, 10, 1), D(2024, 12, 31), "JenV"),
        ],
    },
    {
        "sequence": 3, "lead": "VNG", "status": S.DRAFT, "author": "actiehouder",
        "supporting": ["Gemeente Utrecht", "OSF"], "themes": ["open-besluitvorming"],
        "blocks": [], "contributions": [],
        "contact": ("Pieter Jansen", ""),
        "title": ("Open raadsinformatie in alle gemeenten", "Open council information in every municipality"),
        "problem": ("Raadsstukken zijn per gemeente anders en vaak slecht doorzoekbaar.", ""),
        "causes": ("Gemeenten gebruiken verschillende systemen zonder gemeenschappelijke standaard.", ""),
        "done_so_far": ("", ""),
        "description": ("De VNG helpt gemeenten hun raadsinformatie volgens de standaard Open Raadsinformatie te publiceren.", ""),
        "how_it_helps": ("", ""),
        "values": {"transparency": ("Raadsinformatie wordt vindbaar en vergelijkbaar.", "")},
        "milestones": [
            ("Standaard Open Raadsinformatie vastgesteld", "", "", "", D(2023, 3, 1), None, "VNG"),
        ],
    },
    {
        "sequence": 4, "lead": "Gemeente Utrecht", "status": S.READY, "author": "proceseigenaar",
        "supporting": ["VNG"], "themes": ["burgerparticipatie", "open-besluitvorming"],
        "blocks": [2], "contributions": ["Meer inspraak bij de begroting van mijn gemeente"],
        "contact": ("Marloes Visser", "participatie@example.org"),
        "title": ("Wijkbudgetten samen met inwoners", "Neighbourhood budgets with residents"),
        "problem": ("Inwoners hebben weinig zicht op en invloed in de besteding van geld in hun wijk.", "Residents have little insight into and say over how money is spent in their neighbourhood."),
        "causes": ("Begrotingen zijn ingewikkeld en participatie gebeurt laat in het proces.", "Budgets are complex and participation happens late in the process."),
        "done_so_far": ("Utrecht experimenteerde in twee wijken met een burgerbegroting.", "Utrecht tried a participatory budget in two neighbourhoods."),
        "description": ("Utrecht laat in alle wijken inwoners meebeslissen over een deel van het wijkbudget en deelt de aanpak met andere gemeenten.", "Utrecht lets residents in every neighbourhood decide on part of the neighbourhood budget and shares the approach with other municipalities."),
        "how_it_helps": ("Inwoners krijgen echte invloed en zien wat er met hun inbreng gebeurt.", "Residents get real influence and see what happens with their input."),
        "values": {"participation": ("Inwoners beslissen mee over geld in hun wijk.", "Residents decide on money in their neighbourhood."),
                   "transparency": ("De besteding van wijkbudgetten is openbaar.", "The spending of neighbourhood budgets is public.")},
        "milestones": [
            ("Aanpak voor alle wijken vastgesteld", "Approach for all neighbourhoods agreed",
             "Raadsbesluit", "Council decision", D(2023, 1, 1), D(2023, 6, 30), "Gemeente Utrecht"),
            ("Eerste ronde wijkbudgetten in alle wijken", "First round of neighbourhood budgets in every neighbourhood",
             "Openbaar overzicht van gekozen projecten", "Public overview of chosen projects", D(2023, 9, 1), D(2024, 6, 30), "Gemeente Utrecht"),
        ],
    },
    {
        "sequence": 5, "lead": "OSF", "status": S.FINAL, "author": "proceseigenaar",
        "supporting": ["BZK", "TI-NL"], "themes": ["integriteit"],
        "blocks": [], "contributions": ["Lobbyregister voor de Tweede Kamer en ministeries"],
        "contact": ("Sara van Dijk", "lobby@example.org"),
        "title": ("Openbare agenda's van bewindspersonen als open data", "Ministers' public diaries as open data"),
        "problem": ("Het is moeilijk na te gaan wie met bewindspersonen spreekt over beleid en wetgeving.", "It is hard to find out who meets ministers about policy and legislation."),
        "causes": ("Agenda's worden verschillend en onvolledig gepubliceerd, niet als data.", "Diaries are published differently and incompletely, not as data."),
        "done_so_far": ("Open State Foundation verzamelt agenda's sinds 2019 en publiceert analyses.", "Open State Foundation has collected diaries since 2019 and publishes analyses."),
        "description": ("Met BZK komt er een standaard voor agenda's van bewindspersonen; alle ministeries publiceren volgens die standaard.", "With BZK, a standard for ministers' diaries is set; every ministry publishes to it."),
        "how_it_helps": ("Journalisten, onderzoekers en burgers kunnen lobbycontacten volgen en vergelijken.", "Journalists, researchers and citizens can follow and compare lobbying contacts."),
        "values": {"transparency": ("Contacten met bewindspersonen worden openbaar.", "Contacts with ministers become public."),
                   "accountability": ("Invloed op beleid wordt controleerbaar.", "Influence on policy can be checked.")},
        "milestones": [
            ("Standaard voor openbare agenda's vastgesteld", "Standard for public diaries agreed",
             "Gepubliceerde standaard", "Published standard", D(2023, 2, 1), D(2023, 9, 30), "OSF"),
            ("Alle ministeries publiceren hun agenda's als open data", "All ministries publish their diaries as open data",
             "Dataset op data.overheid.nl", "Dataset on data.overheid.nl", D(2023, 10, 1), D(2024, 12, 31), "BZK"),
        ],
    },
]  # fmt: skip


def _content(item):
    fields = {}
    for name in (
        "title",
        "problem",
        "causes",
        "done_so_far",
        "description",
        "how_it_helps",
        "budget",
        "other_policies",
        "sdgs",
    ):
        nl, en = item.get(name, ("", ""))
        fields[f"{name}_nl"], fields[f"{name}_en"] = nl, en
    for value in ("transparency", "participation", "accountability"):
        nl, en = item["values"].get(value, ("", ""))
        fields[value] = value in item["values"]
        fields[f"{value}_why_nl"], fields[f"{value}_why_en"] = nl, en
    fields["contact_name"], fields["contact_email"] = item["contact"]
    return fields


def seed(ctx):
    seed_commitments(ctx, COMMITMENTS)


def seed_commitments(ctx, items):
    """Create or update the commitments ``items`` (in the shape of ``COMMITMENTS``) in the demo plan.
    The apps above add theirs with it (publication's demo: the rest of the published plan)."""
    plan, orgs, users = ctx["plan"], ctx["organisations"], ctx["users"]
    themes = ctx.get("themes", {})
    blocks = ctx.get("building_blocks", [])
    contributions = ctx.get("contributions", {})
    for item in items:
        commitment, _ = Commitment.objects.update_or_create(
            identifier=f"NL-{plan.number}-{item['sequence']:02d}",
            defaults={
                "plan": plan, "sequence": item["sequence"], "lead_organisation": orgs[item["lead"]],
                "status": item["status"], "updated_by": users[item["author"]], **_content(item),
            },
        )  # fmt: skip
        commitment.supporting_organisations.set([orgs[o] for o in item["supporting"]])
        commitment.themes.set([themes[t] for t in item["themes"] if t in themes])
        commitment.building_blocks.set([blocks[i] for i in item["blocks"] if i < len(blocks)])
        commitment.contributions.set([contributions[t] for t in item["contributions"] if t in contributions])
        for position, (nl, en, out_nl, out_en, start, end, org) in enumerate(item["milestones"], 1):
            Milestone.objects.update_or_create(
                commitment=commitment, position=position,
                defaults={
                    "description_nl": nl, "description_en": en, "expected_output_nl": out_nl,
                    "expected_output_en": out_en, "starts_on": start, "ends_on": end,
                    "responsible_organisation": orgs[org],
                },
            )  # fmt: skip
        commitment.milestones.filter(position__gt=len(item["milestones"])).delete()
        if not commitment.versions.exists():
            _first_versions(commitment, users[item["author"]])


def _first_versions(commitment, author):
    snapshot = snapshot_of(commitment)
    numbers = []
    if commitment.sequence == 3:
        # An earlier, shorter draft, so that the demo history has two versions to compare.
        earlier = {**snapshot, "causes_nl": "", "description_nl": "De VNG helpt gemeenten met raadsinformatie."}
        CommitmentVersion.objects.create(
            commitment=commitment, number=1, author=author, snapshot=earlier,
            changed_fields=[k for k, v in earlier.items() if v not in ("", [], None, False)],
        )  # fmt: skip
        numbers.append(1)
    number = len(numbers) + 1
    CommitmentVersion.objects.create(
        commitment=commitment, number=number, author=author, snapshot=snapshot,
        changed_fields=["causes_nl", "description_nl"] if number > 1 else [k for k, v in snapshot.items() if v not in ("", [], None, False)],
    )  # fmt: skip
    Commitment.objects.filter(pk=commitment.pk).update(version=number)
