import datetime

import pytest
from django.db import IntegrityError, connection

from accounts.models import User
from tests.factories import ActionPlanFactory, PhaseFactory


@pytest.mark.postgres
@pytest.mark.django_db
def test_runs_on_postgresql_with_dutch_full_text_search():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('dutch', 'verbintenissen')::text")
        assert "verbintenis" in cursor.fetchone()[0]


@pytest.mark.django_db
def test_email_addresses_are_unique_whatever_their_case():
    User.objects.create_user("Sanne@Example.org")
    with pytest.raises(IntegrityError):
        User.objects.create_user("sanne@example.ORG".replace("ORG", "org").upper())


@pytest.mark.django_db
def test_database_refuses_a_phase_that_ends_before_it_starts():
    plan = ActionPlanFactory()
    with pytest.raises(IntegrityError):
        PhaseFactory(plan=plan, starts_on=datetime.date(2022, 6, 1), ends_on=datetime.date(2022, 5, 1))
