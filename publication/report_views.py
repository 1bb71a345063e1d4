"""The staff preview of the co-creation report (``publication.cocreation``), in Dutch and English:
the report as it would be published with a version today."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.permissions import permission_required
from plans.models import ActionPlan
from publication import cocreation

PREVIEW = "publication.preview_cocreation_report"
LANGUAGES = dict(settings.LANGUAGES)


def _plan(request, slug, **kwargs):
    return get_object_or_404(ActionPlan, slug=slug)


@permission_required(PREVIEW, _plan)
def preview(request, slug, language, obj):
    if language not in LANGUAGES:
        raise Http404
    languages = [
        (code, name, reverse("publication_report:preview", kwargs={"slug": obj.slug, "language": code}))
        for code, name in settings.LANGUAGES
    ]
    return render(
        request,
        "publication/cocreation_preview.html",
        {
            "plan": obj,
            "language": language,
            "languages": languages,
            "body": cocreation.render_report(obj, language),
        },
    )
