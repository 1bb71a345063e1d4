"""Two people at the same moment, on PostgreSQL: row locks decide, nobody's work is lost."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from commitments.models import Commitment
from tests.commitments.helpers import edit_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_commitments_created_at_once_get_different_identifiers(world):
    clients = []
    for person in (world["people"]["action_holder"], world["people"]["process_owner"]):
        client = Client()
        client.force_login(person)
        clients.append(client)
    data = {"plan": world["plan"].pk, "lead_organisation": world["org"].pk, "title_nl": "Tegelijk"}
    url = reverse("commitments:new")
    results = _together(*[lambda c=c: c.post(url, data).status_code for c in clients])
    assert results == [302, 302]
    assert sorted(Commitment.objects.values_list("identifier", flat=True)) == ["NL-5-01", "NL-5-02"]


def test_two_saves_of_the_same_version_at_once_one_is_refused(world, make_commitment, second_editor):
    commitment = make_commitment()
    url = reverse("commitments:edit", args=[commitment.identifier])
    posts = []
    for person, text in ((world["people"]["action_holder"], "Eerste tekst"), (second_editor, "Tweede tekst")):
        client = Client()
        client.force_login(person)
        posts.append((client, edit_data(client, commitment, problem_nl=text)))
    results = _together(*[lambda c=c, d=d: c.post(url, d).status_code for c, d in posts])
    assert sorted(results) == [302, 409]
    commitment.refresh_from_db()
    assert commitment.version == 2 and commitment.versions.count() == 2
