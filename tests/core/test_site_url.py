"""The site's address follows the port `make run` serves on: SITE_URL, the Site's domain, and so
the links in account emails and calendar files."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from core.sites import site_follow_url
from tests.factories import UserFactory
from tests.sessions.factories import SessionFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@override_settings(SITE_URL="http://127.0.0.1:8001")
def test_site_domain_account_email_and_calendar_follow_site_url(client, django_capture_on_commit_callbacks):
    site_follow_url()
    site_follow_url()  # idempotent
    assert Site.objects.get().domain == "127.0.0.1:8001"

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": user.email})
    assert response.status_code == 302
    assert "127.0.0.1:8001" in mail.outbox[-1].body and "127.0.0.1:8000" not in mail.outbox[-1].body

    session = SessionFactory()
    ics = client.get(reverse("sessions:ics", args=[session.slug])).content.decode()
    assert "http://127.0.0.1:8001/" in ics.replace("\r\n ", "") and ":8000" not in ics


@pytest.mark.django_db
def test_migrate_brings_the_site_in_line():
    Site.objects.filter(pk=1).update(domain="example.com")
    from django.core.management import call_command

    with override_settings(SITE_URL="https://openoverheid.example.nl"):
        call_command("migrate", verbosity=0)
    assert Site.objects.get(pk=1).domain == "openoverheid.example.nl"


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_passes_the_port_to_site_url():
    env = {"PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8001", "VENV=/nonexistent"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout
    commands = [line for line in out.splitlines() if "manage.py" in line and "compilemessages" not in line]
    for name in ("migrate", "seed_demo", "notifications_tick", "runserver 127.0.0.1:8001"):
        line = next(line for line in commands if name in line)
        assert "SITE_URL='http://127.0.0.1:8001'" in line, line
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8001", "VENV=/nonexistent"], cwd=ROOT, capture_output=True, text=True,
        env={**env, "SITE_URL": "https://example.org"},
    ).stdout  # fmt: skip
    assert "SITE_URL='https://example.org' /nonexistent/bin/python manage.py runserver" in out
