import django_filters
from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.roles import is_process_owner
from commitments.models import OGP_VALUES, PROSE_FIELDS, Commitment, Milestone
from commitments.rules import drafting_deadline
from core import clock
from core.concurrency import EditVersionFormMixin
from core.dates import show_date
from ideas.models import BuildingBlock, Idea
from plans.models import ActionPlan, Theme

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class CommitmentCreateForm(forms.ModelForm):
    """The first step: which plan, which action holder leads, and a title. The identifier is given
    when this is saved; the rest of the template follows on the edit page."""

    class Meta:
        model = Commitment
        fields = ["plan", "lead_organisation", "title_nl", "title_en"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.owner = is_process_owner(user)
        plans = ActionPlan.objects.filter(action_holders__isnull=False).distinct().order_by("-number")
        organisations = Organisation.objects.filter(action_holder_of__isnull=False).distinct()
        if not self.owner:
            plans = plans.filter(action_holders__memberships__user=user)
            organisations = organisations.filter(memberships__user=user)
        self.fields["plan"].queryset = plans
        self.fields["lead_organisation"].queryset = organisations.order_by("name")
        if not self.is_bound:
            # An action holder with one plan to choose and one organisation leads with those:
            # preselect them instead of making them pick the only option.
            for name in ("plan", "lead_organisation"):
                only = list(self.fields[name].queryset[:2])
                if len(only) == 1 and name not in self.initial:
                    self.initial[name] = only[0].pk
        self.fields["title_nl"].required = True

    def clean(self):
        data = super().clean()
        plan, lead = data.get("plan"), data.get("lead_organisation")
        if plan and lead and not plan.action_holders.filter(pk=lead.pk).exists():
            self.add_error("lead_organisation", _("This organisation is not an action holder of the chosen plan."))
        if plan and not self.owner:
            deadline = drafting_deadline(plan)
            if deadline and clock.today() > deadline:
                self.add_error("plan", _("The drafting deadline of this plan has passed."))
        return data


class CommitmentForm(EditVersionFormMixin, forms.ModelForm):
    """OGP's template. Only a Dutch title is needed to save a draft; what a commitment needs
    before review is listed on its page (``commitments.content.commitment_missing``)."""

    class Meta:
        model = Commitment
        fields = [
            *[f"{name}_{lang}" for name, _label in PROSE_FIELDS[:6] for lang in ("nl", "en")],
            *[f for name, _label in OGP_VALUES for f in (name, f"{name}_why_nl", f"{name}_why_en")],
            *[f"{name}_{lang}" for name, _label in PROSE_FIELDS[6:] for lang in ("nl", "en")],
            "contact_name", "contact_email", "supporting_organisations", "themes", "building_blocks", "contributions",
        ]  # fmt: skip
        widgets = {
            "supporting_organisations": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "building_blocks": forms.CheckboxSelectMultiple,
            "contributions": forms.CheckboxSelectMultiple,
            **{f"{n}_why_{lang}": _textarea(3) for n, _label in OGP_VALUES for lang in ("nl", "en")},
            **{f"{n}_{lang}": _textarea(3) for n, _label in PROSE_FIELDS[6:] for lang in ("nl", "en")},
        }
        help_texts = {
            "supporting_organisations": _(
                "Grouped on the public page as government, civil society, private sector and other."
            ),
            "building_blocks": _("The building blocks of this plan the commitment draws on."),
            "contributions": _("Contributions this commitment takes up; they will link back to it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["title_nl"].required = True
        self.fields["supporting_organisations"].queryset = Organisation.objects.exclude(
            pk=self.instance.lead_organisation_id
        ).order_by("name")
        self.fields["themes"].queryset = Theme.objects.filter(
            Q(is_active=True) | Q(commitments=self.instance)
        ).distinct()
        self.fields["building_blocks"].queryset = BuildingBlock.objects.filter(plan=plan)
        self.fields["contributions"].queryset = (
            Idea.objects.filter(plan=plan)
            .filter(Q(status=Idea.Status.PUBLISHED) | Q(commitments=self.instance))
            .distinct()
        )

    def pairs(self):
        """The prose fields as (Dutch, English) pairs, for the side-by-side layout."""
        return [(self[f"{name}_nl"], self[f"{name}_en"]) for name, _label in PROSE_FIELDS[:6]]

    def values(self):
        return [(self[name], self[f"{name}_why_nl"], self[f"{name}_why_en"]) for name, _label in OGP_VALUES]

    def additional_pairs(self):
        return [(self[f"{name}_nl"], self[f"{name}_en"]) for name, _label in PROSE_FIELDS[6:]]


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = [
            "description_nl", "description_en", "expected_output_nl", "expected_output_en",
            "starts_on", "ends_on", "responsible_organisation",
        ]  # fmt: skip
        widgets = {
            "description_nl": _textarea(3),
            "description_en": _textarea(3),
            "expected_output_nl": _textarea(2),
            "expected_output_en": _textarea(2),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["description_nl"].required = True
        self.fields["responsible_organisation"].queryset = Organisation.objects.order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("A milestone cannot end before it starts."))
        term = {"start": show_date(self.plan.term_start), "end": show_date(self.plan.term_end)}
        for name in ("starts_on", "ends_on"):
            day = data.get(name)
            if day and not (self.plan.term_start <= day <= self.plan.term_end):
                self.add_error(name, _("Choose a date within the plan's term, %(start)s to %(end)s.") % term)
        return data


class BaseMilestoneFormSet(forms.BaseInlineFormSet):
    def get_ordering_widget(self):
        return forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"})

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Position")
            form.fields["ORDER"].help_text = _("Milestones are shown in this order.")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this milestone")


MilestoneFormSet = inlineformset_factory(
    Commitment,
    Milestone,
    form=MilestoneForm,
    formset=BaseMilestoneFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
)


class CommitmentFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        field_name="themes",
        empty_label=_("All themes"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(
            Q(led_commitments__in=Commitment.objects.public())
            | Q(supported_commitments__in=Commitment.objects.public())
        ).distinct(),
        method="by_organisation",
        empty_label=_("All organisations"),
    )

    class Meta:
        model = Commitment
        fields = ["theme", "organisation"]

    def by_organisation(self, queryset, name, value):
        return queryset.filter(Q(lead_organisation=value) | Q(supporting_organisations=value)).distinct()
