"""Reads of the published versions of a plan: which versions someone may see, the newest per
language, what changed per commitment between two versions, and the versions' documents as
sources of the document repository (``publication.documents``)."""

from dataclasses import dataclass, field

from django.urls import reverse

from accounts.roles import is_staff_member
from commitments.content import versions_diff
from core import clock
from core.i18n import localized_value
from plans.models import ActionPlan
from publication.documents import DocumentRow, Kind, source
from publication.models import PlanVersion, VersionDocument


def visible_versions(plan: ActionPlan, user=None):
    """The versions of ``plan`` that ``user`` may see, oldest first: the public sees a version
    from its publication date (and only of a public plan), staff see them all."""
    versions = PlanVersion.objects.filter(plan=plan).select_related("plan").order_by("number")
    if user is not None and user.is_authenticated and is_staff_member(user):
        return versions
    if plan.status != ActionPlan.Status.PUBLIC:
        return versions.none()
    return versions.filter(published_on__lte=clock.today())


def documents_by_version(versions) -> dict[int, dict]:
    """``{version pk: {(kind, language): VersionDocument}}`` in one query, without the HTML."""
    found: dict[int, dict] = {v.pk: {} for v in versions}
    rows = VersionDocument.objects.filter(version__in=list(versions)).defer("html")
    for document in rows:
        found[document.version_id][(document.kind, document.language)] = document
    return found


@dataclass
class PublishedPlan:
    """What the plan page and the home page link to once a plan has a published version."""

    plan: ActionPlan
    # (language, version, plan document, co-creation report in that language)
    latest: list[tuple] = field(default_factory=list)

    def __bool__(self):
        return bool(self.latest)


def published_plan(plan: ActionPlan) -> PublishedPlan:
    """The newest public version in each language, with its documents. Two queries."""
    versions = list(visible_versions(plan))
    documents = documents_by_version(versions)
    newest = {}
    for version in versions:
        newest[version.language] = version
    result = PublishedPlan(plan=plan)
    for language in ("nl", "en"):
        version = newest.get(language)
        if version is None:
            continue
        docs = documents[version.pk]
        result.latest.append(
            (
                language,
                version,
                docs.get((VersionDocument.Kind.PLAN, language)),
                docs.get((VersionDocument.Kind.COCREATION_REPORT, language)),
            )
        )
    return result


# --- Compare -------------------------------------------------------------------------------


@dataclass
class CommitmentChange:
    identifier: str
    title: str
    state: str  # "added", "removed", "changed", "unchanged"
    rows: list = field(default_factory=list)


def compare(old: PlanVersion, new: PlanVersion, *, language: str) -> list[CommitmentChange]:
    """Per commitment, what changed from ``old`` to ``new``, read from the stored snapshots (never
    from the commitments as they are now)."""
    changes = []
    for identifier in sorted(set(old.commitments) | set(new.commitments)):
        before, after = old.commitments.get(identifier), new.commitments.get(identifier)
        snapshot = after or before
        title = snapshot.get(f"title_{language}") or snapshot.get("title_nl", "")
        if before is None:
            changes.append(CommitmentChange(identifier, title, "added"))
        elif after is None:
            changes.append(CommitmentChange(identifier, title, "removed"))
        else:
            rows = versions_diff(before, after)
            changes.append(CommitmentChange(identifier, title, "changed" if rows else "unchanged", rows))
    return changes


# --- The document repository ---------------------------------------------------------------


def document_url(document: VersionDocument) -> str:
    version = document.version
    if document.kind == VersionDocument.Kind.PLAN:
        return reverse("publication_versions:detail", kwargs={"slug": version.plan.slug, "number": version.number})
    return reverse(
        "publication_versions:report",
        kwargs={"slug": version.plan.slug, "number": version.number, "lang": document.language},
    )


def pdf_url(document: VersionDocument) -> str:
    version = document.version
    return reverse(
        "publication_versions:pdf",
        kwargs={"slug": version.plan.slug, "number": version.number, "kind": document.kind, "lang": document.language},
    )


@source
def version_documents(plans):
    """Every document of every published version: its web page, and its PDF once it is made."""
    documents = (
        VersionDocument.objects.filter(version__plan__in=plans, version__published_on__lte=clock.today())
        .select_related("version__plan")
        .defer("html")
    )
    for document in documents:
        version = document.version
        kind = Kind.PLAN_VERSION if document.kind == VersionDocument.Kind.PLAN else Kind.COCREATION_REPORT
        title = f"{document.title} ({localized_value(version, 'label')})"
        common = {
            "plan": version.plan, "kind": kind, "title": title, "language": document.language,
            "published_on": version.published_on,
        }  # fmt: skip
        yield DocumentRow(key=f"version-document-{document.pk}", url=document_url(document), format="HTML", **common)
        if document.pdf_status == VersionDocument.PdfStatus.DONE and document.pdf:
            yield DocumentRow(key=f"version-document-{document.pk}-pdf", url=pdf_url(document), format="PDF", **common)
