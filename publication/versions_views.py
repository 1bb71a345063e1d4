"""Pages of the published versions of a plan: the public list, a version's frozen document and
co-creation report (served from the stored HTML, never compiled again), their PDFs, the comparison
of two versions; and the process owners' pages to write the plan's texts and to publish."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.files import download
from core.permissions import permission_required
from plans.models import ActionPlan
from publication import services, tasks
from publication.models import PlanText, PlanVersion, VersionDocument
from publication.versions import compare, documents_by_version, visible_versions
from publication.versions_forms import CompareForm, PlanTextForm, PublishForm

PUBLISH = "publication.publish_version"
EDIT_TEXT = "publication.edit_plan_text"


def _plan(request, slug, **kwargs):
    return get_object_or_404(ActionPlan, slug=slug)


def _version(request, slug, number, **kwargs):
    return get_object_or_404(PlanVersion.objects.select_related("plan"), plan__slug=slug, number=number)


@permission_required("plans.read_plan", _plan)
def version_list(request, slug, obj):
    versions = list(visible_versions(obj, request.user))
    documents = documents_by_version(versions)
    rows = [(version, documents[version.pk]) for version in reversed(versions)]
    return render(
        request,
        "publication/versions/version_list.html",
        {"plan": obj, "rows": rows, "can_compare": len(versions) > 1, "can_publish": request.user.has_perm(PUBLISH)},
    )


def _staff_document(request, slug, number, kind, lang, **kwargs):
    """A document of a version, for staff: of any version, also one not out yet."""
    return get_object_or_404(
        VersionDocument.objects.select_related("version__plan").defer("html"),
        version__plan__slug=slug,
        version__number=number,
        kind=kind,
        language=lang,
    )


def _document(version, kind, language):
    document = VersionDocument.objects.filter(version=version, kind=kind, language=language).first()
    if document is None:
        raise Http404
    return document


@permission_required("publication.read_version", _version)
def version_detail(request, slug, number, obj):
    """The plan document as it was published: the stored HTML."""
    document = _document(obj, VersionDocument.Kind.PLAN, obj.language)
    others = documents_by_version([obj])[obj.pk]
    return render(
        request,
        "publication/versions/version_detail.html",
        {"plan": obj.plan, "version": obj, "document": document, "documents": others},
    )


@permission_required("publication.read_version", _version)
def report_detail(request, slug, number, lang, obj):
    """The co-creation report published with the version, in ``lang``: the stored HTML."""
    document = _document(obj, VersionDocument.Kind.COCREATION_REPORT, lang)
    return render(
        request,
        "publication/versions/report_detail.html",
        {"plan": obj.plan, "version": obj, "document": document},
    )


@permission_required("publication.read_version", _version)
def version_pdf(request, slug, number, kind, lang, obj):
    document = _document(obj, kind, lang)
    if document.pdf_status != VersionDocument.PdfStatus.DONE or not document.pdf:
        raise Http404
    filename = f"{obj.plan.slug}-{obj.number}-{kind.replace('_', '-')}-{lang}.pdf"
    return download(document.pdf, filename=filename)


@permission_required("plans.read_plan", _plan)
def version_compare(request, slug, obj):
    """Per commitment, what changed between two versions (from their stored snapshots)."""
    versions = list(visible_versions(obj, request.user))
    by_number = {v.number: v for v in versions}
    initial = {}
    if len(versions) > 1:
        initial = {"a": versions[-2].number, "b": versions[-1].number}
    form = CompareForm(request.GET or initial, versions=versions)
    changes, old, new = None, None, None
    if form.is_valid():
        old, new = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
        changes = compare(old, new, language=request.LANGUAGE_CODE[:2])
    return render(
        request,
        "publication/versions/compare.html",
        {"plan": obj, "form": form, "changes": changes, "old": old, "new": new, "versions": versions},
    )


# --- Staff ---------------------------------------------------------------------------------


@permission_required(PUBLISH, _plan)
def staff_publish(request, slug, obj):
    """What blocks a version in each language, the form to publish one, and the versions with the
    progress of their PDFs."""
    plan = obj
    initial = {"number": services.next_number(plan), "published_on": clock.today()}
    form = PublishForm(request.POST or None, plan=plan, initial=initial)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_version(plan, actor=request.user, **form.cleaned_data)
        except services.PublishRefused as refusal:
            refused = refusal
            for name, message in refusal.errors.items():
                form.add_error(name, message)
        else:
            messages.success(
                request,
                _("Version %(number)s has been published. Its PDFs are being made.") % {"number": version.number},
            )
            return redirect("publication_versions:staff_publish", slug=plan.slug)
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("-number"))
    documents = documents_by_version(versions)
    return render(
        request,
        "publication/versions/staff_publish.html",
        {
            "plan": plan,
            "form": form,
            "refused": refused,
            "blockers": [(code, services.blockers(plan, code)) for code in ("en", "nl")],
            "rows": [(version, documents[version.pk]) for version in versions],
        },
    )


@require_POST
@permission_required(PUBLISH, _staff_document)
def staff_retry_pdf(request, slug, number, kind, lang, obj):
    """Try again to make a PDF that failed: the row waits again and a worker takes it (the
    task skips a row that is not waiting, so a second press or a stale page does no harm)."""
    if obj.pdf_status == VersionDocument.PdfStatus.FAILED:
        tasks.enqueue_pdf(obj)
        messages.success(request, _("The PDF is being made again. Its progress shows below."))
    else:
        messages.info(request, _("This PDF has not failed: there is nothing to try again."))
    return redirect("publication_versions:staff_publish", slug=slug)


@permission_required(EDIT_TEXT, _plan)
def staff_text(request, slug, obj):
    """The introduction and the context of the plan document, in Dutch and English."""
    text = PlanText.objects.filter(plan=obj).first() or PlanText(plan=obj)
    form = PlanTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        services.plan_text_save(plan=obj, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("The texts of the plan document have been saved."))
        return redirect("publication_versions:staff_publish", slug=obj.slug)
    return render(request, "publication/versions/staff_text.html", {"plan": obj, "form": form})
