"""No English on the Dutch pages of the journeys, no Dutch on the English ones.

The pages are those the browser journeys (tests/browser) visit, rendered with the test client for
each role. The visible text (and the titles, labels, placeholders and alternative texts that a
screen reader reads) is checked against small lists of common words of the other language. The
content put in is the same in both languages (names, "Open data"), so every hit is interface text.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from core import clock
from ideas import services as idea_services
from plans.models import Phase
from sessions.models import Session
from tests.commitments.factories import CommitmentFactory
from tests.factories import (
    ActionPlanFactory,
    MembershipFactory,
    OrganisationFactory,
    PhaseFactory,
    ThemeFactory,
    UserFactory,
)
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import RegistrationFactory, SessionFactory

# Whole words. Function words in any case; interface words as written. Words that are the same in
# both languages are left out: "of", "in", "is", "was", "we", "Code", and "Log in" (Dutch too, as in
# "Log in om …"; allauth's Dutch "aanmelden" is checked separately in test_dutch_texts).
ENGLISH = re.compile(
    r"(?i:\b(the|and|your|you|with|this|that|these|please|to|for|are|not|has|have|will|can|our|my|on|at|"
    r"by|from|what|when|who|how|here|there|all|more|no|yes|an|or|it)\b)"
    r"|\b(submitted|entered|published|redacted|duplicate|answered|channel=\w+)\b"  # stored codes, untranslated
    r"|\b(Submit|Search|Log out|Sign up|Sign in|Sign out|Signup|Filter|Password|Forgot|Email|Save|Cancel|"
    r"Send|Remember|Contribution|Session|Theme|Back|Previous|Next|Skip|Menu|Delete|Edit|Change|Request)\b"
)
DUTCH = re.compile(
    r"(?i:\b(de|het|een|jouw|uw|je|van|niet|voor|wij|ons|onze|en|naar|met|op|te|bij|om|ook|zijn|wordt|kun|kan|"
    r"geen|alle|nog|deze|dit|wat|wie|wanneer|hoe|hier|meer|mijn|ja|nee)\b)"
    r"|\b(Inloggen|Uitloggen|Zoeken|Wachtwoord|Verstuur|Versturen|Opslaan|Annuleren|Bijdrage|Bijdragen|Sessie|"
    r"Thema|Terug|Aanmelden|Registreren|Verwijderen|Bewerken|Wijzigen|Bekijk|Stuur)\b"
)
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a person sees or hears, leaving out what is marked as another language (the
    language switch names the other language in that language: ``<button lang="en">``)."""

    def __init__(self, language: str):
        super().__init__()
        self.language, self.parts, self._open = language, [], []

    def _hidden(self) -> bool:
        return any(tag in ("script", "style", "template") for tag, _lang in self._open)

    def _language(self) -> str:
        return next((lang for _tag, lang in reversed(self._open) if lang), self.language)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            self._open.append((tag, (attrs.get("lang") or "")[:2]))
        if self._hidden() or (attrs.get("lang") or self._language())[:2] != self.language:
            return
        self.parts += [attrs[a] for a in READ_ATTRIBUTES if attrs.get(a)]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        if data.strip() and not self._hidden() and self._language() == self.language:
            self.parts.append(data.strip())


def visible_text(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.parts


def wrong_language(html: str, language: str) -> list[str]:
    pattern = ENGLISH if language == "nl" else DUTCH
    return [part for part in visible_text(html, language) if pattern.search(part)]


@pytest.fixture
def journeys(db, totp):
    """Demo-like data whose content reads the same in both languages."""
    today = clock.today()
    plan = ActionPlanFactory(number=5, title_nl="Open Government NL 5", title_en="Open Government NL 5")
    PhaseFactory(
        plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
    )  # fmt: skip
    PhaseFactory(
        plan=plan, kind=Phase.Kind.DRAFTING, starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=30),
    )  # fmt: skip
    theme = ThemeFactory(slug="open-data", name_nl="Open data", name_en="Open data")
    organisation = OrganisationFactory(name="Open State Foundation")
    plan.action_holders.add(organisation)
    participant = UserFactory(name="Sam Jansen", language="nl")
    action_holder = MembershipFactory(user=UserFactory(name="Kim Bakker"), organisation=organisation).user
    moderator = totp(UserFactory(name="Alex Visser", role="moderator"))
    process_owner = totp(UserFactory(name="Robin Smit", role="process_owner"))
    idea = IdeaFactory(plan=plan, author=participant, title="Open data portal", text="Open data portal.",
                       themes=[theme])  # fmt: skip
    IdeaFactory(plan=plan, author=participant, title="Open spending", text="Open spending.", themes=[theme],
                pending=True)  # fmt: skip
    idea_services.ideas_respond(ids=[idea.pk], actor=moderator, outcome="partly", response="Open data portal 2023.")
    session = SessionFactory(
        plan=plan, title="Open data lab", description="Open data lab.", venue="Utrecht",
        address="Stadsplateau 1, Utrecht", venue_accessibility="Lift.", mode=Session.Mode.IN_PERSON,
    )  # fmt: skip
    registration = RegistrationFactory(session=session, person=participant)
    entered = idea_services.idea_enter_on_behalf(
        staff=moderator, plan=plan, kind="idea", title="Open data API", text="Open data API.", channel="email",
        themes=[theme], submitter_name="Sam Jansen",
    )  # fmt: skip
    idea_services.ideas_publish(ids=[entered.pk], actor=moderator)  # only a published one can be a duplicate
    entered.refresh_from_db()
    idea_services.idea_mark_duplicate(idea=entered, original=idea, actor=moderator)
    commitment = CommitmentFactory(plan=plan, lead_organisation=organisation, title_nl="Open data register",
                                   title_en="Open data register")  # fmt: skip
    return {
        "anonymous": (None, [
            "/", reverse("ideas:list"), idea.get_absolute_url(), reverse("ideas:what_happened"),
            reverse("sessions:list"), session.get_absolute_url(), reverse("privacy"), reverse("plans:list"),
            plan.get_absolute_url(), reverse("account_login"), reverse("account_signup"),
            reverse("account_request_login_code"), reverse("commitments:list"),
            reverse("sessions:cancel_link", args=["xxxx"]),
        ]),
        "participant": (participant, [
            reverse("ideas:create"), reverse("ideas:mine"), reverse("ideas:mine_detail", args=[idea.pk]),
            reverse("accounts:profile"), reverse("accounts:delete"), session.get_absolute_url(),
            reverse("account_logout"), reverse("notifications:preferences"),
        ]),
        "action_holder": (action_holder, [
            reverse("commitments:workspace"), reverse("commitments:new"),
            reverse("commitments:edit", args=[commitment.identifier]),
            reverse("commitments:history", args=[commitment.identifier]),
        ]),
        "moderator": (moderator, [
            reverse("ideas:queue"), reverse("ideas:answers"), reverse("ideas:staff_idea", args=[idea.pk]),
            reverse("ideas:staff_idea", args=[entered.pk]),
        ]),
        "process_owner": (process_owner, [
            reverse("sessions:staff_dashboard"), reverse("sessions:staff_attendance", args=[session.slug]),
            reverse("sessions:staff_participants", args=[session.slug]),
        ]),
        "registration": registration,
    }  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", ["anonymous", "participant", "action_holder", "moderator", "process_owner"])
def test_pages_of_the_journeys_speak_one_language(client, journeys, role, language):
    person, urls = journeys[role]
    if person:
        client.force_login(person)
    client.cookies["django_language"] = language
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        if wrong := wrong_language(response.content.decode(), language):
            found[url] = wrong
    assert not found, f"{'English' if language == 'nl' else 'Dutch'} text on {language} pages: {found}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_login_code_journey_speaks_one_language(client, journeys, language, django_capture_on_commit_callbacks):
    participant, _urls = journeys["participant"]
    client.cookies["django_language"] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": participant.email}, follow=True)
    assert not wrong_language(response.content.decode(), language)
    email = mail.outbox[-1]
    pattern = ENGLISH if language == "nl" else DUTCH
    lines = [line for line in [email.subject, *email.body.splitlines()] if pattern.search(line)]
    assert not lines, lines
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404 and not wrong_language(not_found.content.decode(), language)


def test_the_word_lists_catch_the_other_language():
    assert wrong_language("<p>Forgot your password?</p>", "nl")
    assert wrong_language('<input type="submit" value="Verstuur">', "en")
    assert wrong_language('<a aria-label="Zoeken" href="/">x</a>', "en")
    assert not wrong_language('<button lang="en">English<span> – switch to English</span></button>', "nl")
    assert not wrong_language("<p>Bijdragen van de deelnemers</p><br><p>Open data</p>", "nl")
    assert not wrong_language("<script>var the = 1;</script><p>Contributions</p>", "en")
