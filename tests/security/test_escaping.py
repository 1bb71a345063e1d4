"""Script and formula payloads in every text field that someone fills in and others see.

Each *flow* below fills in one form the way its user does (a participant, a moderator, a process
owner, an action holder), through the test client, with the payload in every text field, and
then opens the pages, exports and emails that show what was typed, as the people who see them.
On every HTML page and email the payload must appear escaped (``&lt;script&gt;``) and never as
markup (``<script>alert(1)``, ``<img src=x onerror``); in a CSV export no cell may start with
``=``, ``+``, ``-`` or ``@`` (spreadsheets run those as formulas).

How a new form is covered: ``test_every_text_form_has_a_flow`` finds every form class of the
platform's apps (every subclass of Django's ``BaseForm`` defined in one of the ``LOCAL_APPS``)
that has a free-text field (a ``CharField`` that is not an email address, web address or slug).
Each must be named by a flow (``@flow(FormClass, …)``) or listed in ``NOT_SHOWN`` with the reason
its text is never shown as typed. A new form with a text field therefore fails that test until
someone writes its flow: which page shows the text is knowledge the code does not hold.

Found problems are strict xfails in ``KNOWN_BUGS``: they turn red the day they are fixed.
"""

import csv
import datetime
import importlib
import io
import json
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import urlencode

from tests.security.world import DAY

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","x")'
PAYLOADS = {"script": SCRIPT, "image": IMAGE, "formula": FORMULA}

# The payload as it must appear in HTML: escaped by Django, or by the Markdown renderer (which
# leaves quotes alone), or by nh3.
ESCAPED = {
    "script": ["&lt;script&gt;alert(1)&lt;/script&gt;"],
    "image": ["&lt;img src=x onerror=alert(1)&gt;"],
    "formula": ["=HYPERLINK(&quot;http://evil.example&quot;", '=HYPERLINK("http://evil.example"',
                "=HYPERLINK(&#x27;", "=HYPERLINK(&#34;http://evil.example&#34;"],
}  # fmt: skip
NEVER = ["<script>alert(1)", "<img src=x onerror", 'href="http://evil.example']
FORMULA_START = ("=", "+", "-", "@")


class Seen:
    """What a flow showed: pages (HTML), CSV exports and emails, with where they came from."""

    def __init__(self, visits):
        self.visits = visits
        self.html, self.csv = [], []

    def page(self, role, url):
        response = self.visits[role].get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        self.html.append((f"{url} as {role}", response.content))

    def response(self, where, response):
        self.html.append((where, response.content))

    def csv_export(self, role, url):
        response = self.visits[role].get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.csv.append((f"{url} as {role}", body.decode("utf-8-sig")))

    def emails_since(self, first_pk):
        from notifications.models import Message

        messages = list(Message.objects.filter(pk__gt=first_pk))
        assert messages, "the flow should have sent an email"
        for message in messages:
            self.html.append((f"email {message.kind} to {message.to_email}", message.body_html.encode()))


def post(visits, role, url, data, expect=302):
    response = visits[role].post(url, data, keep=True)
    assert response.status_code == expect, (role, url, response.status_code, _errors(response))
    return response


def _errors(response):
    context = getattr(response, "context", None) or {}
    return {k: v.errors for k, v in context.flatten().items() if hasattr(v, "errors") and v.errors} if context else {}


def form_data(*forms_and_formsets) -> dict:
    """The POST data of forms as a browser sends them, unchanged."""
    data = {}
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            for key, value in item.management_form.initial.items():
                data[f"{item.prefix}-{key}"] = str(value)
            parts = item.forms
        else:
            parts = [item]
        for form in parts:
            for name in form.fields:
                bound = form[name]
                value = bound.value()
                if value is None or value is False:
                    continue
                if value is True:
                    data[bound.html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
                elif hasattr(value, "isoformat") and getattr(bound.field.widget, "format", None):
                    data[bound.html_name] = value.strftime(bound.field.widget.format)
                else:
                    data[bound.html_name] = str(getattr(value, "pk", value))
    return data


def _last_message_pk():
    from notifications.models import Message

    last = Message.objects.order_by("-pk").first()
    return last.pk if last else 0


def _publish(world, idea):
    from ideas.services import ideas_publish

    ideas_publish(ids=[idea.pk], actor=world.people["moderator"])


# --- The flows ---------------------------------------------------------------------------------

FLOWS = {}


def flow(*form_classes):
    def register(function):
        FLOWS[function.__name__] = (form_classes, function)
        return function

    return register


@flow("ideas.forms.IdeaForm")
def contribution(world, visits, seen, payload):
    from ideas.models import Idea

    a = world.people["participant"]
    post(visits, "participant", reverse("ideas:create"),
         {"kind": "idea", "title": payload, "text": payload, "themes": [world["theme"].pk]})  # fmt: skip
    idea = Idea.objects.filter(author=a).latest("pk")
    seen.page("participant", reverse("ideas:mine_detail", args=[idea.pk]))
    seen.page("moderator", reverse("ideas:queue"))
    seen.page("moderator", reverse("ideas:staff_idea", args=[idea.pk]))
    _publish(world, idea)
    seen.page("anonymous", idea.get_absolute_url())
    seen.page("anonymous", reverse("ideas:list"))
    seen.page("moderator", reverse("ideas:answers"))


@flow("ideas.filters.FilterForm")
def list_search(world, visits, seen, payload):
    # The search box shows the words searched for (the form is rendered in Python, core/forms.py).
    seen.page("anonymous", f"{reverse('ideas:list')}?{urlencode({'q': payload})}")
    seen.page("participant", f"{reverse('ideas:list')}?{urlencode({'q': payload, 'sort': 'supported'})}")


@flow("ideas.forms.StaffEntryForm")
def contribution_entered_by_staff(world, visits, seen, payload):
    from ideas.models import Idea

    post(visits, "moderator", reverse("ideas:enter"), {
        "channel": "email", "kind": "idea", "title": payload, "text": payload, "themes": [world["theme"].pk],
        "submitter_name": payload[:150], "submitter_email": "", "show_name": "on",
    })  # fmt: skip
    idea = Idea.objects.latest("pk")
    assert idea.title == payload
    seen.page("moderator", reverse("ideas:staff_idea", args=[idea.pk]))
    _publish(world, idea)
    seen.page("anonymous", idea.get_absolute_url())


@flow("ideas.forms.RejectForm")
def rejection(world, visits, seen, payload):
    idea = world["idea_new"]
    first = _last_message_pk()
    post(visits, "moderator", reverse("ideas:queue"),
         {"action": "reject", "ids": [idea.pk], "reason": "other", "text": payload})  # fmt: skip
    seen.page("participant", reverse("ideas:mine_detail", args=[idea.pk]))
    seen.emails_since(first)


@flow("ideas.forms.RedactForm")
def redaction(world, visits, seen, payload):
    idea = world["idea_published"]
    post(visits, "moderator", reverse("ideas:staff_idea", args=[idea.pk]), {"action": "redact", "text": payload})
    seen.page("anonymous", idea.get_absolute_url())
    seen.page("moderator", reverse("ideas:staff_idea", args=[idea.pk]))


@flow("ideas.forms.ReportForm")
def report(world, visits, seen, payload):
    idea = world["idea_published"]
    post(visits, "other_participant", reverse("ideas:report", args=[idea.pk]), {"reason": "other", "text": payload})
    seen.page("moderator", reverse("ideas:queue"))


@flow("ideas.forms.RespondForm")
def reasoned_response(world, visits, seen, payload):
    idea = world["idea_published"]
    first = _last_message_pk()
    post(visits, "moderator", reverse("ideas:staff_idea", args=[idea.pk]),
         {"action": "respond", "outcome": "not_taken_up", "response": payload})  # fmt: skip
    seen.page("anonymous", idea.get_absolute_url())
    seen.page("participant", reverse("ideas:mine_detail", args=[idea.pk]))
    seen.emails_since(first)


@flow("ideas.forms.BuildingBlockForm")
def building_block(world, visits, seen, payload):
    block = world["block"]
    post(visits, "process_owner", reverse("ideas:building_block_edit", args=[block.pk]),
         {"title_nl": payload, "title_en": payload, "summary_nl": payload, "summary_en": payload})  # fmt: skip
    seen.page("anonymous", block.get_absolute_url())
    seen.page("anonymous", reverse("ideas:building_blocks"))


@flow("sessions.forms.SessionForm")
def session(world, visits, seen, payload):
    session = world["session"]
    url = reverse("sessions:staff_edit", args=[session.slug])
    data = form_data(visits["process_owner"].get(url).context["form"])
    data.update(title=payload, description=payload, venue=payload, address=payload, venue_accessibility=payload)
    post(visits, "process_owner", url, data)
    seen.page("anonymous", session.get_absolute_url())
    seen.page("anonymous", reverse("sessions:list"))
    seen.page("moderator", reverse("sessions:staff_dashboard"))


@flow("sessions.forms.RegistrationForm")
def registration(world, visits, seen, payload):
    session = world["session"]
    post(visits, "other_participant", reverse("sessions:register", args=[session.slug]), {
        "organisation_kind": "civil_society", "organisation_name": payload, "accessibility_needs": payload,
        "dietary_wishes": payload,
    })  # fmt: skip
    seen.page("moderator", reverse("sessions:staff_participants", args=[session.slug]))
    seen.csv_export("moderator", reverse("sessions:staff_participants_csv", args=[session.slug]))


@flow("sessions.forms.SessionCancelForm")
def session_cancelled(world, visits, seen, payload):
    session = world["session"]
    first = _last_message_pk()
    post(visits, "process_owner", reverse("sessions:staff_cancel", args=[session.slug]),
         {"note": payload, "confirm": "on"})  # fmt: skip
    seen.emails_since(first)
    seen.page("anonymous", session.get_absolute_url())


@flow("sessions.forms.ReportForm")
def session_report(world, visits, seen, payload):
    session = world["session"]
    post(visits, "process_owner", reverse("sessions:staff_report", args=[session.slug]), {
        "summary": payload, "publish": "on", "file": SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n"),
        "file_title": payload,
    })  # fmt: skip
    seen.page("anonymous", session.get_absolute_url())
    seen.page("process_owner", reverse("sessions:staff_report", args=[session.slug]))


@flow("sessions.forms.OutcomeForm")
def session_outcome(world, visits, seen, payload):
    from ideas.models import Idea

    session = world["session"]
    post(visits, "moderator", reverse("sessions:staff_outcomes", args=[session.slug]), {
        "kind": "idea", "title": payload, "text": payload, "themes": [world["theme"].pk],
        "submitter_name": payload[:150],
    })  # fmt: skip
    seen.page("moderator", reverse("sessions:staff_outcomes", args=[session.slug]))
    idea = Idea.objects.latest("pk")
    _publish(world, idea)
    seen.page("anonymous", idea.get_absolute_url())


@flow("commitments.forms.CommitmentCreateForm")
def commitment_created(world, visits, seen, payload):
    from commitments.models import Commitment

    post(visits, "action_holder", reverse("commitments:new"), {
        "plan": world.plan.pk, "lead_organisation": world["org_x"].pk, "title_nl": payload, "title_en": payload,
    })  # fmt: skip
    commitment = Commitment.objects.latest("pk")
    seen.page("action_holder", commitment.get_absolute_url())
    seen.page("action_holder", reverse("commitments:workspace"))
    seen.page("moderator", reverse("commitments:staff_overview"))


@flow("commitments.forms.CommitmentForm", "commitments.forms.MilestoneForm")
def commitment_edited(world, visits, seen, payload):
    from commitments.models import PROSE_FIELDS, Commitment

    commitment = world["commitment_draft"]
    url = reverse("commitments:edit", args=[commitment.identifier])
    context = visits["action_holder"].get(url).context
    data = {"version": str(context["version"]), **form_data(context["form"], context["milestones"])}
    for name, _label in PROSE_FIELDS:
        data[f"{name}_nl"] = data[f"{name}_en"] = payload
    data.update(transparency_why_nl=payload, transparency_why_en=payload, contact_name=payload[:200])
    for key in ("description_nl", "description_en", "expected_output_nl", "expected_output_en"):
        data[f"milestones-0-{key}"] = payload
    post(visits, "action_holder", url, data)
    seen.page("action_holder", commitment.get_absolute_url())
    seen.page("action_holder", reverse("commitments:history", args=[commitment.identifier]))
    # A colleague who started from the version before: the conflict page shows both texts.
    data["problem_nl"] = payload + " (2)"
    seen.response("the edit conflict", post(visits, "action_holder", url, data, expect=409))
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.PUBLISHED)
    seen.page("anonymous", commitment.get_absolute_url())
    seen.page("anonymous", reverse("commitments:list"))


@flow("plans.forms.ActionPlanForm", "plans.forms.PhaseForm", "plans.forms.EventForm")
def plan_edited(world, visits, seen, payload):
    # The plan is edited on three pages (details, phases, events), each a form of its own.
    plan = world.plan
    url = reverse("staff:plan_edit", args=[plan.slug])
    context = visits["process_owner"].get(url).context
    data = form_data(context["form"])
    data.update(title_nl=payload, title_en=payload, summary_nl=payload, summary_en=payload)
    post(visits, "process_owner", url, data)
    for part, fields in (
        ("phases", ("description_nl", "description_en")),
        ("events", ("title_nl", "title_en", "location", "description_nl", "description_en")),
    ):
        url = reverse(f"staff:plan_{part}", args=[plan.slug])
        context = visits["process_owner"].get(url).context
        data = form_data(context["version_form"], context["formset"])
        data.update({f"{part}-0-{field}": payload for field in fields})
        post(visits, "process_owner", url, data)
    seen.page("anonymous", plan.get_absolute_url())
    seen.page("anonymous", reverse("home"))
    seen.page("anonymous", reverse("plans:list"))
    seen.page("process_owner", reverse("staff:dashboard"))


@flow("accounts.forms.ProfileForm")
def person_name(world, visits, seen, payload):
    from ideas.models import Idea

    idea = world["idea_published"]
    Idea.objects.filter(pk=idea.pk).update(show_name=True)
    post(visits, "participant", reverse("accounts:profile"), {"name": payload[:150], "language": "nl"})
    seen.page("anonymous", idea.get_absolute_url())
    seen.page("moderator", reverse("ideas:staff_idea", args=[idea.pk]))
    seen.page("moderator", reverse("sessions:staff_participants", args=[world["session"].slug]))
    seen.page("moderator", reverse("sessions:staff_attendance", args=[world["session"].slug]))
    seen.csv_export("moderator", reverse("sessions:staff_participants_csv", args=[world["session"].slug]))


@flow("stakeholders.forms.TermsForm")
def forum_terms(world, visits, seen, payload):
    plan = world.plan
    post(visits, "process_owner", reverse("stakeholders:staff_terms", args=[plan.slug]),
         {"text_nl": payload, "text_en": payload})  # fmt: skip
    seen.page("anonymous", reverse("stakeholders:plan", args=[plan.slug]))


@flow("publication.documents_forms.DocumentForm")
def repository_document(world, visits, seen, payload):
    from core import clock

    post(visits, "process_owner", reverse("publication_documents:staff_create"), {
        "plan": world.plan.pk, "kind": "other", "title_nl": payload, "title_en": payload, "language": "nl",
        "published_on": clock.today().isoformat(),
        "file": SimpleUploadedFile("stuk.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    })  # fmt: skip
    seen.page("anonymous", reverse("publication_documents:list"))
    seen.page("process_owner", reverse("publication_documents:staff_list"))


@flow("publication.versions_forms.PlanTextForm", "publication.versions_forms.PublishForm")
def plan_version(world, visits, seen, payload):
    """The plan document's own texts and a published version's name and changes, on a plan that
    can be published (the world's plan has drafts and open contributions, which block it)."""
    from core import clock
    from tests.commitments.factories import CommitmentFactory
    from tests.factories import ActionPlanFactory

    plan = ActionPlanFactory(number=77, slug="actieplan-77")
    CommitmentFactory(plan=plan, sequence=1, complete=True, status="final")
    texts = {f"{name}_{lang}": payload for name in ("introduction", "context") for lang in ("nl", "en")}
    post(visits, "process_owner", reverse("publication_versions:staff_text", args=[plan.slug]), texts)
    post(visits, "process_owner", reverse("publication_versions:staff_publish", args=[plan.slug]), {
        "number": "1", "language": "en", "label_nl": payload, "label_en": payload,
        "published_on": clock.today().isoformat(), "changes_nl": payload, "changes_en": payload,
    })  # fmt: skip
    seen.page("anonymous", reverse("publication_versions:detail", args=[plan.slug, 1]))
    seen.page("anonymous", reverse("publication_versions:list", args=[plan.slug]))
    seen.page("anonymous", reverse("publication_documents:list"))
    seen.page("anonymous", plan.get_absolute_url())
    seen.page("process_owner", reverse("publication_versions:staff_publish", args=[plan.slug]))
    seen.page("process_owner", reverse("publication_versions:staff_text", args=[plan.slug]))


@flow("stakeholders.forms.MeetingForm")
def forum_meeting(world, visits, seen, payload):
    meeting = world["meeting"]
    url = reverse("stakeholders:staff_meeting", args=[meeting.pk])
    data = form_data(visits["process_owner"].get(url).context["form"])
    for name in ("title", "agenda", "minutes"):
        data[f"{name}_nl"] = data[f"{name}_en"] = payload
    data.update(venue=payload, address=payload, publish_minutes="on", file_title=payload,
                file=SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 test", content_type="application/pdf"))  # fmt: skip
    data.pop("remove", None)
    post(visits, "process_owner", url, data)
    seen.page("anonymous", meeting.get_absolute_url())
    seen.page("forum_member", meeting.get_absolute_url())
    seen.page("anonymous", reverse("stakeholders:plan", args=[world.plan.slug]))
    seen.page("process_owner", reverse("stakeholders:staff_plan", args=[world.plan.slug]))
    seen.page("process_owner", url)


def _item_url(world, name):
    from stakeholders.services import item_url

    return item_url(world[name])


def _close_and_show_the_decision_log(world, seen):
    from stakeholders.services import round_close

    round_close(review_round=world["round"], actor=world.people["process_owner"])
    seen.page("anonymous", world["round"].decision_log_url)


@flow("stakeholders.review_forms.ReviewForm")
def forum_review(world, visits, seen, payload):
    from stakeholders.models import CRITERION_KEYS, Remark, Review

    # The world's forum member reviewed already: this is their review, written again.
    Review.objects.filter(item=world["item"], reviewer=world.people["forum_member"]).delete()
    url = reverse("stakeholders_review:review", args=[world.plan.slug, world["round"].pk,
                                                      world["item"].commitment.identifier])  # fmt: skip
    data = {f"score_{key}": "3" for key in CRITERION_KEYS}
    data.update({f"explanation_{key}": payload for key in CRITERION_KEYS}, remark_1_text=payload, remark_1_target="")
    post(visits, "forum_member", url, data)
    assert Remark.objects.filter(item=world["item"], text=payload).exists()
    seen.page("forum_member", _item_url(world, "item"))
    seen.page("action_holder", _item_url(world, "item"))
    _close_and_show_the_decision_log(world, seen)


@flow("stakeholders.review_forms.AnswerForm")
def forum_remark_answer(world, visits, seen, payload):
    remark = world["remark"]
    first = _last_message_pk()
    post(visits, "action_holder", reverse("stakeholders_review:answer", args=[world.plan.slug, world["round"].pk, remark.pk]),
         {f"r{remark.pk}-answer": "partly", f"r{remark.pk}-reason": payload})  # fmt: skip
    seen.emails_since(first)
    seen.page("forum_member", _item_url(world, "item"))
    seen.page("action_holder", _item_url(world, "item"))
    _close_and_show_the_decision_log(world, seen)


@flow("stakeholders.review_forms.CommentForm")
def forum_consultation_comment(world, visits, seen, payload):
    from stakeholders.models import Remark

    item = world["item"]
    url = reverse("stakeholders_review:consultation", args=[world.plan.slug, world["round"].pk,
                                                            item.commitment.identifier])  # fmt: skip
    post(visits, "participant", url, {"text": payload})
    comment = Remark.objects.get(item=item, text=payload)
    moderation = reverse("stakeholders_review:moderation", args=[world.plan.slug, world["round"].pk])
    seen.page("moderator", moderation)
    post(visits, "moderator", moderation, {"remark": comment.pk, "decision": "approve"})
    seen.page("anonymous", url)
    seen.page("action_holder", _item_url(world, "item"))
    _close_and_show_the_decision_log(world, seen)


@flow("stakeholders.review_forms.RoundForm")
def forum_round(world, visits, seen, payload):
    from stakeholders.models import ReviewRound

    url = reverse("stakeholders_review:round_new", args=[world.plan.slug])
    data = form_data(visits["process_owner"].get(url).context["form"])
    data.update(title=payload[:200], deadline=(world["round"].deadline).isoformat(),
                commitments=[world["commitment_ready"].pk])  # fmt: skip
    first = _last_message_pk()
    post(visits, "process_owner", url, data)
    seen.emails_since(first)
    review_round = ReviewRound.objects.get(title=payload)
    seen.page("forum_member", review_round.get_absolute_url())
    seen.page("anonymous", reverse("stakeholders:plan", args=[world.plan.slug]))


@flow("implementation.rounds_forms.RoundForm")
def reporting_round(world, visits, seen, payload):
    from core import clock
    from implementation.models import ReportingRound
    from implementation.rounds import round_url, staff_round_url

    # In place of the world's round (one at a time), opening today: the invitations go out at once.
    ReportingRound.objects.filter(plan=world.plan).delete()
    today = clock.today()
    first = _last_message_pk()
    post(visits, "process_owner", reverse("implementation_rounds:staff_new", args=[world.plan.slug]), {
        "title_nl": payload, "title_en": payload, "opens_on": today.isoformat(),
        "deadline": (today + datetime.timedelta(days=30)).isoformat(), "forum_meeting": world["meeting"].pk,
    })  # fmt: skip
    seen.emails_since(first)
    created = ReportingRound.objects.get(plan=world.plan)
    seen.page("process_owner", staff_round_url(created))
    seen.page("process_owner", reverse("implementation_rounds:staff_list", args=[world.plan.slug]))
    seen.page("process_owner", reverse("staff:dashboard"))
    seen.page("anonymous", round_url(created))
    seen.page("anonymous", reverse("implementation_rounds:list", args=[world.plan.slug]))
    seen.page("anonymous", world["meeting"].get_absolute_url())


@flow("implementation.rounds_forms.CommentForm")
def reporting_round_comment(world, visits, seen, payload):
    from implementation.models import ForumComment
    from implementation.rounds import round_url, staff_round_url

    reporting_round = world["reporting_round"]
    post(visits, "forum_member", reverse("implementation_rounds:comment", args=[world.plan.slug, reporting_round.pk]),
         {"body": payload, "commitment": world["commitment_published"].pk})  # fmt: skip
    assert ForumComment.objects.filter(round=reporting_round, body=payload).exists()
    seen.page("anonymous", round_url(reporting_round))
    seen.page("forum_member", round_url(reporting_round))
    seen.page("process_owner", staff_round_url(reporting_round))


@flow()
def open_data(world, visits, seen, payload):
    """Not a form of its own: the contributions' texts (from the forms above) in the open data."""
    from ideas.models import Idea

    Idea.objects.filter(pk=world["idea_published"].pk).update(title=payload, text=payload)
    seen.csv_export("anonymous", reverse("open_data_contributions_csv"))
    response = visits["anonymous"].get(reverse("open_data_contributions_json"))
    assert response["Content-Type"].startswith("application/json")
    assert payload in [row["title"] for row in json.loads(b"".join(response.streaming_content))]
    # The commitments' open data (publication): a published commitment's texts, as typed in its form.
    from commitments.models import Commitment

    Commitment.objects.filter(pk=world["commitment_published"].pk).update(title_nl=payload, description_en=payload)
    seen.csv_export("anonymous", reverse("publication_open_data:commitments_csv"))
    response = visits["anonymous"].get(reverse("publication_open_data:commitments_json"))
    assert payload in [row["title_nl"] for row in json.loads(b"".join(response.streaming_content))]


@flow("implementation.progress_forms.ProgressReportForm", "implementation.progress_forms.ReturnForm")
def progress_report(world, visits, seen, payload):
    from core import clock
    from implementation.models import ProgressReport

    milestone = world["milestone_published"]
    form_url = reverse("implementation_progress:progress_report", args=[milestone.pk])

    def report():
        data = {
            "completion": "substantial", "explanation_nl": payload, "explanation_en": payload,
            "reported_on": clock.today().isoformat(), "link_1_title": payload, "link_1_url": "https://example.org/x",
            "document_1_title": payload, "document_1": SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4 bewijs"),
        }  # fmt: skip
        post(visits, "action_holder", form_url, data)
        return ProgressReport.objects.filter(milestone=milestone).latest("pk")

    accepted = report()
    check_url = reverse("implementation_progress:progress_check", args=[accepted.pk])
    seen.page("process_owner", check_url)
    post(visits, "process_owner", check_url, {"decision": "accept"})
    seen.page("anonymous", milestone.commitment.get_absolute_url())
    seen.csv_export("anonymous", reverse("implementation_progress:progress_csv"))
    response = visits["anonymous"].get(reverse("implementation_progress:progress_json"))
    assert payload in [row["explanation_nl"] for row in json.loads(b"".join(response.streaming_content))]

    returned = report()
    first = _last_message_pk()
    post(visits, "process_owner", reverse("implementation_progress:progress_check", args=[returned.pk]),
         {"decision": "return", "reason": payload})  # fmt: skip
    seen.page("action_holder", reverse("implementation_progress:progress_mine"))
    seen.emails_since(first)


# Forms whose text fields are never shown as typed, and why.
@flow("implementation.refresh_forms.RefreshStartForm")
def refresh_start(world, visits, seen, payload):
    from core import clock
    from implementation.models import Amendment, Refresh
    from plans.models import Phase

    plan, today = world.plan, clock.today()
    # The world's refresh makes way for a new one; the plan is published (its publication has started).
    Amendment.objects.filter(refresh__plan=plan).delete()
    Refresh.objects.filter(plan=plan).delete()
    plan.phases.filter(kind=Phase.Kind.REFRESH).delete()
    plan.phases.filter(kind=Phase.Kind.PUBLICATION).update(starts_on=today - 10 * DAY)
    post(visits, "process_owner", reverse("implementation_refresh:start", args=[plan.slug]), {
        "reason_nl": payload, "reason_en": payload, "call_opens_on": today.isoformat(),
        "call_closes_on": (today + 5 * DAY).isoformat(),
    })  # fmt: skip
    seen.page("anonymous", reverse("implementation_refresh:detail", args=[plan.slug]))


@flow("implementation.refresh_forms.AmendmentForm")
def amendment(world, visits, seen, payload):
    commitment = world["commitment_amendable"]
    url = reverse("implementation_refresh:amend", args=[commitment.identifier])
    context = visits["action_holder"].get(url).context
    data = form_data(context["form"], context["milestones"])
    data.update(reason_nl=payload, reason_en=payload, title_en=payload[:200], description_nl=payload)
    data["milestones-0-description_en"] = payload
    response = post(visits, "action_holder", url, data)
    post(visits, "action_holder", response.url + "submit/", {})
    post(visits, "process_owner", response.url + "publish/", {})
    seen.page("anonymous", response.url)
    seen.page("anonymous", commitment.get_absolute_url())
    seen.page("anonymous", reverse("implementation_refresh:detail", args=[world.plan.slug]))


@flow("implementation.refresh_forms.AmendmentCommentForm")
def amendment_comment(world, visits, seen, payload):
    amendment = world["amendment_in_review"]
    post(visits, "forum_member", reverse("implementation_refresh:amendment_comment", args=[amendment.pk]),
         {"body": payload})  # fmt: skip
    seen.page("forum_member", amendment.get_absolute_url())
    seen.page("action_holder", amendment.get_absolute_url())


NOT_SHOWN = {
    "implementation.refresh_forms.PlanVersionForm": (
        "goes to publication.services.publish_version; the published version's pages are the publish part's flow"
    ),
    "sessions.forms.InvitationForm": "only email addresses are accepted (each validated) and none is shown",
    "accounts.forms.SignupForm": "django-allauth's sign-up: an email address and a password",
}

KNOWN_BUGS: dict = {}  # none known today


def _text_fields(form_class):
    plain = (forms.EmailField, forms.URLField, forms.SlugField)
    return [
        name for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, plain)
    ]  # fmt: skip


def _platform_forms():
    apps = {app.split(".")[0] for app in settings.LOCAL_APPS}
    for app in apps:
        # Every module of forms ("forms", "review_forms"...), whatever the other tests imported.
        package = importlib.import_module(app)
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "forms" or module.name.endswith("_forms"):
                importlib.import_module(f"{app}.{module.name}")
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in apps:
                found.add(sub)
    return found


def test_every_text_form_has_a_flow():
    covered = {name for form_names, _function in FLOWS.values() for name in form_names}
    missing = []
    for form_class in _platform_forms():
        dotted = f"{form_class.__module__}.{form_class.__qualname__}"
        if _text_fields(form_class) and dotted not in covered and dotted not in NOT_SHOWN:
            missing.append(f"{dotted} ({', '.join(_text_fields(form_class))})")
    assert not missing, (
        "These forms take free text but no flow in tests/security/test_escaping.py posts a payload into them "
        "and opens the pages that show it: " + "; ".join(sorted(missing))
    )
    unknown = (covered | set(NOT_SHOWN)) - {f"{c.__module__}.{c.__qualname__}" for c in _platform_forms()}
    assert not unknown, f"flows name forms that do not exist: {sorted(unknown)}"


def _check(seen, kind):
    problems = []
    for where, content in seen.html:
        html = content.decode()
        problems += [f"{where}: contains {raw!r} unescaped" for raw in NEVER if raw in html]
        if not any(escaped in html for escaped in ESCAPED[kind]):
            problems.append(f"{where}: the escaped payload is not on the page")
    for where, text in seen.csv:
        for row in csv.reader(io.StringIO(text)):
            problems += [f"{where}: cell {cell[:40]!r} is a formula" for cell in row if cell.startswith(FORMULA_START)]
    return problems


def _params():
    for name in FLOWS:
        for kind in PAYLOADS:
            marks = (
                [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(name, kind)])] if (name, kind) in KNOWN_BUGS else []
            )
            yield pytest.param(name, kind, marks=marks, id=f"{name}-{kind}")


@pytest.mark.postgres
@pytest.mark.parametrize(("name", "kind"), list(_params()))
def test_payload_is_shown_as_text(name, kind, world, visits):
    _forms, function = FLOWS[name]
    seen = Seen(visits)
    function(world, visits, seen, PAYLOADS[kind])
    assert seen.html or seen.csv
    problems = _check(seen, kind)
    assert not problems, "\n".join(problems)
