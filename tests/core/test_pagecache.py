"""The page cache of the public contribution pages: anonymous visitors get the cached page, and
never a page that is out of date, someone else's, or in the other language."""

import uuid

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, override_settings
from django.urls import reverse

from ideas.models import Idea
from ideas.services import ideas_assign_building_block, ideas_publish, ideas_respond, support_add
from tests.factories import UserFactory
from tests.ideas.factories import BuildingBlockFactory, IdeaFactory

LIST = reverse("ideas:list")


def results(html: str) -> str:
    return html[html.index('<section id="results"') : html.index("</section>")]


def cache_state(response) -> str:
    return response.headers.get("X-Page-Cache", "none")


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache_with_the_same_page(client):
    IdeaFactory(title="Open agenda's van bewindspersonen")
    first, second = client.get(LIST), client.get(LIST)
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Open agenda&#x27;s van bewindspersonen" in second.content.decode()


@pytest.mark.django_db
def test_public_pages_hold_no_csrf_token_and_set_no_cookie(client):
    idea = IdeaFactory()
    for url in (LIST, idea.get_absolute_url(), reverse("ideas:what_happened")):
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert not response.cookies, url


@pytest.mark.django_db
def test_language_switch_works_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": LIST})
    assert response.status_code == 302
    assert "Contributions" in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_dutch_and_english_visitors_each_get_their_own_language(client):
    IdeaFactory()
    assert "Ideeën, suggesties en kritische noten" in client.get(LIST).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(LIST)
    assert cache_state(english) == "miss"
    assert "Ideas, suggestions and critical notes" in english.content.decode()


@pytest.mark.django_db
def test_a_newly_published_contribution_shows_at_once(client, people):
    new = IdeaFactory(title="Register van lobbygesprekken", pending=True)
    assert "Register van lobbygesprekken" not in client.get(LIST).content.decode()
    assert cache_state(client.get(LIST)) == "hit"
    ideas_publish(ids=[new.pk], actor=people["moderator"])
    response = client.get(LIST)
    assert cache_state(response) == "miss"
    assert "Register van lobbygesprekken" in response.content.decode()


@pytest.mark.django_db
def test_supports_answers_and_building_blocks_show_at_once_on_the_detail_page(client, people):
    idea = IdeaFactory()
    url = idea.get_absolute_url()
    client.cookies["django_language"] = "en"
    assert "0 people find this important" in client.get(url).content.decode()
    support_add(idea=idea, user=people["participant"])
    assert "1 person finds this important" in client.get(url).content.decode()
    ideas_respond(
        ids=[idea.pk], actor=people["process_owner"], outcome="not_taken_up", response="Valt buiten het plan."
    )
    assert "Valt buiten het plan." in client.get(url).content.decode()
    block = BuildingBlockFactory(plan=idea.plan, title_en="Open lobbying")
    client.get(url)
    ideas_assign_building_block(ids=[idea.pk], actor=people["process_owner"], building_block=block)
    assert "Open lobbying" in client.get(url).content.decode()


@pytest.mark.django_db
def test_logged_in_people_always_get_their_own_fresh_page(client):
    idea = IdeaFactory()
    client.get(idea.get_absolute_url())  # an anonymous visit fills the cache
    supporter = UserFactory()
    support_add(idea=idea, user=supporter)
    client.force_login(supporter)
    response = client.get(idea.get_absolute_url())
    assert cache_state(response) == "miss"  # not the page kept for anonymous visitors
    assert 'aria-pressed="true"' in response.content.decode()  # their own support, with its form


@pytest.mark.django_db
def test_htmx_gets_the_results_only_and_the_browser_the_whole_page(client):
    IdeaFactory()
    client.get(LIST)
    fragment = client.get(LIST, headers={"HX-Request": "true"})
    assert cache_state(fragment) == "miss"
    assert "<html" not in fragment.content.decode() and 'id="results"' in fragment.content.decode()
    assert "<html" in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_a_waiting_message_is_shown_not_skipped_by_the_cache(client):
    IdeaFactory()
    client.get(LIST)
    storage = CookieStorage(client.get(LIST).wsgi_request)
    storage.add(constants.SUCCESS, "Je bijdrage is ontvangen.")
    response = client.get(LIST)
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    response = client.get(LIST)
    assert cache_state(response) == "none"
    assert "Je bijdrage is ontvangen." in response.content.decode()


@pytest.mark.django_db
def test_an_unpublished_contribution_leaves_its_cached_page(client, people):
    idea = IdeaFactory(title="Wordt afgewezen")
    assert client.get(idea.get_absolute_url()).status_code == 200
    Idea.objects.get(pk=idea.pk).delete()
    assert client.get(idea.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_only_the_parameters_a_page_understands_make_a_cached_page(client):
    """Made-up parameters would make an entry per request (and the list carries them along in its
    pagination links): such a request is rendered as usual and not kept."""
    from django.core.cache import caches

    from core.pagecache import pages_cache

    IdeaFactory(kind="idea", title="Open agenda's")
    filtered = client.get(LIST, {"kind": "idea", "sort": "newest"})
    same_filters_other_order = client.get(f"{LIST}?sort=newest&kind=idea")
    assert (cache_state(filtered), cache_state(same_filters_other_order)) == ("miss", "hit")
    for n in range(3):
        junk = client.get(LIST, {"kind": "idea", "junk": n})
        assert junk.status_code == 200 and cache_state(junk) == "none"
        assert "Open agenda&#x27;s" in junk.content.decode()
    assert cache_state(client.get(f"{LIST}?utm_source=nieuwsbrief")) == "none"
    assert cache_state(client.get(f"{LIST}?page=2")) == "miss"  # understood: kept
    assert cache_state(client.get(reverse("ideas:what_happened"), {"page": "1", "x": "1"})) == "none"
    assert cache_state(client.get(reverse("ideas:what_happened"), {"page": "1"})) == "miss"
    # Pages and their parts go to a cache of their own, never among the rate-limit counters.
    assert any(key.startswith(":1:pagecache:") for key in pages_cache()._cache)
    assert not caches["default"]._cache


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_switched_off(client):
    IdeaFactory()
    assert cache_state(client.get(LIST)) == cache_state(client.get(LIST)) == "none"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_pages_are_kept_in_redis_and_dropped_after_a_committed_change(client, people):
    """With Redis, as in production: shared by all web processes, invalidated on commit."""
    import os

    from django.core.cache import caches

    redis_cache = {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", ""),
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": redis_cache, "pages": redis_cache, "sessions": redis_cache}):
        try:
            idea = IdeaFactory()
            url = idea.get_absolute_url()
            assert [cache_state(client.get(url)) for _ in range(2)] == ["miss", "hit"]
            assert Client().get(url).headers["X-Page-Cache"] == "hit"  # another visitor, same page
            support_add(idea=idea, user=people["participant"])
            response = client.get(url)
            assert cache_state(response) == "miss"
            assert "1 persoon vindt dit belangrijk" in response.content.decode()
        finally:
            client_ = caches["default"]._cache.get_client(write=True)
            for key in client_.scan_iter(f"{redis_cache['KEY_PREFIX']}:*"):
                client_.delete(key)


# --- Shared fragments: the parts of a page that are the same for everyone, also when logged in ---


@pytest.mark.django_db
def test_logged_in_people_get_the_shared_parts_from_the_cache_and_see_changes_at_once(
    client, people, django_assert_max_num_queries
):
    idea = IdeaFactory(title="Open vergaderingen")
    client.force_login(people["participant"])
    first = client.get(LIST).content.decode()
    with django_assert_max_num_queries(3):  # session, user, their groups: not the page, results or filters
        again = client.get(LIST).content.decode()
    assert results(again) == results(first) and "Open vergaderingen" in results(again)
    ideas_respond(ids=[idea.pk], actor=people["process_owner"], outcome="partly", response="Deels.")
    assert "Deels verwerkt" in results(client.get(LIST).content.decode())  # an answer: at once


@pytest.mark.django_db
def test_a_logged_in_detail_page_keeps_its_own_support_button_around_shared_parts(client, people):
    idea = IdeaFactory(text="Publiceer *alle* agenda's.")
    client.get(idea.get_absolute_url())  # fills the shared parts as an anonymous visitor
    client.force_login(people["participant"])
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<em>alle</em>" in html and 'aria-pressed="false"' in html and "csrfmiddlewaretoken" in html
    support_add(idea=idea, user=people["participant"])
    html = client.get(idea.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html and "1 persoon vindt dit belangrijk" in html


@pytest.mark.django_db
def test_the_shared_parts_kept_for_logged_in_people_hold_nothing_personal(client, people):
    """Django's {% cache %} tag keeps whatever it renders: the shared parts must never hold a CSRF
    token or the person's own support."""
    from core.pagecache import pages_cache

    idea = IdeaFactory(title="Open vergaderingen")
    support_add(idea=idea, user=people["participant"])
    client.force_login(people["participant"])
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" in html and 'aria-pressed="true"' in html  # around the shared parts
    client.get(LIST)
    fragments = [pages_cache().get(key.split(":", 2)[2]) for key in list(pages_cache()._cache)]
    fragments = [value for value in fragments if isinstance(value, str)]
    assert len(fragments) == 4  # the detail, its answer, the filters and the results
    for fragment in fragments:
        assert "csrf" not in fragment and "aria-pressed" not in fragment
        assert people["participant"].email not in fragment


@pytest.mark.django_db
def test_shared_parts_are_kept_per_language(client, people):
    IdeaFactory()
    client.force_login(people["participant"])
    assert "1 bijdrage" in results(client.get(LIST).content.decode())
    client.cookies["django_language"] = "en"
    assert "1 contribution" in results(client.get(LIST).content.decode())


@pytest.mark.django_db
def test_a_lost_generation_number_never_brings_back_an_older_page(client, people):
    """Redis may evict the generation number; the next one must not be one that pages were kept under."""
    from core import pagecache

    cache = pagecache.pages_cache()
    idea = IdeaFactory(title="Eerste titel")
    cache.delete(pagecache.GENERATION_KEY)  # a new or emptied cache
    assert "Eerste titel" in client.get(LIST).content.decode()  # kept under the number read now
    Idea.objects.filter(pk=idea.pk).update(title="Tweede titel")  # a change no signal saw…
    cache.delete(pagecache.GENERATION_KEY)  # …and the number evicted
    assert "Tweede titel" in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_with_redis_unreachable_pages_and_shared_parts_are_rendered_with_one_warning(client, people, caplog):
    """The pages cache fails open (core.cache.PageCache): Django's {% cache %} tag would raise
    otherwise. One warning a minute, not a traceback per cache call."""
    import logging
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        unreachable = f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    pages = {"BACKEND": "core.cache.PageCache", "LOCATION": unreachable, "OPTIONS": {"socket_connect_timeout": 1}}
    idea = IdeaFactory(title="Open vergaderingen")
    counters = {**pages, "BACKEND": "core.cache.FailOpenRedisCache"}
    with (
        override_settings(
            CACHES={"default": counters, "pages": pages, "sessions": {**pages, "BACKEND": "core.cache.SessionCache"}}
        ),
        caplog.at_level(logging.WARNING),
    ):
        for _ in range(2):
            response = client.get(LIST)
            assert response.status_code == 200 and cache_state(response) == "miss"
            assert "Open vergaderingen" in response.content.decode()
        client.force_login(people["participant"])
        response = client.get(idea.get_absolute_url())
        assert response.status_code == 200 and "Open vergaderingen" in response.content.decode()
        support_add(idea=idea, user=people["participant"])  # invalidates: no error either
        assert "1 persoon vindt dit belangrijk" in client.get(idea.get_absolute_url()).content.decode()
    warnings = [r for r in caplog.records if r.name == "core.cache" and "Page cache" in r.getMessage()]
    assert len(warnings) == 1 and not warnings[0].exc_info


@pytest.mark.django_db(transaction=True)
def test_a_transaction_raises_the_generation_once_on_commit_also_after_a_rollback():
    from django.db import transaction

    from core import pagecache

    def current():
        return pagecache.pages_cache().get(pagecache.GENERATION_KEY)

    start = pagecache.generation()
    with transaction.atomic():
        for _ in range(3):
            pagecache.invalidate()  # raised at once each time, for readers in the transaction
        assert current() == start + 3
    assert current() == start + 4  # and once on commit
    try:
        with transaction.atomic():
            pagecache.invalidate()
            raise RuntimeError
    except RuntimeError:
        pass
    assert current() == start + 5  # a rollback: nothing on commit
    with transaction.atomic():
        pagecache.invalidate()
        pagecache.invalidate()
    assert current() == start + 8  # the next transaction still bumps once on its commit
    pagecache.invalidate()  # outside a transaction: once, at once
    assert current() == start + 9


def test_each_app_names_the_models_the_cached_pages_show():
    from django.apps import apps

    from core.pagecache import watched_models

    watched = set(watched_models())
    get = apps.get_model
    for label in ("ideas.BuildingBlock", "plans.Phase", "cocreation.Session", "commitments.Commitment"):
        assert get(label) in watched, label
    assert get("commitments.Commitment").contributions.through in watched  # its own many-to-many tables
    # Contributions raise finer generations of their own (ideas/pages.py), not the site's.
    for label in ("ideas.Idea", "ideas.ModerationLog", "cocreation.Registration", "commitments.CommitmentVersion"):
        assert get(label) not in watched, label
    assert get("ideas.Idea").themes.through not in watched


# --- A busy day: a support drops only what shows it; moderation still drops everything at once ----


def detail_count(response) -> str:
    html = response.content.decode()
    return html[html.index('class="support__count"') :].split("<", 1)[0]


@pytest.mark.django_db
def test_a_support_drops_its_own_page_and_leaves_the_lists_and_other_pages_cached(client, people):
    idea, other = IdeaFactory(title="Open agenda's"), IdeaFactory(title="Open data")
    supporter = people["participant"]
    urls = [LIST, f"{LIST}?sort=supported", other.get_absolute_url(), reverse("ideas:what_happened")]
    for url in [*urls, idea.get_absolute_url()]:
        assert cache_state(client.get(url)) == "miss"
    support_add(idea=idea, user=supporter)
    for url in urls:
        assert cache_state(client.get(url)) == "hit", url
    response = client.get(idea.get_absolute_url())
    assert cache_state(response) == "miss"
    assert "1 persoon vindt dit belangrijk" in detail_count(response)


@pytest.mark.django_db
@override_settings(PAGE_CACHE_COUNTS_SECONDS=1)
def test_an_anonymous_visitor_sees_a_new_count_on_the_lists_within_the_bound(client, people):
    import time

    idea = IdeaFactory()
    assert "0 mensen vinden dit belangrijk" in results(client.get(LIST).content.decode())
    support_add(idea=idea, user=people["participant"])
    time.sleep(1.1)  # PAGE_CACHE_COUNTS_SECONDS
    response = client.get(LIST)
    assert cache_state(response) == "miss"
    assert "1 persoon vindt dit belangrijk" in results(response.content.decode())


@pytest.mark.django_db
def test_after_their_own_support_a_person_sees_it_at_once_on_every_page(client, people):
    idea, other = IdeaFactory(), IdeaFactory()
    anonymous = Client()
    for url in (LIST, idea.get_absolute_url(), other.get_absolute_url()):
        anonymous.get(url)  # everything cached before the support
    client.force_login(people["participant"])
    assert "0 mensen vinden dit belangrijk" in results(client.get(LIST).content.decode())
    response = client.post(reverse("ideas:support", args=[idea.pk]), follow=True)
    assert 'aria-pressed="true"' in response.content.decode()
    assert "1 persoon vindt dit belangrijk" in detail_count(response)
    # The lists they see show it at once, though the count on everyone's lists may lag a little.
    card = results(client.get(LIST).content.decode())
    assert "1 persoon vindt dit belangrijk" in card
    assert "1 persoon vindt dit belangrijk" in results(client.get(f"{LIST}?sort=supported").content.decode())
    # An anonymous visitor sees it at once on the contribution's own page.
    assert "1 persoon vindt dit belangrijk" in detail_count(anonymous.get(idea.get_absolute_url()))
    assert cache_state(anonymous.get(other.get_absolute_url())) == "hit"  # the others stay cached


@pytest.mark.django_db
def test_the_page_rendered_for_a_person_right_after_their_support_does_not_push_out_everyone_elses(people):
    idea = IdeaFactory()
    supporter, other = Client(), Client()
    supporter.force_login(people["participant"])
    other.force_login(people["forum_member"])
    assert cache_state(other.get(LIST)) == "miss"
    supporter.post(reverse("ideas:support", args=[idea.pk]))
    for _ in range(2):  # their own count at once, each time rendered for them
        response = supporter.get(LIST)
        assert cache_state(response) == "miss"
        assert "1 persoon vindt dit belangrijk" in results(response.content.decode())
    response = other.get(LIST)  # everyone else: the page kept before, counts within the bound
    assert cache_state(response) == "hit"
    assert "0 mensen vinden dit belangrijk" in results(response.content.decode())


@pytest.mark.django_db
@override_settings(PAGE_CACHE_COUNTS_SECONDS=1)
def test_once_everyone_is_shown_their_support_a_person_gets_the_kept_page_again(people):
    import time

    idea = IdeaFactory()
    supporter, other = Client(), Client()
    supporter.force_login(people["participant"])
    other.force_login(people["forum_member"])
    supporter.post(reverse("ideas:support", args=[idea.pk]))
    time.sleep(1.1)  # PAGE_CACHE_COUNTS_SECONDS: the number shown to everyone is now newer
    assert "1 persoon vindt dit belangrijk" in results(other.get(LIST).content.decode())
    response = supporter.get(LIST)  # their mark lasts a second longer, but the shared page has it
    assert cache_state(response) == "hit"
    assert "1 persoon vindt dit belangrijk" in results(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["reject", "redact"])
def test_a_rejected_or_redacted_contribution_leaves_every_cached_page_at_once(client, people, how):
    from ideas.services import idea_redact, ideas_reject

    idea = IdeaFactory(title="Bel Jan op 06-12345678", text="Bel Jan op 06-12345678.")
    other = IdeaFactory(title="Open data")
    member = Client()
    member.force_login(people["participant"])
    pages = [LIST, f"{LIST}?q=Jan", idea.get_absolute_url(), other.get_absolute_url()]
    for url in pages:
        assert "06-12345678" in client.get(url).content.decode() or url == other.get_absolute_url()
        member.get(url)
    if how == "reject":
        ideas_reject(ids=[idea.pk], actor=people["moderator"], reason="privacy", text="Persoonsgegevens")
    else:
        idea_redact(idea=idea, actor=people["moderator"], text="Bel [verwijderd].")
    for visitor in (client, member):
        for url in pages:
            response = visitor.get(url)
            assert cache_state(response) != "hit", url
            if how == "reject" or url != idea.get_absolute_url():
                continue
            assert "06-12345678" not in response.content.decode().split("<h1>", 1)[1].split("</h1>", 1)[1]
    assert (client.get(idea.get_absolute_url()).status_code == 200) is (how == "redact")
    if how == "reject":
        assert "Bel Jan" not in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_a_new_submission_leaves_the_cached_pages_alone(client, people):
    from ideas.services import idea_submit

    idea = IdeaFactory()
    for url in (LIST, idea.get_absolute_url()):
        client.get(url)
    idea_submit(
        author=people["participant"],
        plan=idea.plan,
        kind="idea",
        title="Nieuw",
        text="Nog niet gemodereerd.",
        themes=[],
    )
    assert [cache_state(client.get(url)) for url in (LIST, idea.get_absolute_url())] == ["hit", "hit"]


@pytest.mark.django_db
def test_signed_in_people_get_the_list_from_the_cache_with_their_own_working_csrf_token(people):
    from core.pagecache import csrf_placeholder

    IdeaFactory(title="Open vergaderingen")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(people["participant"])
    second.force_login(people["forum_member"])
    assert cache_state(first.get(LIST)) == "miss"
    response = second.get(LIST)
    html = response.content.decode()
    assert cache_state(response) == "hit" and "Open vergaderingen" in html
    assert csrf_placeholder() not in html and "csrfmiddlewaretoken" in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert second.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in second.session  # their own token worked: logged out


@pytest.mark.django_db
def test_staff_and_participants_each_get_their_own_menu_from_the_cached_list(people):
    participant, moderator = Client(), Client()
    participant.force_login(people["participant"])
    moderator.force_login(people["moderator"])
    staff_link = f'href="{reverse("staff:dashboard")}"'
    assert staff_link not in participant.get(LIST).content.decode()
    assert staff_link in moderator.get(LIST).content.decode()
    assert staff_link not in participant.get(LIST).content.decode()


@pytest.mark.django_db(transaction=True)
def test_named_generations_are_raised_once_per_transaction_on_commit():
    from django.db import transaction

    from core import pagecache

    def current(name):
        return pagecache.pages_cache().get(f"pagecache:gen:{name}")

    pagecache.generations(names=["idea:1", "idea:2"])
    start = (current("idea:1"), current("idea:2"), pagecache.generation())
    with transaction.atomic():
        pagecache.invalidate("idea:1")
        pagecache.invalidate("idea:1", "idea:2")
    assert (current("idea:1"), current("idea:2")) == (start[0] + 3, start[1] + 2)
    assert pagecache.generation() == start[2]  # the site's generation left alone


@pytest.mark.django_db
def test_a_contribution_read_without_its_status_and_then_hidden_leaves_the_cached_pages(client, people):
    idea = IdeaFactory(title="Wordt verborgen")
    assert "Wordt verborgen" in client.get(LIST).content.decode()
    partial = Idea.objects.only("pk", "title").get(pk=idea.pk)
    partial.status = Idea.Status.REJECTED
    partial.save()
    assert "Wordt verborgen" not in client.get(LIST).content.decode()


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=0)
def test_with_the_page_cache_off_the_kept_count_follows_every_change(client, people):
    from ideas.services import ideas_reject

    first = IdeaFactory()
    assert "1 bijdrage" in results(client.get(LIST).content.decode())
    new = IdeaFactory(pending=True)
    ideas_publish(ids=[new.pk], actor=people["moderator"])
    assert "2 bijdragen" in results(client.get(LIST).content.decode())
    ideas_reject(ids=[first.pk], actor=people["moderator"], reason="spam", text="Reclame")
    assert "1 bijdrage" in results(client.get(LIST).content.decode())


def card_titles(response) -> list[str]:
    html = results(response.content.decode())
    return [part.split("</a>", 1)[0].rsplit(">", 1)[-1] for part in html.split('class="idea-card__title"')[1:]]


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=0)
def test_with_the_page_cache_off_a_searchs_kept_matches_follow_every_change(client, people):
    import datetime

    from django.utils import timezone

    from ideas.services import ideas_reject

    days_ago = lambda n: timezone.now() - datetime.timedelta(days=n)  # noqa: E731
    old = IdeaFactory(title="Lobbyregister voor gemeenten", published_at=days_ago(3))
    other = IdeaFactory(title="Lobbyregister voor provincies", published_at=days_ago(2))
    url = f"{LIST}?q=Lobbyregister"
    assert card_titles(client.get(url)) == [other.title, old.title]
    new = IdeaFactory(title="Lobbyregister voor waterschappen", pending=True)
    ideas_publish(ids=[new.pk], actor=people["moderator"])
    assert card_titles(client.get(url)) == [new.title, other.title, old.title]  # the newest first, at once
    support_add(idea=old, user=people["participant"])
    assert card_titles(client.get(f"{url}&sort=supported"))[0] == old.title  # its order follows every support
    ideas_reject(ids=[other.pk], actor=people["moderator"], reason="spam", text="Reclame")
    assert card_titles(client.get(url)) == [new.title, old.title]


@pytest.mark.django_db
def test_signed_in_people_get_a_contribution_page_from_the_cache_with_their_own_support(people):
    """The page is kept once per what is the person's own on it (may they support it, do they,
    the staff link): one person's support or token never reaches another."""
    idea = IdeaFactory(title="Open vergaderingen")
    url = idea.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(people["participant"])
    second.force_login(people["forum_member"])
    assert cache_state(first.get(url)) == "miss"
    response = second.get(url)
    html = response.content.decode()
    assert cache_state(response) == "hit" and 'aria-pressed="false"' in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    # Their own token works: the support is given, and their page shows it at once.
    support = reverse("ideas:support", args=[idea.pk])
    assert second.post(support, {"support": "1", "csrfmiddlewaretoken": token}).status_code == 302
    assert 'aria-pressed="true"' in second.get(url).content.decode()
    html = first.get(url).content.decode()
    assert 'aria-pressed="false"' in html and "1 persoon vindt dit belangrijk" in html  # not theirs


@pytest.mark.django_db
def test_the_author_and_staff_each_get_their_own_contribution_page(people):
    author, other, moderator = Client(), Client(), Client()
    idea = IdeaFactory(author=people["participant"], show_name=False)
    author.force_login(people["participant"])
    other.force_login(people["forum_member"])
    moderator.force_login(people["moderator"])
    url, staff_link = idea.get_absolute_url(), reverse("ideas:staff_idea", args=[idea.pk])
    assert "aria-pressed" in other.get(url).content.decode()
    assert "aria-pressed" not in author.get(url).content.decode()  # no support for one's own
    assert staff_link in moderator.get(url).content.decode()
    assert staff_link not in other.get(url).content.decode()


@pytest.mark.django_db
def test_a_contribution_in_a_draft_plan_seen_by_its_author_is_never_served_to_another(people):
    from plans.models import ActionPlan

    idea = IdeaFactory(author=people["participant"], title="Nog in concept")
    ActionPlan.objects.filter(pk=idea.plan_id).update(status=ActionPlan.Status.DRAFT)
    author, other = Client(), Client()
    author.force_login(people["participant"])
    other.force_login(people["forum_member"])
    assert "Nog in concept" in author.get(idea.get_absolute_url()).content.decode()
    assert other.get(idea.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_signed_in_contribution_page_from_the_cache_costs_one_query(client, people, django_assert_num_queries):
    idea = IdeaFactory()
    client.force_login(people["participant"])
    client.get(idea.get_absolute_url())
    with django_assert_num_queries(1):  # the contribution's status with their support (the person is kept)
        response = client.get(idea.get_absolute_url())
    assert cache_state(response) == "hit" and 'aria-pressed="false"' in response.content.decode()


# --- What changed drops the lists that show it: a theme's or plan's list is left alone by the rest -


def count(response) -> str:
    html = results(response.content.decode())
    return html[html.index('class="results__count">') :].split(">", 1)[1].split("<", 1)[0]


def themed(*slugs):
    from tests.factories import ThemeFactory

    return [ThemeFactory(slug=slug, name_nl=slug.title(), name_en=slug.title()) for slug in slugs]


@pytest.mark.django_db
def test_a_contribution_published_in_a_theme_shows_at_once_where_it_belongs_and_leaves_other_lists_cached(
    client, people
):
    from tests.factories import ActionPlanFactory

    lobby, archief = themed("lobby", "archieven")
    other_plan, plan = ActionPlanFactory(), ActionPlanFactory()  # the newest: "what happened" shows it
    IdeaFactory(plan=plan, themes=[lobby], title="Open agenda's")
    IdeaFactory(plan=other_plan, themes=[archief], title="Archieven sneller open")
    new = IdeaFactory(plan=plan, themes=[lobby], title="Register van lobbygesprekken", pending=True)
    showing = [f"{LIST}?theme=lobby", LIST, f"{LIST}?plan={plan.slug}", f"{LIST}?q=lobbygesprekken"]
    showing += [reverse("ideas:what_happened"), f"{LIST}?theme=lobby&plan={plan.slug}&sort=supported"]
    elsewhere = [f"{LIST}?theme=archieven", f"{LIST}?plan={other_plan.slug}", f"{LIST}?theme=archieven&page=1"]
    member = Client()
    member.force_login(people["participant"])
    for url in showing + elsewhere:
        assert "Register van lobbygesprekken" not in client.get(url).content.decode()
        assert cache_state(client.get(url)) == "hit", url
    member.get(f"{LIST}?theme=archieven")
    assert count(client.get(f"{LIST}?theme=lobby")) == "1 bijdrage"

    ideas_publish(ids=[new.pk], actor=people["moderator"])

    for url in showing:
        response = client.get(url)
        assert cache_state(response) == "miss", url
        assert "Register van lobbygesprekken" in response.content.decode(), url
    assert count(client.get(f"{LIST}?theme=lobby")) == "2 bijdragen"
    for url in elsewhere:
        assert cache_state(client.get(url)) == "hit", url
    assert cache_state(member.get(f"{LIST}?theme=archieven")) == "hit"
    assert cache_state(client.get(f"{LIST}?theme=archieven", headers={"HX-Request": "true"})) == "miss"  # never kept


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["set", "remove-add", "clear-add"])
def test_a_contribution_moved_to_another_theme_leaves_the_first_themes_list_at_once(client, people, how):
    lobby, archief, data = themed("lobby", "archieven", "data")
    IdeaFactory(themes=[lobby], title="Open agenda's")
    idea = IdeaFactory(themes=[lobby], title="Register van lobbygesprekken")
    IdeaFactory(themes=[data], title="Open data eerst")
    for url in (f"{LIST}?theme=lobby", f"{LIST}?theme=archieven", f"{LIST}?theme=data"):
        client.get(url)
    assert "Register van lobbygesprekken" in client.get(f"{LIST}?theme=lobby").content.decode()

    moved = Idea.objects.get(pk=idea.pk)  # as a staff form would read it
    if how == "set":
        moved.themes.set([archief])
    elif how == "remove-add":
        moved.themes.remove(lobby)
        moved.themes.add(archief)
    else:
        moved.themes.clear()
        moved.themes.add(archief)

    response = client.get(f"{LIST}?theme=lobby")
    assert "Register van lobbygesprekken" not in response.content.decode()
    assert count(response) == "1 bijdrage"
    response = client.get(f"{LIST}?theme=archieven")
    assert "Register van lobbygesprekken" in response.content.decode() and count(response) == "1 bijdrage"
    assert cache_state(client.get(f"{LIST}?theme=data")) == "hit"


@pytest.mark.django_db
def test_a_theme_added_to_a_contribution_shows_on_its_card_in_the_lists_of_its_other_themes(client, people):
    lobby, archief = themed("lobby", "archieven")
    idea = IdeaFactory(themes=[lobby], title="Register van lobbygesprekken")
    assert ">Archieven</span>" not in results(client.get(f"{LIST}?theme=lobby").content.decode())
    Idea.objects.get(pk=idea.pk).themes.add(archief)
    assert ">Archieven</span>" in results(client.get(f"{LIST}?theme=lobby").content.decode())


@pytest.mark.django_db
def test_a_contribution_moved_to_another_plan_leaves_the_first_plans_list_at_once(client, people):
    from tests.factories import ActionPlanFactory

    first, second = ActionPlanFactory(), ActionPlanFactory()
    idea = IdeaFactory(plan=first, title="Register van lobbygesprekken")
    assert "Register van lobbygesprekken" in client.get(f"{LIST}?plan={first.slug}").content.decode()
    assert "Register van lobbygesprekken" not in client.get(f"{LIST}?plan={second.slug}").content.decode()
    moved = Idea.objects.get(pk=idea.pk)
    moved.plan = second
    moved.save()
    assert "Register van lobbygesprekken" not in client.get(f"{LIST}?plan={first.slug}").content.decode()
    assert "Register van lobbygesprekken" in client.get(f"{LIST}?plan={second.slug}").content.decode()


@pytest.mark.django_db
def test_an_answer_or_a_building_block_drops_the_lists_of_its_theme_only(client, people):
    lobby, _archief = themed("lobby", "archieven")
    idea = IdeaFactory(themes=[lobby], title="Register van lobbygesprekken")
    IdeaFactory(themes=[_archief])
    for url in (f"{LIST}?theme=lobby", f"{LIST}?theme=archieven"):
        assert "Nog niet beantwoord" in client.get(url).content.decode()
    ideas_respond(ids=[idea.pk], actor=people["process_owner"], outcome="partly", response="Deels overgenomen.")
    answered = results(client.get(f"{LIST}?theme=lobby").content.decode())
    assert "Deels verwerkt" in answered and "Nog niet beantwoord" not in answered
    assert cache_state(client.get(f"{LIST}?theme=archieven")) == "hit"

    block = BuildingBlockFactory(plan=idea.plan, title_nl="Open lobby")  # the site's generation: every page
    for url in (f"{LIST}?theme=lobby", f"{LIST}?theme=archieven", block.get_absolute_url()):
        client.get(url)
    ideas_assign_building_block(ids=[idea.pk], actor=people["process_owner"], building_block=block)
    assert cache_state(client.get(f"{LIST}?theme=lobby")) == "miss"
    assert cache_state(client.get(f"{LIST}?theme=archieven")) == "hit"
    assert "Register van lobbygesprekken" in client.get(block.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_support_leaves_the_themes_list_cached(client, people):
    idea = IdeaFactory(themes=themed("lobby"))
    client.get(f"{LIST}?theme=lobby")
    support_add(idea=idea, user=people["participant"])
    assert cache_state(client.get(f"{LIST}?theme=lobby")) == "hit"


@pytest.mark.django_db
def test_a_filter_value_the_list_ignores_shows_the_whole_list_and_follows_every_change(client, people):
    from plans.models import ActionPlan
    from tests.factories import ActionPlanFactory

    draft = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    themed("lobby")
    new = IdeaFactory(themes=themed("archieven"), title="Archieven sneller open", pending=True)
    urls = [f"{LIST}?theme=bestaat-niet", f"{LIST}?plan={draft.slug}", f"{LIST}?theme=lobby&theme=onbekend"]
    for url in urls:
        client.get(url)
    ideas_publish(ids=[new.pk], actor=people["moderator"])
    for url in urls:
        assert "Archieven sneller open" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_a_new_theme_filters_its_list_as_soon_as_it_exists(client, people):
    IdeaFactory(themes=themed("archieven"), title="Archieven sneller open")
    assert "Archieven sneller open" in client.get(f"{LIST}?theme=lobby").content.decode()  # ignored: unknown
    lobby = themed("lobby")[0]
    assert "Archieven sneller open" not in client.get(f"{LIST}?theme=lobby").content.decode()
    new = IdeaFactory(themes=[lobby], title="Register van lobbygesprekken", pending=True)
    ideas_publish(ids=[new.pk], actor=people["moderator"])
    assert "Register van lobbygesprekken" in client.get(f"{LIST}?theme=lobby").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["reject", "delete"])
def test_a_rejected_or_deleted_contribution_leaves_every_themes_list_at_once(client, people, how):
    from ideas.services import ideas_reject

    lobby, archief = themed("lobby", "archieven")
    idea = IdeaFactory(themes=[lobby], title="Register van lobbygesprekken")
    IdeaFactory(themes=[archief])
    urls = [f"{LIST}?theme=lobby", f"{LIST}?theme=archieven", f"{LIST}?plan={idea.plan.slug}", LIST]
    for url in urls:
        client.get(url)
    if how == "reject":
        ideas_reject(ids=[idea.pk], actor=people["moderator"], reason="spam", text="Reclame")
    else:
        Idea.objects.get(pk=idea.pk).delete()
    for url in urls:
        response = client.get(url)
        assert cache_state(response) == "miss", url
        assert "Register van lobbygesprekken" not in response.content.decode(), url


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=0)
def test_with_the_page_cache_off_the_kept_count_of_a_themes_list_follows_a_move(client, people):
    lobby, archief = themed("lobby", "archieven")
    idea = IdeaFactory(themes=[lobby])
    assert count(client.get(f"{LIST}?theme=lobby")) == "1 bijdrage"
    assert count(client.get(f"{LIST}?theme=archieven")) == "0 bijdragen"
    Idea.objects.get(pk=idea.pk).themes.set([archief])
    assert count(client.get(f"{LIST}?theme=lobby")) == "0 bijdragen"
    assert count(client.get(f"{LIST}?theme=archieven")) == "1 bijdrage"


@pytest.mark.django_db
def test_a_deploy_drops_every_kept_page(client):
    """A deploy runs migrate before it serves: a page kept by the code before it is rendered again."""
    from django.core.management import call_command

    IdeaFactory()
    assert [cache_state(client.get(LIST)) for _ in range(2)] == ["miss", "hit"]
    call_command("migrate", verbosity=0)
    assert cache_state(client.get(LIST)) == "miss"


# --- The early answer: anonymous hits before the session, auth, CSRF and messages middleware -------

EARLY = "core.pagecache.AnonymousHitMiddleware"


def answered_early(response) -> bool:
    """The session middleware, which sits below the early answer, never saw this request."""
    return not hasattr(response.wsgi_request, "session")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_anonymous_hit_is_answered_early_with_the_page_and_headers_the_whole_chain_gives(settings, language):
    idea = IdeaFactory(title="Openbare agenda's", themes=themed("transparantie"))
    urls = (LIST, f"{LIST}?theme=transparantie&sort=supported", idea.get_absolute_url(), reverse("ideas:what_happened"))
    for url in urls:
        whole_chain = Client()
        whole_chain.cookies["django_language"] = language
        with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != EARLY]):
            whole_chain.get(url)
            late = whole_chain.get(url)
        early_client = Client()
        early_client.cookies["django_language"] = language
        early = early_client.get(url)
        assert (cache_state(late), answered_early(late)) == ("hit", False), url
        assert (cache_state(early), answered_early(early)) == ("hit", True), url
        assert early.content == late.content, url
        assert dict(early.headers) == dict(late.headers), url
        assert early["Content-Language"] == language and early["X-Frame-Options"] == "DENY", url
        assert "Content-Security-Policy" in early.headers, url


@pytest.mark.django_db
def test_an_early_hit_asks_the_database_nothing(client, django_assert_num_queries):
    idea = IdeaFactory()
    client.get(idea.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(idea.get_absolute_url())
    assert answered_early(response) and idea.title in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_person_is_never_given_the_anonymous_page_early(client, people):
    IdeaFactory(title="Open vergaderingen")
    client.get(LIST)  # the anonymous page is kept
    client.force_login(people["participant"])
    response = client.get(LIST)
    html = response.content.decode()
    assert not answered_early(response)
    assert reverse("account_logout") in html and reverse("account_login") not in html
    assert "Open vergaderingen" in html


@pytest.mark.django_db
def test_a_visitor_with_a_waiting_message_or_an_htmx_request_goes_down_the_whole_chain(client):
    IdeaFactory()
    client.get(LIST)
    client.cookies["messages"] = "not-a-real-message"
    assert not answered_early(client.get(LIST))
    del client.cookies["messages"]
    fragment = client.get(LIST, headers={"HX-Request": "true"})
    assert not answered_early(fragment) and "<html" not in fragment.content.decode()
    assert answered_early(client.get(LIST))


@pytest.mark.django_db
def test_an_early_miss_is_rendered_and_kept_and_a_parameter_the_page_does_not_know_is_not(client):
    IdeaFactory()
    first = client.get(LIST)
    assert cache_state(first) == "miss" and not answered_early(first)
    assert answered_early(client.get(LIST))
    unknown = client.get(f"{LIST}?utm_source=krant")
    assert not answered_early(unknown) and cache_state(unknown) == "none"
    assert not answered_early(client.get(f"{LIST}?utm_source=krant"))


@pytest.mark.django_db
def test_a_change_drops_the_page_the_early_answer_serves(client, people):
    idea = IdeaFactory(title="Eerste titel")
    client.get(idea.get_absolute_url())
    assert answered_early(client.get(idea.get_absolute_url()))
    ideas_respond(ids=[idea.pk], actor=people["process_owner"], outcome="taken_up", response="Overgenomen in actie 3.")
    response = client.get(idea.get_absolute_url())
    assert cache_state(response) == "miss" and "Overgenomen in actie 3." in response.content.decode()
    assert answered_early(client.get(idea.get_absolute_url()))
