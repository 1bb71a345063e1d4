"""Valid HTML: the Nu Html Checker (vnu) finds no error on any page or email.

The pages are those the browser journeys visit, and the other public, account and staff pages, on
the demo data (``seed_demo``) on a day when the call for input and the sessions are open, in Dutch
and in English, anonymous and signed in. They are rendered with Django's test client, written to
a temporary folder and checked by one run of vnu (starting Java takes seconds; checking a page
takes milliseconds). The emails are one of each kind from the outbox.

vnu comes from npm (``vnu-jar``, pinned in package.json; ``make test`` installs it) and runs on
the machine's Java. Without them the test is skipped, or fails with REQUIRE_SERVICES=1 (CI).
"""

import datetime
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import path, reverse

from config import urls as root_urls
from tests.conftest import VNU_JAR, java

pytestmark = [pytest.mark.django_db, pytest.mark.vnu]

# The demo's timeline on this day: call for input and co-creation sessions open (README).
DEMO_DAY = "2022-09-20"
DESCRIBED = re.compile(rb'<meta name="description" content="[^"]+">')


def run_vnu(files: list[Path]) -> list[dict]:
    """The errors vnu reports for these files: [{"url", "lastLine", "message", "extract"}]."""
    result = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its report on stderr and exits with 1 when it found errors.
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not run (exit {result.returncode}):\n{result.stderr[-2000:]}", pytrace=False)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def describe(errors: list[dict], root: Path) -> str:
    lines = [f"vnu found {len(errors)} error(s):"]
    for error in errors:
        where = error.get("url", "").removeprefix("file:").removeprefix(str(root) + "/")
        extract = " ".join(error.get("extract", "").split())[:120]
        lines.append(f"- {where}:{error.get('lastLine', '?')}: {error['message']}  [{extract}]")
    return "\n".join(lines)


@pytest.fixture
def demo(settings, totp, django_capture_on_commit_callbacks, tmp_path):
    """The demo data on DEMO_DAY, with a second factor for the staff accounts."""
    from accounts.models import User

    settings.PLATFORM_TODAY = DEMO_DAY
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads of the test (progress evidence)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@example.org")}
    totp(users["moderator"])
    totp(users["proceseigenaar"])
    return users


def reporting_round(plan):
    """A reporting round of the fifth plan in which no report is in yet (so that the invitation, the
    reminders and the overdue notice all go out), on the agenda of a forum meeting, with a comment
    of the forum. The demo's own rounds are in 2023 and 2024; this one follows them."""
    from accounts.models import User
    from implementation.models import ReportingRound
    from implementation.rounds import forum_comment_add

    created, new = ReportingRound.objects.get_or_create(
        plan=plan, title_nl="Voortgang winter 2025",
        defaults={"title_en": "Progress winter 2025", "opens_on": datetime.date(2025, 1, 6),
                  "deadline": datetime.date(2025, 2, 14),
                  "forum_meeting": plan.forum_meetings.order_by("starts_at").first()},
    )  # fmt: skip
    if new:
        forum_comment_add(reporting_round=created, author=User.objects.get(email="forumlid@example.org"),
                          body="Mijlpaal 2 loopt achter: graag een toelichting.")  # fmt: skip
    return created


def refresh_pages(plan) -> dict[str, list[str]]:
    """The refresh's pages: the demo's refresh of the plan (one is made here if the demo has none)
    with a published amendment and one under review."""
    from commitments.content import snapshot_of
    from commitments.models import Commitment
    from implementation.models import Amendment, Refresh
    from plans.models import ActionPlan, Phase

    refresh = Refresh.objects.filter(plan=plan).first()
    if refresh is None:
        phase = plan.phases.filter(kind=Phase.Kind.REFRESH).first()
        refresh = Refresh.objects.create(plan=plan, phase=phase, reason_nl="Herijking.", reason_en="Refresh.")
    published = Commitment.objects.filter(plan=plan, status=Commitment.Status.PUBLISHED).order_by("sequence")
    commitment = published.first()
    before = snapshot_of(commitment)
    after = {**before, "title_en": before["title_en"] + " (amended)", "milestones": before["milestones"][:1]}
    values = {"refresh": refresh, "commitment": commitment, "reason_nl": "De wet is gewijzigd.",
              "reason_en": "The law has changed.", "before": before, "after": after, "base_version": commitment.version,
              "changes": {"fields": {"title_en": after["title_en"]}, "milestones": []}}  # fmt: skip
    done = Amendment.objects.create(status="published", amended_on=plan.term_start, before_version=1,
                                    after_version=2, **values)  # fmt: skip
    reviewed = Amendment.objects.filter(commitment=commitment).exclude(status="published").first()
    reviewed = reviewed or Amendment.objects.create(status="in_review", **values)
    other_plan = ActionPlan.objects.exclude(pk=plan.pk).exclude(refresh__isnull=False).first()
    owner = [
        reverse("implementation_refresh:publish", args=[plan.slug]),
        reverse("implementation_refresh:start", args=[other_plan.slug]),
        reviewed.get_absolute_url(),
    ]
    if amendable := published.exclude(pk=commitment.pk).first():
        owner.append(reverse("implementation_refresh:amend", args=[amendable.identifier]))
    return {
        "anonymous": [refresh.get_absolute_url(), done.get_absolute_url(), commitment.get_absolute_url()],
        "proceseigenaar": owner,
    }


def pages() -> dict[str, list[str | tuple[str, int]]]:
    """Web addresses per person ("anonymous" or a demo account's name), from the demo data; a
    page that is not "200 OK" as (address, status)."""
    from commitments.models import Commitment
    from ideas.models import BuildingBlock, Idea
    from implementation.models import SelfAssessment
    from plans.models import ActionPlan
    from sessions.models import Session

    plan = ActionPlan.objects.get(number=5)
    published = Idea.objects.filter(status=Idea.Status.PUBLISHED).order_by("pk")
    answered = published.exclude(outcome="").first() or published.first()
    duplicate = Idea.objects.filter(status=Idea.Status.DUPLICATE).first()
    pending = Idea.objects.filter(status=Idea.Status.NEW).order_by("pk").first()
    block = BuildingBlock.objects.order_by("pk").first()
    sessions = {s.slug: s for s in Session.objects.all()}
    with_report, upcoming = "aftrap-meedenksessies-den-haag", "meedenksessie-open-data-utrecht"
    published_commitment = Commitment.objects.get(identifier="NL-5-01")
    draft = Commitment.objects.get(identifier="NL-5-03")
    theme = published.first().themes.first()
    reporting = reporting_round(plan)
    round_args = [plan.slug, reporting.pk]
    own = Idea.objects.filter(author__email="deelnemer@example.org").order_by("pk").first()
    progress = _progress_reports(published_commitment)
    supportable = published.exclude(author__email="deelnemer@example.org").exclude(author=None).first()
    self_assessments = SelfAssessment.objects.filter(plan=plan).order_by("language")

    refresh = refresh_pages(plan)
    public = [
        *refresh["anonymous"],
        reverse("home"),
        reverse("plans:list"),
        plan.get_absolute_url(),
        reverse("ideas:list"),
        reverse("ideas:list") + f"?theme={theme.slug}&kind=idea&sort=supported",
        reverse("ideas:list") + "?q=open+data",
        reverse("ideas:list") + "?theme=bestaat-niet&page=abc",
        answered.get_absolute_url(),
        duplicate.get_absolute_url(),
        reverse("ideas:what_happened"),
        reverse("ideas:building_blocks"),
        block.get_absolute_url(),
        reverse("sessions:list"),
        sessions[with_report].get_absolute_url(),
        sessions[upcoming].get_absolute_url(),
        sessions["meedenksessie-groningen"].get_absolute_url(),
        reverse("commitments:list"),
        published_commitment.get_absolute_url(),
        reverse("accessibility"),
        reverse("privacy"),
        reverse("publication_open_data:index"),
        reverse("implementation_progress:progress_plan", args=[plan.slug]),
        reverse("publication_documents:list"),
        reverse("publication_documents:list") + "?kind=session_report&plan=bestaat-niet&date_from=2022-01-01&page=abc",
        reverse("implementation_rounds:list", args=[plan.slug]),
        reverse("implementation_rounds:detail", args=round_args),
        reverse("publication_versions:list", args=[plan.slug]),
        reverse("publication_versions:compare", args=[plan.slug]),
        ("/deze-pagina-bestaat-niet/", 404),
    ]
    return {
        "anonymous": [
            *public,
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_request_login_code"),
            reverse("account_reset_password"),
            (reverse("sessions:cancel_link", args=["not-a-valid-token"]), 400),
            (reverse("notifications:unsubscribe", args=["not-a-valid-token"]), 400),
        ],
        "deelnemer": [
            *public,
            supportable.get_absolute_url(),  # with the htmx form "this matters to me"
            reverse("ideas:create"),
            reverse("ideas:mine"),
            reverse("ideas:mine_detail", args=[own.pk]),
            reverse("ideas:edit", args=[own.pk]) if own.status == Idea.Status.NEW else reverse("ideas:mine"),
            reverse("ideas:report", args=[answered.pk]),
            reverse("accounts:profile"),
            reverse("accounts:delete"),
            reverse("notifications:preferences"),
            reverse("account_email"),
            reverse("account_change_password"),
            reverse("account_reauthenticate"),
            reverse("mfa_index"),
            (reverse("staff:dashboard"), 403),
        ],
        "actiehouder": [
            reverse("implementation_progress:progress_mine"),
            reverse("implementation_progress:progress_report", args=[progress["milestone"].pk]),
            reverse("commitments:workspace"),
            reverse("commitments:new"),
            draft.get_absolute_url(),
            reverse("commitments:edit", args=[draft.identifier]),
            reverse("commitments:history", args=[draft.identifier]),
        ],
        "forumlid": [
            Commitment.objects.get(identifier="NL-5-02").get_absolute_url(),
            published_commitment.get_absolute_url(),
            reverse("implementation_rounds:detail", args=round_args),  # with the comment form
        ],
        "moderator": [
            reverse("staff:dashboard"),
            reverse("ideas:queue"),
            reverse("ideas:enter"),
            reverse("ideas:answers"),
            reverse("ideas:staff_idea", args=[pending.pk]),
            reverse("ideas:staff_idea", args=[answered.pk]),
            pending.get_absolute_url(),
            reverse("sessions:staff_dashboard"),
            reverse("sessions:staff_attendance", args=[with_report]),
            reverse("sessions:staff_participants", args=[upcoming]),
            reverse("sessions:staff_outcomes", args=[with_report]),
        ],
        "proceseigenaar": [
            reverse("staff:dashboard"),
            reverse("publication_documents:staff_list"),
            reverse("publication_documents:staff_create"),
            reverse("staff:plan_create"),
            reverse("ideas:building_block_create"),
            reverse("ideas:building_block_edit", args=[block.pk]),
            reverse("sessions:staff_create"),
            reverse("sessions:staff_invite"),
            reverse("sessions:staff_edit", args=[upcoming]),
            reverse("sessions:staff_cancel", args=[upcoming]),
            reverse("sessions:staff_report", args=[with_report]),
            reverse("staff:plan_edit", args=[plan.slug]),
            reverse("commitments:staff_overview"),
            reverse("commitments:history", args=[published_commitment.identifier]),
            reverse("publication_check:index"),
            reverse("publication_check:plan", args=[plan.slug]),
            # The end-of-term self-assessment (2026): staff see it before its date.
            reverse("implementation_assessment:staff", args=[plan.slug]),
            reverse("implementation_assessment:preview", args=[plan.slug, "en"]),
            reverse("implementation_assessment:preview", args=[plan.slug, "nl"]),
            *[assessment.get_absolute_url() for assessment in self_assessments],
            reverse("implementation_rounds:staff_list", args=[plan.slug]),
            reverse("implementation_rounds:staff_new", args=[plan.slug]),
            reverse("implementation_rounds:staff_round", args=round_args),
            reverse("publication_report:preview", args=[plan.slug, "nl"]),
            reverse("publication_report:preview", args=[plan.slug, "en"]),
            # The published versions are dated after DEMO_DAY: staff see them ahead of their day.
            reverse("publication_versions:list", args=[plan.slug]),
            reverse("publication_versions:detail", args=[plan.slug, 1]),
            reverse("publication_versions:detail", args=[plan.slug, 2]),
            reverse("publication_versions:report", args=[plan.slug, 2, "nl"]),
            reverse("publication_versions:compare", args=[plan.slug]) + "?a=1&b=2",
            reverse("publication_versions:compare", args=[plan.slug]) + "?a=1&b=99",
            reverse("publication_versions:staff_publish", args=[plan.slug]),
            reverse("publication_versions:staff_text", args=[plan.slug]),
            reverse("implementation_progress:progress_checks"),
            reverse("implementation_progress:progress_check", args=[progress["submitted"].pk]),
            *refresh["proceseigenaar"],
        ],
    }


def _progress_reports(commitment) -> dict:
    """The demo's action holder joins the lead organisation of a published commitment and has
    reported on it twice: once accepted (with a link and a document), once waiting for a check."""
    from django.core.files.base import ContentFile

    from accounts.models import Membership, User
    from implementation.models import Evidence, ProgressReport

    holder = User.objects.get(email="actiehouder@example.org")
    Membership.objects.get_or_create(user=holder, organisation=commitment.lead_organisation)
    milestone = commitment.milestones.order_by("position", "pk").first()

    def report(review, completion):
        return ProgressReport.objects.create(
            milestone=milestone, completion=completion, explanation_nl="De voorziening is in gebruik & getest.",
            explanation_en="The facility is in use & tested.", reported_on=datetime.date(2023, 6, 1),
            review=review, author=holder,
        )  # fmt: skip

    accepted = report(ProgressReport.Review.ACCEPTED, "substantial")
    Evidence.objects.create(report=accepted, title="Woo-index", url="https://open.overheid.nl/")
    Evidence.objects.create(report=accepted, title="Besluit", file=ContentFile(b"%PDF-1.4 x", name="besluit.pdf"))
    return {
        "milestone": milestone,
        "accepted": accepted,
        "submitted": report(ProgressReport.Review.SUBMITTED, "completed"),
    }


def render_pages(client, users, folder: Path) -> list[Path]:
    files = []
    for who, urls in pages().items():
        for language in ("nl", "en"):
            client.logout()
            client.cookies["django_language"] = language
            if who != "anonymous":
                client.force_login(users[who])
            for url in urls:
                url, expected = url if isinstance(url, tuple) else (url, 200)
                response = client.get(url)
                assert response.status_code == expected, f"{who} {language} {url}: {response.status_code}"
                assert DESCRIBED.search(response.content), f"{who} {language} {url} has no description"
                name = f"{who}-{language}-{url.strip('/').replace('/', '_').replace('?', '__') or 'home'}.html"
                path = folder / name[:200]
                path.write_bytes(response.content)
                files.append(path)
    return files


def broken_view(request):
    raise RuntimeError("a bug")


# The site's addresses and one that fails, for the "500" page.
urlpatterns = [path("kapot/", broken_view), *root_urls.urlpatterns]
handler404, handler500 = root_urls.handler404, root_urls.handler500


def render_error_pages(client, folder: Path) -> list[Path]:
    files = []
    client.logout()
    client.raise_request_exception = False
    for language in ("nl", "en"):
        client.cookies["django_language"] = language
        response = client.get("/kapot/")
        assert response.status_code == 500
        files.append(folder / f"server-error-{language}.html")
        files[-1].write_bytes(response.content)
    # The page for when even the "500" page fails: plain HTML, no template tags.
    files.append(folder / "server-error-plain.html")
    files[-1].write_text((Path(settings.BASE_DIR) / "templates/500_plain.html").read_text())
    return files


# Every kind of email the platform sends, by Message.kind (templates/notifications/email/).
EMAIL_KINDS = {
    "idea-received", "idea-rejected", "idea-answer", "phase-opened", "digest", "drafting-reminder",
    "session-registered", "session-promoted", "session-changed", "session-cancelled", "session-reminder",
    "session-invitation", "reporting-invitation", "reporting-reminder", "reporting-overdue",
    "progress-accepted", "progress-returned",
}  # fmt: skip


def send_every_kind_of_email(users) -> None:
    """What the platform does that sends email, on the demo data, on DEMO_DAY and after."""
    from commitments.timeline import remind_drafting_deadline
    from ideas import services as ideas
    from ideas.models import Idea
    from notifications.digest import send_digests
    from notifications.timeline import announce_opened_phases
    from plans.models import ActionPlan, Phase, Theme
    from sessions import services as sessions
    from sessions.models import Registration, Session, SessionInvitation
    from sessions.timeline import remind_session_participants

    plan = ActionPlan.objects.get(number=5)
    moderator = users["moderator"]
    idea = ideas.idea_submit(
        author=users["deelnemer"], plan=plan, kind=Idea.Kind.IDEA, title="Open agenda's van ministers",
        text="Publiceer de agenda's van bewindspersonen elke week.", themes=[Theme.objects.first()],
    )  # fmt: skip
    ideas.ideas_reject(ids=[idea.pk], actor=moderator, reason=Idea.RejectionReason.OTHER, text="Dubbel <ingediend>.")
    answerable = Idea.objects.filter(status=Idea.Status.PUBLISHED, author__isnull=False).order_by("pk").first()
    ideas.ideas_respond(ids=[answerable.pk], actor=moderator, outcome=Idea.Outcome.PARTLY, response="Deels & meer.")
    announce_opened_phases(today=datetime.date.fromisoformat(DEMO_DAY))  # the forum member's is held
    send_digests()
    drafting = Phase.objects.get(plan=plan, kind=Phase.Kind.DRAFTING)
    remind_drafting_deadline(today=drafting.ends_on - datetime.timedelta(days=7))

    session = {s.slug: s for s in Session.objects.all()}
    sessions.registration_create(session=session["co-creation-session-civic-participation"], person=users["deelnemer"])
    full = session["online-meedenksessie-algoritmes"]  # the forum member waits for a seat
    sessions.registration_cancel(registration=full.registrations.filter(status=Registration.Status.CONFIRMED).first())
    utrecht = session["meedenksessie-open-data-utrecht"]
    sessions.session_save(session=utrecht, data={"venue": "Stadskantoor Utrecht"})
    sessions.invitations_send(
        sessions=[utrecht], group=SessionInvitation.Group.ADDRESSES, invited_by=users["proceseigenaar"],
        addresses=["nieuw@example.org"],
    )  # fmt: skip
    remind_session_participants(today=utrecht.starts_at.date() - datetime.timedelta(days=1))
    sessions.session_cancel(session=session["aftrap-meedenksessies-den-haag"], note="Zaal <niet> beschikbaar.")

    from implementation.timeline import invite_to_report, notify_overdue_reports, remind_to_report

    reporting = reporting_round(plan)
    invite_to_report(today=reporting.opens_on)
    remind_to_report(today=reporting.deadline - datetime.timedelta(days=14))
    notify_overdue_reports(today=reporting.deadline + datetime.timedelta(days=1))
    from implementation.models import ProgressReport
    from implementation.services import accept_report, return_report

    for report in ProgressReport.objects.filter(review=ProgressReport.Review.SUBMITTED).order_by("pk")[:1]:
        accept_report(report=report, actor=users["proceseigenaar"])
    returned = ProgressReport.objects.create(
        milestone=ProgressReport.objects.first().milestone, completion="limited", explanation_nl="Begonnen.",
        reported_on=datetime.date(2023, 6, 1), author=users["actiehouder"],
    )  # fmt: skip
    return_report(report=returned, actor=users["proceseigenaar"], reason="Voeg het <besluit> toe & de link.")


def write_emails(users, folder: Path, django_capture_on_commit_callbacks) -> list[Path]:
    from notifications.models import Message

    with django_capture_on_commit_callbacks(execute=True):
        send_every_kind_of_email(users)
    first = {}
    for message in Message.objects.exclude(body_html="").order_by("pk"):
        first.setdefault(message.kind, message)
    assert set(first) == EMAIL_KINDS
    files = []
    for kind, message in first.items():
        files.append(folder / f"email-{kind}.html")
        files[-1].write_text(message.body_html)
    return files


@override_settings(ROOT_URLCONF=__name__)
def test_every_page_and_email_is_valid_html(client, demo, tmp_path, django_capture_on_commit_callbacks):
    files = render_pages(client, demo, tmp_path)
    files += render_error_pages(client, tmp_path)
    files += write_emails(demo, tmp_path, django_capture_on_commit_callbacks)
    errors = run_vnu(files)
    assert not errors, describe(errors, tmp_path)
