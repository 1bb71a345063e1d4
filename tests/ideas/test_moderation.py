import pytest
from django.core import mail
from django.urls import reverse

from ideas.models import Idea, ModerationLog, Support
from ideas.services import support_add
from tests.factories import UserFactory
from tests.ideas.factories import BuildingBlockFactory, IdeaFactory


@pytest.fixture
def moderator(client, totp):
    user = totp(UserFactory(role="moderator"))
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def new_idea(**kwargs):
    return IdeaFactory(pending=True, **kwargs)


@pytest.mark.django_db
def test_queue_is_oldest_first_and_bulk_publish_logs_who_and_when(client, moderator):
    first, second = new_idea(title="Eerste"), new_idea(title="Tweede")
    IdeaFactory(title="Al gepubliceerd")
    html = client.get(reverse("ideas:queue")).content.decode()
    assert html.index("Eerste") < html.index("Tweede") and "Al gepubliceerd" not in html
    client.post(reverse("ideas:queue"), {"action": "publish", "ids": [first.pk, second.pk]})
    assert set(Idea.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {"published"}
    entry = ModerationLog.objects.get(idea=first, action="published")
    assert entry.actor == moderator and entry.created_at


@pytest.mark.django_db
def test_reject_with_reason_tells_the_author_why(client, moderator, django_capture_on_commit_callbacks):
    idea = new_idea()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("ideas:queue"), {"action": "reject", "ids": [idea.pk], "reason": "spam", "text": "Dit is reclame."}
        )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.REJECTED
    assert mail.outbox[0].to == [idea.author.email] and "Dit is reclame." in mail.outbox[0].body


@pytest.mark.django_db
def test_reject_without_reason_is_refused_with_the_selection_kept(client, moderator):
    idea = new_idea()
    response = client.post(
        reverse("ideas:queue"), {"action": "reject", "ids": [idea.pk], "reason": "", "text": "Mijn uitleg"}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Mijn uitleg" in html and "checked" in html
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NEW


@pytest.mark.django_db
def test_duplicate_moves_supports_and_both_pages_show_the_link(client, moderator):
    original = IdeaFactory(title="Origineel")
    duplicate = IdeaFactory(plan=original.plan, title="Dubbel")  # an original is looked for in the same plan
    both, only_dup = UserFactory(), UserFactory()
    for user in (both, only_dup):
        support_add(idea=duplicate, user=user)
    support_add(idea=original, user=both)
    client.post(reverse("ideas:staff_idea", args=[duplicate.pk]), {"action": "duplicate", "original": original.pk})
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.status == Idea.Status.DUPLICATE and duplicate.duplicate_of == original
    assert original.support_count == 2 and Support.objects.filter(idea=original).count() == 2
    assert duplicate.support_count == 0
    assert "Dubbel" in client.get(original.get_absolute_url()).content.decode()
    assert "Origineel" in client.get(duplicate.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_redacted_text_is_public_and_the_original_is_for_staff_only(client, moderator):
    idea = IdeaFactory(text="Bel Sanne op 06-12345678.")
    client.post(reverse("ideas:staff_idea", args=[idea.pk]), {"action": "redact", "text": "Bel [verwijderd]."})
    idea.refresh_from_db()
    assert idea.original_text == "Bel Sanne op 06-12345678." and idea.text == "Bel [verwijderd]."
    assert "06-12345678" in client.get(reverse("ideas:staff_idea", args=[idea.pk])).content.decode()
    client.logout()
    assert "06-12345678" not in client.get(idea.get_absolute_url()).content.decode()
    assert "06-12345678" not in client.get(reverse("open_data_contributions_json")).getvalue().decode()


@pytest.mark.django_db
def test_a_report_returns_the_contribution_to_the_queue(client, moderator):
    idea = IdeaFactory(title="Gemeld idee")
    reporter = UserFactory()
    client.force_login(reporter)
    client.post(reverse("ideas:report", args=[idea.pk]), {"reason": "offensive", "text": "Kwetsend"})
    idea.refresh_from_db()
    assert idea.needs_review
    client.force_login(moderator)
    html = client.get(reverse("ideas:queue")).content.decode()
    assert "Gemeld idee" in html and "Kwetsend" in html
    client.post(reverse("ideas:queue"), {"action": "publish", "ids": [idea.pk]})
    idea.refresh_from_db()
    assert not idea.needs_review and idea.reports.get().resolved_at


@pytest.mark.django_db
def test_staff_enter_a_contribution_from_a_meeting(client, moderator):
    from tests.ideas.factories import ThemeFactory, open_call

    open_call()
    theme = ThemeFactory()
    response = client.post(reverse("ideas:enter"), {
        "channel": "meeting", "kind": "idea", "title": "Uit de bijeenkomst", "text": "Tekst", "themes": [theme.pk],
        "submitter_name": "Jan", "submitter_email": "jan@example.org",
    })  # fmt: skip
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.channel, idea.status, idea.entered_by, idea.author) == ("meeting", "new", moderator, None)
    response = client.post(reverse("ideas:enter"), {"channel": "session", "kind": "idea", "title": "X", "text": "Y",
                                                    "themes": [theme.pk]})  # fmt: skip
    assert response.status_code == 400 and "Choose the session this came from." in response.content.decode()


@pytest.mark.django_db
def test_answer_notifies_the_author_once_per_change_and_bulk(client, moderator, django_capture_on_commit_callbacks):
    first = IdeaFactory()
    ideas = [first, IdeaFactory(plan=first.plan)]
    block = BuildingBlockFactory(plan=first.plan)
    data = {"action": "answer", "ids": [i.pk for i in ideas], "outcome": "building_block",
            "response": "Opgenomen in de bouwsteen.", "building_block": block.pk}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ideas:answers"), data)
        client.post(reverse("ideas:answers") + "?all=1", data)  # the same again: nobody is mailed twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted(i.author.email for i in ideas)
    for idea in ideas:
        idea.refresh_from_db()
        assert (idea.outcome, idea.building_block) == ("building_block", block)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ideas:staff_idea", args=[ideas[0].pk]),
                    {"action": "respond", "outcome": "partly", "response": "Toch maar deels."})  # fmt: skip
    assert len(mail.outbox) == 3 and "Toch maar deels." in mail.outbox[-1].body
    html = client.get(ideas[0].get_absolute_url()).content.decode()
    assert "Toch maar deels." in html and "Partly taken up" in html


@pytest.mark.django_db
def test_answer_needs_a_building_block_when_taken_up_in_one(client, moderator):
    idea = IdeaFactory()
    response = client.post(reverse("ideas:answers"), {"action": "answer", "ids": [idea.pk], "outcome": "building_block",
                                                      "response": "Mijn antwoord"})  # fmt: skip
    assert response.status_code == 400 and "Mijn antwoord" in response.content.decode()
    idea.refresh_from_db()
    assert idea.outcome == ""


@pytest.mark.django_db
def test_process_owners_group_contributions_into_building_blocks(client, totp):
    owner = totp(UserFactory(role="process_owner"))
    client.force_login(owner)
    idea = IdeaFactory(title="In een bouwsteen")
    block = BuildingBlockFactory(plan=idea.plan)
    client.post(reverse("ideas:answers") + "?all=1", {"action": "group", "ids": [idea.pk], "group_block": block.pk})
    idea.refresh_from_db()
    assert idea.building_block == block
    assert "In een bouwsteen" in client.get(block.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_moderators_cannot_group_into_building_blocks(client, moderator):
    idea = IdeaFactory()
    block = BuildingBlockFactory(plan=idea.plan)
    response = client.post(reverse("ideas:answers"), {"action": "group", "ids": [idea.pk], "group_block": block.pk})
    assert response.status_code == 403
