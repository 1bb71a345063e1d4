"""A stand-in plan document BODY for the PDF tests (test_pdf.py): the conventions of
templates/publication/plan_document.html (an <h1>, <nav class="toc">, an <h2> per part, an
<h3 id="NL-5-03"> per commitment) in a structure that stays fixed, so that the tests of bookmarks,
the table of contents and running headers can name every heading. The tests of what a published
version holds use the real document (publication.plan_document)."""

LABELS = {
    "nl": {
        "contents": "Inhoud",
        "commitments": "Verbintenissen",
        "lead": "Trekker",
        "supporting": "Ondersteunende organisaties",
        "problem": "Het probleem",
        "causes": "Oorzaken van het probleem",
        "done_so_far": "Wat er tot nu toe is gedaan",
        "description": "Wat de verbintenis doet",
        "how_it_helps": "Hoe het helpt het probleem op te lossen",
        "milestones": "Mijlpalen",
        "milestone": "Mijlpaal",
        "output": "Verwacht resultaat",
        "starts": "Begint",
        "ends": "Eindigt",
        "responsible": "Verantwoordelijk",
    },
    "en": {
        "contents": "Contents",
        "commitments": "Commitments",
        "lead": "Lead organisation",
        "supporting": "Supporting organisations",
        "problem": "The problem it addresses",
        "causes": "Causes of the problem",
        "done_so_far": "What has been done so far",
        "description": "What the commitment does",
        "how_it_helps": "How it helps solve the problem",
        "milestones": "Milestones",
        "milestone": "Milestone",
        "output": "Expected output",
        "starts": "Starts",
        "ends": "Ends",
        "responsible": "Responsible",
    },
}


def standin_body(plan, language: str) -> str:
    """A plan document BODY with the conventions of templates/publication/plan_document.html:
    an <h1>, <nav class="toc"> with links to the anchors, an <h2> per part, an <h3 id="NL-5-03">
    per commitment with its texts and a table of milestones."""
    from django.utils.html import escape, format_html, format_html_join, linebreaks

    from commitments.models import Commitment

    labels = LABELS[language]
    commitments = list(
        Commitment.objects.filter(plan=plan)
        .select_related("lead_organisation")
        .prefetch_related("supporting_organisations", "milestones__responsible_organisation")
        .order_by("sequence")
    )

    def title(c):
        return c.localized("title", language)

    toc = format_html_join(
        "", '<li><a href="#{}">{} {}</a></li>', ((c.identifier, c.identifier, title(c)) for c in commitments)
    )
    parts = [
        format_html('<h1 id="top">{}</h1>', plan.localized("title", language)),
        format_html(
            '<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">{}</h2><ol>'
            '<li><a href="#commitments">{}</a><ol>{}</ol></li></ol></nav>',
            labels["contents"],
            labels["commitments"],
            toc,
        ),
        format_html('<section aria-labelledby="commitments"><h2 id="commitments">{}</h2>', labels["commitments"]),
    ]
    for c in commitments:
        parts.append(
            format_html(
                '<section class="plan-document__commitment" aria-labelledby="{}"><h3 id="{}">{} {}</h3>'
                "<dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>",
                c.identifier,
                c.identifier,
                c.identifier,
                title(c),
                labels["lead"],
                c.lead_organisation.name,
                labels["supporting"],
                ", ".join(o.name for o in c.supporting_organisations.all()),
            )
        )
        for field in ("problem", "causes", "done_so_far", "description", "how_it_helps"):
            parts.append(format_html("<h4>{}</h4>", labels[field]))
            parts.append(linebreaks(escape(c.localized(field, language))))
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    m.localized("description", language),
                    m.localized("expected_output", language),
                    m.starts_on.isoformat() if m.starts_on else "",
                    m.ends_on.isoformat() if m.ends_on else "",
                    m.responsible_organisation.name if m.responsible_organisation else "",
                )
                for m in c.milestones.all()
            ),
        )
        parts.append(
            format_html(
                '<h4>{}</h4><table><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
                '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
                "<tbody>{}</tbody></table></section>",
                labels["milestones"],
                f"{labels['milestones']} {c.identifier}",
                labels["milestone"],
                labels["output"],
                labels["starts"],
                labels["ends"],
                labels["responsible"],
                rows,
            )
        )
    parts.append("</section>")
    return "\n".join(str(p) for p in parts)
