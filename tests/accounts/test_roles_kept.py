"""A person's roles are kept between requests (accounts/roles.py), so that a signed-in page does
not ask the database for them every time; a change of a role must still count at the next page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import MODERATORS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STAFF_PAGE = reverse("ideas:queue")


def _staff_link(client) -> bool:
    return reverse("staff:dashboard") in client.get(reverse("ideas:list")).content.decode()


@pytest.fixture
def moderator(client, totp):
    person = totp(UserFactory(role="moderator"))
    client.force_login(person)
    assert client.get(STAFF_PAGE).status_code == 200 and _staff_link(client)  # read once: now kept
    return person


def test_a_moderator_taken_out_of_the_group_loses_the_staff_pages_at_once(client, moderator):
    moderator.groups.remove(Group.objects.get(name=MODERATORS))
    assert client.get(STAFF_PAGE).status_code == 403
    assert not _staff_link(client)


@pytest.mark.parametrize("change", ["remove", "clear", "delete", "rename"])
def test_a_change_made_from_the_groups_side_counts_at_once(client, moderator, change):
    group = Group.objects.get(name=MODERATORS)
    if change == "remove":
        group.user_set.remove(moderator)
    elif change == "clear":
        group.user_set.clear()
    elif change == "delete":
        group.delete()
    else:
        group.name = "Oud-moderatoren"
        group.save()
    assert client.get(STAFF_PAGE).status_code == 403
    assert not _staff_link(client)


def test_a_participant_made_moderator_gets_the_staff_pages_at_once(client, totp):
    person = totp(UserFactory())
    client.force_login(person)
    assert client.get(STAFF_PAGE).status_code == 403 and not _staff_link(client)
    person.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    assert client.get(STAFF_PAGE).status_code == 200 and _staff_link(client)


def test_a_signed_in_page_kept_whole_asks_the_database_nothing(client, django_assert_num_queries):
    """Session, roles and the person's row come from the "sessions" cache."""
    client.force_login(UserFactory())
    client.get(reverse("ideas:list"))  # the page, the person and their roles are kept now
    with django_assert_num_queries(0):
        response = client.get(reverse("ideas:list"))
    assert response.headers["X-Page-Cache"] == "hit"
    assert reverse("account_logout") in response.content.decode()


def test_the_kept_copy_of_a_session_is_encrypted_like_the_database_copy(client, settings):
    """Django's cached_db keeps the session's decoded data in the cache; the sessions cache seals
    it, as the database copy is (allauth keeps pending login codes in a session)."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        # The same store in process memory, read without the seal: what someone reading Redis sees.
        "raw": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions"},
    }
    person = UserFactory()
    client.force_login(person)
    assert client.get(reverse("accounts:profile")).status_code == 200  # the session read back works
    key = f"django.contrib.sessions.cached_db{client.session.session_key}"
    kept = caches["raw"].get(key)
    assert isinstance(kept, bytes) and b"_auth_user" not in kept and b"backends" not in kept
    assert caches["sessions"].get(key)["_auth_user_id"] == str(person.pk)


# --- The person's row, kept between requests (accounts/kept.py) ---------------------------------


def _signed_in(client) -> bool:
    return reverse("account_logout") in client.get(reverse("ideas:list")).content.decode()


@pytest.fixture
def kept_person(client):
    person = UserFactory(name="Fatima el Amrani")
    client.force_login(person)
    assert _signed_in(client)  # the row is kept now
    return person


def test_a_deactivated_person_is_logged_out_at_the_next_page(client, kept_person):
    kept_person.is_active = False
    kept_person.save()
    assert not _signed_in(client)


def test_a_new_password_ends_the_other_sessions_at_the_next_page(client, kept_person):
    from django.test import Client

    other = Client()
    other.force_login(kept_person)
    kept_person.set_password("een-heel-nieuw-wachtwoord")
    kept_person.save()
    assert not _signed_in(client) and not _signed_in(other)


def test_a_deleted_person_is_logged_out_at_the_next_page(client, kept_person):
    kept_person.delete()
    assert not _signed_in(client)


def test_a_changed_name_shows_at_the_next_page(client, kept_person):
    kept_person.name = "Fatima el Amrani-de Vries"
    kept_person.save()
    assert "Fatima el Amrani-de Vries" in client.get(reverse("accounts:profile")).content.decode()


def test_the_kept_row_is_the_person_of_this_session_only(client, kept_person):
    """Another person's session is never answered with the kept row of someone else."""
    from django.test import Client

    other_person = UserFactory(name="Joris Bakker")
    other = Client()
    other.force_login(other_person)
    assert "Joris Bakker" in other.get(reverse("accounts:profile")).content.decode()
    assert "Fatima el Amrani" in client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_redis_the_roles_read_with_the_kept_row_follow_a_change_at_once(client, totp):
    """In production the sessions cache is Redis: the person's row and their groups' names are
    read there together (one round trip, both sealed); a change of a role still counts at once."""
    import os
    import uuid

    from django.conf import settings
    from django.core.cache import caches
    from django.test import override_settings

    sessions = {
        "BACKEND": "core.cache.SessionCache",
        "LOCATION": os.environ.get("REDIS_URL", ""),
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={**settings.CACHES, "sessions": sessions}):
        try:
            person = totp(UserFactory())
            client.force_login(person)
            assert not _staff_link(client) and not _staff_link(client)  # read, then kept
            person.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
            assert _staff_link(client) and _staff_link(client)
            assert client.get(STAFF_PAGE).status_code == 200
            found = caches["sessions"].get_many([f"person:{person.pk}", f"roles:{person.pk}"])
            assert found[f"roles:{person.pk}"] == [MODERATORS] and found[f"person:{person.pk}"]["id"] == person.pk
            person.groups.clear()
            assert not _staff_link(client) and client.get(STAFF_PAGE).status_code == 403
        finally:
            session_key = f"django.contrib.sessions.cached_db{client.session.session_key}"
            caches["sessions"].delete_many([session_key, f"person:{person.pk}", f"roles:{person.pk}"])
