"""The demo's review rounds: one closed with scores, remarks and answers for two commitments, one
open on 2022-11-25 with something for forumlid@example.org to review; safe to run twice."""

import pytest
from django.core.management import call_command

from accounts.models import User
from stakeholders.models import Remark, Review, ReviewRound
from tests.roles import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_demo_has_a_closed_round_and_one_open_on_25_november_2022(client, settings):
    call_command("seed_demo")
    counts = [m.objects.count() for m in (ReviewRound, Review, Remark)]
    call_command("seed_demo")
    assert [m.objects.count() for m in (ReviewRound, Review, Remark)] == counts

    settings.PLATFORM_TODAY = "2022-11-25"
    closed, current = ReviewRound.objects.order_by("opens_on")
    assert closed.closed_at and not current.is_closed(current.opens_on)
    assert sorted(i.commitment.identifier for i in closed.items.all()) == ["NL-5-01", "NL-5-05"]
    assert not Remark.objects.filter(item__round=closed, answer="").exists()
    # Every commitment in a round has been through start_review: it is in review or past it.
    for item in current.items.all():
        assert item.commitment.status == "in_review"

    log_in(client, User.objects.get(email="forumlid@example.org"), language="en")
    html = client.get(current.get_absolute_url()).content.decode()
    assert "Review this commitment" in html
    log_in(client, None, language="en")
    html = client.get(closed.decision_log_url).content.decode()
    assert "Noem welke Woo-categorieën als eerste aan de beurt zijn." in html and "Partly adopted" in html
