"""Pages of the document repository: the public list, its Atom feed, downloads of uploaded
documents, and the process owners' upload pages."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import clock
from core.files import download, file_delete_on_commit
from core.permissions import permission_required
from plans.models import ActionPlan
from publication.documents import document_rows
from publication.documents_forms import DocumentFilter, DocumentForm
from publication.models import Document

PER_PAGE = 25


def document_list(request):
    filterset = DocumentFilter(request.GET or None, queryset=ActionPlan.objects.none())
    form = filterset.form
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    page = Paginator(document_rows(**filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publication/documents/document_list.html",
        {"filter": filterset, "page": page, "documents": page.object_list, "querystring": query.urlencode()},
    )


def document_file(request, pk):
    """An uploaded document: public once its plan is public and its date has come."""
    document = get_object_or_404(Document.objects.select_related("plan"), pk=pk)
    public = document.plan.status == ActionPlan.Status.PUBLIC and document.published_on <= clock.today()
    if not public and not request.user.has_perm("publication.manage_documents"):
        raise Http404
    return download(document.file, filename=document.filename)


class DocumentFeed(Feed):
    """New documents in the repository, newest first (Atom)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Open Government Action Plan: new documents")
    subtitle = gettext_lazy("Every public document of every action plan.")
    link = reverse_lazy("publication_documents:list")
    feed_url = reverse_lazy("publication_documents:feed")

    def items(self):
        return document_rows()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.kind_label} · {item.plan} · {item.language_label}"

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.key

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _midnight(item.published_on)

    def item_updateddate(self, item):
        return _midnight(item.published_on)

    def item_categories(self, item):
        return [str(item.kind_label)]


def _midnight(day):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


document_feed = DocumentFeed()


# --- Staff ------------------------------------------------------------------------------------------


@permission_required("publication.manage_documents")
def staff_list(request):
    documents = Document.objects.select_related("plan").order_by("-published_on", "-pk")
    return render(request, "publication/documents/staff_list.html", {"documents": documents})


@permission_required("publication.manage_documents")
def staff_create(request):
    return _staff_form(request, None)


def _get_document(request, pk):
    return get_object_or_404(Document.objects.select_related("plan"), pk=pk)


@permission_required("publication.manage_documents", _get_document)
def staff_edit(request, pk, obj):
    return _staff_form(request, obj)


def _staff_form(request, document):
    # The stored file before the form assigns a new one: deleted once a replacement is saved.
    old_file = document.file if document is not None else None
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if old_file and old_file.name != saved.file.name:
            file_delete_on_commit(old_file)
        messages.success(request, _("The document has been saved."))
        return redirect("publication_documents:staff_list")
    return render(request, "publication/documents/staff_form.html", {"form": form, "document": document})


@require_POST
@permission_required("publication.manage_documents", _get_document)
def staff_delete(request, pk, obj):
    file_delete_on_commit(obj.file)
    obj.delete()
    messages.success(request, _("The document has been deleted."))
    return redirect(reverse("publication_documents:staff_list"))
