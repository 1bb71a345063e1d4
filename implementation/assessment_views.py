"""Pages of the end-of-term self-assessment: the public page of a published self-assessment
(served from its frozen HTML, never compiled again), its PDF, and the process owners' page that
previews the compiled self-assessment of a plan and publishes it in English and Dutch."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.files import download
from core.permissions import permission_required
from implementation import assessment
from implementation.models import SelfAssessment
from plans.forms import DATE
from plans.models import ActionPlan

VIEW = "implementation.view_self_assessment"
PUBLISH = "implementation.publish_self_assessment"


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=gettext_lazy("Publication date"),
        widget=DATE,
        help_text=gettext_lazy("The self-assessment appears in the document repository from this date."),
    )


def _assessment(request, slug, pk):
    return get_object_or_404(SelfAssessment.objects.select_related("plan"), plan__slug=slug, pk=pk)


@permission_required(VIEW, _assessment)
def detail(request, slug, pk, obj):
    # The same self-assessment in the other language, published with it.
    other = (
        SelfAssessment.objects.filter(plan=obj.plan, published_on=obj.published_on)
        .exclude(language=obj.language)
        .defer("html")
        .order_by("-pk")
        .first()
    )
    # The HTML was frozen when it was published (compiled by us from escaped data): shown as it is.
    return render(
        request,
        "implementation/self_assessment_page.html",
        {"assessment": obj, "plan": obj.plan, "other_version": other, "body": mark_safe(obj.html)},  # noqa: S308
    )


@permission_required(VIEW, _assessment)
def pdf(request, slug, pk, obj):
    if obj.pdf_status != SelfAssessment.PdfStatus.DONE or not obj.pdf:
        raise Http404
    return download(obj.pdf, filename=f"{obj.plan.slug}-self-assessment-{obj.language}.pdf")


def _plan(request, slug, **kwargs):
    return get_object_or_404(ActionPlan, slug=slug)


@permission_required(PUBLISH, _plan)
def staff(request, slug, obj):
    plan = obj
    form = PublishForm(request.POST or None, initial={"published_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            assessment.self_assessment_publish(
                plan=plan, published_on=form.cleaned_data["published_on"], actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("published_on", message)
        else:
            messages.success(request, _("The self-assessment has been published in English and Dutch."))
            return redirect("implementation_assessment:staff", slug=plan.slug)
    published = SelfAssessment.objects.filter(plan=plan).defer("html").order_by("-published_on", "-pk")
    return render(
        request,
        "implementation/self_assessment_staff.html",
        {"plan": plan, "form": form, "published": published, "blockers": assessment.blockers(plan)},
    )


@permission_required(PUBLISH, _plan)
def preview(request, slug, language, obj):
    if language not in assessment.LANGUAGES:
        raise Http404
    body = assessment.render_assessment(obj, language)
    return render(
        request,
        "implementation/self_assessment_preview.html",
        {"plan": obj, "language": language, "body": mark_safe(body)},  # noqa: S308
    )
