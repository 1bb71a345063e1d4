"""Demo data of publication: an IRM report in the repository, and the published fifth plan.

The IRM report is published 2023-01-20, after the English version went to OGP (2022-12-30): the
repository shows it at today's date and at ``PLATFORM_TODAY=2023-02-01``, not before.

The fifth plan has two published versions: English version 1, submitted to OGP on 2022-12-30, and
the Dutch public version 2 of 2023-02-01, in which one milestone moved after OGP's comments (the
comparison of the two versions shows it). Each has the co-creation report in both languages. The
versions hold five commitments: NL-5-01 and NL-5-05 of the commitments demo and three more added
here (NL-5-06 to NL-5-08).

The versions are written with ``services.freeze_version``, the writing half of ``publish_version``
without its checks: the commitments demo keeps one commitment in every status of the workflow
(NL-5-02 to NL-5-04) to show the workflow at today's date, which would block a publication now,
whereas at the time of these versions those three had been set aside. Everything else is what
publishing does. Running the seed twice changes nothing.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from commitments import demo as commitments_demo
from commitments.models import Commitment, Milestone
from publication import services, tasks
from publication.models import Document, PlanText, PlanVersion, VersionDocument
from stakeholders.demo import tiny_pdf

D = datetime.date
S = Commitment.Status
IRM_TITLE_NL = "IRM-beoordeling van het vijfde actieplan"
IRM_TITLE_EN = "IRM Action Plan Review: the Netherlands 2023–2025"

PLAN_TEXT = {
    "introduction_nl": (
        "Dit is het vijfde Actieplan Open Overheid van Nederland. Het is samen met medeoverheden, "
        "maatschappelijke organisaties, wetenschap en inwoners opgesteld: iedereen kon ideeën, suggesties en "
        "kritische noten inbrengen, en in meedenksessies zijn die uitgewerkt tot bouwstenen en verbintenissen.\n\n"
        "Het plan loopt van 2023 tot en met 2026 en wordt na twee jaar herijkt."
    ),
    "introduction_en": (
        "This is the fifth Open Government Action Plan of the Netherlands. It was written together with "
        "co-governments, civil society organisations, academia and residents: everyone could bring in ideas, "
        "suggestions and critical notes, which co-creation sessions turned into building blocks and "
        "commitments.\n\nThe plan runs from 2023 to 2026 and is refreshed after two years."
    ),
    "context_nl": (
        "Nederland is sinds 2011 lid van het Open Government Partnership. De Wet open overheid (2022) vraagt "
        "overheden informatie actief openbaar te maken; de Staat van de Open Overheid laat zien dat er vooral "
        "bij vindbaarheid, participatie en lobbytransparantie nog veel te winnen is."
    ),
    "context_en": (
        "The Netherlands has been a member of the Open Government Partnership since 2011. The Open Government "
        "Act (2022) asks government to disclose information proactively; the State of Open Government shows "
        "that there is most to gain in findability, participation and lobbying transparency."
    ),
}

# The rest of the published plan, in the shape of ``commitments.demo.COMMITMENTS``.
MORE_COMMITMENTS = [
    {
        "sequence": 6, "lead": "UvW", "status": S.FINAL, "author": "proceseigenaar",
        "supporting": ["VNG", "BZK"], "themes": ["open-data"], "blocks": [], "contributions": [],
        "contact": ("Lotte Verbeek", "open-data@example.org"),
        "title": ("Open data over waterkwaliteit en waterveiligheid", "Open data on water quality and flood safety"),
        "problem": ("Gegevens over waterkwaliteit en dijken liggen verspreid bij 21 waterschappen en zijn moeilijk te vergelijken.",
                    "Data on water quality and dykes is spread over 21 water boards and hard to compare."),
        "causes": ("Elk waterschap gebruikt eigen systemen en definities.", "Each water board uses its own systems and definitions."),
        "done_so_far": ("Vijf waterschappen publiceren al meetgegevens als open data.", "Five water boards already publish measurements as open data."),
        "description": ("De waterschappen publiceren samen hun meetgegevens volgens één standaard op één portaal.",
                        "The water boards jointly publish their measurements to one standard on one portal."),
        "how_it_helps": ("Inwoners, onderzoekers en journalisten kunnen de toestand van het water in hun regio volgen.",
                         "Residents, researchers and journalists can follow the state of the water in their region."),
        "values": {"transparency": ("Meetgegevens worden openbaar en vergelijkbaar.", "Measurements become public and comparable.")},
        "budget": ("€ 1,2 miljoen, gedeeld door de waterschappen.", "€1.2 million, shared by the water boards."),
        "milestones": [
            ("Gezamenlijke datastandaard vastgesteld", "Joint data standard agreed",
             "Gepubliceerde standaard", "Published standard", D(2023, 3, 1), D(2023, 12, 31), "UvW"),
            ("Alle waterschappen publiceren op het portaal", "All water boards publish on the portal",
             "21 waterschappen aangesloten", "21 water boards connected", D(2024, 1, 1), D(2025, 6, 30), "UvW"),
        ],
    },
    {
        "sequence": 7, "lead": "BZK", "status": S.FINAL, "author": "proceseigenaar",
        "supporting": ["Gemeente Utrecht", "VNG"], "themes": ["burgerparticipatie"], "blocks": [], "contributions": [],
        "contact": ("Annelies Bakker", "participatie-bzk@example.org"),
        "title": ("Een participatiekompas voor rijksoverheid en gemeenten", "A participation compass for central and local government"),
        "problem": ("Inwoners worden vaak laat en op wisselende manieren betrokken; wat er met hun inbreng gebeurt, blijft onduidelijk.",
                    "Residents are often involved late and in varying ways; what happens to their input remains unclear."),
        "causes": ("Er zijn geen gedeelde afspraken over de kwaliteit van participatie.", "There are no shared agreements on the quality of participation."),
        "done_so_far": ("Verschillende gemeenten hebben participatieverordeningen; de Omgevingswet vraagt participatie.",
                        "Several municipalities have participation ordinances; the Environment Act requires participation."),
        "description": ("BZK ontwikkelt met gemeenten een kompas met kwaliteitseisen voor participatie en een terugkoppelplicht.",
                        "BZK develops with municipalities a compass with quality standards for participation and a duty to report back."),
        "how_it_helps": ("Inwoners weten vooraf wat ze kunnen verwachten en horen achteraf wat er met hun inbreng is gedaan.",
                         "Residents know beforehand what to expect and hear afterwards what was done with their input."),
        "values": {"participation": ("Betere en eerlijkere participatie.", "Better and fairer participation."),
                   "accountability": ("Overheden leggen verantwoording af over wat ze met inbreng doen.", "Governments account for what they do with input.")},
        "milestones": [
            ("Participatiekompas gepubliceerd", "Participation compass published",
             "Kompas en handreiking", "Compass and guidance", D(2023, 3, 1), D(2023, 12, 31), "BZK"),
            ("Tien gemeenten werken met het kompas", "Ten municipalities use the compass",
             "Evaluatierapport", "Evaluation report", D(2024, 1, 1), D(2024, 12, 31), "VNG"),
        ],
    },
    {
        "sequence": 8, "lead": "TI-NL", "status": S.FINAL, "author": "proceseigenaar",
        "supporting": ["BZK", "JenV"], "themes": ["integriteit"], "blocks": [], "contributions": [],
        "contact": ("Daan Mulder", "integriteit@example.org"),
        "title": ("Een lobbyregister voor het Rijk", "A lobbying register for central government"),
        "problem": ("Het is niet zichtbaar welke belangenbehartigers invloed uitoefenen op wetgeving.",
                    "It is not visible which interest groups influence legislation."),
        "causes": ("Nederland heeft geen verplicht lobbyregister.", "The Netherlands has no mandatory lobbying register."),
        "done_so_far": ("De Tweede Kamer heeft een vrijwillig register; de Raad van Europa (GRECO) beveelt een verplicht register aan.",
                        "Parliament has a voluntary register; the Council of Europe (GRECO) recommends a mandatory one."),
        "description": ("BZK werkt met Transparency International Nederland een wetsvoorstel uit voor een verplicht lobbyregister.",
                        "BZK works with Transparency International Netherlands on a bill for a mandatory lobbying register."),
        "how_it_helps": ("Invloed op beleid wordt zichtbaar en controleerbaar.", "Influence on policy becomes visible and verifiable."),
        "values": {"transparency": ("Lobbycontacten worden openbaar.", "Lobbying contacts become public."),
                   "accountability": ("Bewindspersonen leggen verantwoording af over hun contacten.", "Ministers account for their contacts.")},
        "milestones": [
            ("Consultatie over het wetsvoorstel", "Consultation on the bill",
             "Internetconsultatie afgerond", "Online consultation completed", D(2023, 6, 1), D(2023, 12, 31), "BZK"),
            ("Wetsvoorstel naar de Tweede Kamer", "Bill sent to Parliament",
             "Ingediend wetsvoorstel", "Bill submitted", D(2024, 1, 1), D(2024, 12, 31), "BZK"),
        ],
    },
]  # fmt: skip

IN_THE_VERSIONS = ["NL-5-01", "NL-5-05", "NL-5-06", "NL-5-07", "NL-5-08"]
VERSIONS = [
    {
        "number": 1, "language": "en", "published_on": D(2022, 12, 30),
        "label_nl": "Engelse versie, ingediend bij OGP", "label_en": "English version submitted to OGP",
    },
    {
        "number": 2, "language": "nl", "published_on": D(2023, 2, 1),
        "label_nl": "Nederlandse publieksversie", "label_en": "Dutch public version",
        "changes_nl": "Na het commentaar van OGP loopt de tweede mijlpaal van NL-5-07 een half jaar langer, tot eind 2024.",
        "changes_en": "After OGP's comments, the second milestone of NL-5-07 runs half a year longer, until the end of 2024.",
    },
]  # fmt: skip


def seed(ctx):
    plan = ctx["plan"]
    _irm_report(plan)
    PlanText.objects.update_or_create(plan=plan, defaults=PLAN_TEXT)
    commitments_demo.seed_commitments(ctx, MORE_COMMITMENTS)
    if not PlanVersion.objects.filter(plan=plan).exists():
        _versions(plan, ctx["users"]["proceseigenaar"])
    # The commitments demo sets its statuses again on every run: what the versions hold is published.
    Commitment.objects.filter(plan=plan, identifier__in=IN_THE_VERSIONS).update(status=S.PUBLISHED)
    _render_pdfs(plan)


def _irm_report(plan):
    if Document.objects.filter(plan=plan, kind=Document.Kind.IRM_REPORT, title_nl=IRM_TITLE_NL).exists():
        return
    Document.objects.create(
        plan=plan,
        kind=Document.Kind.IRM_REPORT,
        title_nl=IRM_TITLE_NL,
        title_en=IRM_TITLE_EN,
        language="en",  # IRM reports are written in English
        published_on=datetime.date(2023, 1, 20),
        file=ContentFile(tiny_pdf(IRM_TITLE_EN), name="irm-action-plan-review-nl-2023.pdf"),
    )


def _versions(plan, actor):
    first, second = VERSIONS
    moved = Milestone.objects.get(commitment__identifier="NL-5-07", position=2)
    with transaction.atomic():
        # Version 1 as it went to OGP: the milestone still ended mid-2024.
        Milestone.objects.filter(pk=moved.pk).update(ends_on=D(2024, 6, 30))
        services.freeze_version(plan, actor=actor, **first)
        Milestone.objects.filter(pk=moved.pk).update(ends_on=moved.ends_on)
        services.freeze_version(plan, actor=actor, **second)


def _render_pdfs(plan):
    render_pending_pdfs(VersionDocument.objects.filter(version__plan=plan))


def render_pending_pdfs(queryset) -> int:
    """Make the PDFs of the rows of ``queryset`` (any ``RenderedPdf`` model) that do not have one
    yet, now and in this process, as a worker would (``tasks.render_pdf_document``): the demo has
    its PDFs without a Celery worker, also when a broker is configured. The task queued at commit
    for such a row finds it made and does nothing. Returns how many were made."""
    model = queryset.model
    made = 0
    for pk in queryset.exclude(pdf_status=model.PdfStatus.DONE).values_list("pk", flat=True):
        row = model._default_manager.get(pk=pk)
        if row.pdf_status == model.PdfStatus.FAILED:
            tasks.enqueue_pdf(row)  # back to waiting (its task at commit finds it made)
        if tasks.render_pdf_document(model._meta.app_label, model._meta.model_name, pk) == "done":
            made += 1
    return made
