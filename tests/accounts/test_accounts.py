import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.mark.django_db
def test_sign_up_needs_only_an_email_address_and_a_code(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), {"email": "nieuw@example.org"})
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert not user.has_usable_password()
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[0].body, re.M).group(1)
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("accounts:profile")).status_code == 200  # signed in


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client):
    user = UserFactory()
    user.set_password("een-goed-wachtwoord")
    user.save()
    client.cookies["django_language"] = "en"
    pages = [client.post(reverse("account_login"), {"login": user.email, "password": "fout"}) for _ in range(7)]
    assert "password you specified are not correct" in pages[0].content.decode()
    assert "Too many failed login attempts" in pages[-1].content.decode()
    # Even the right password is refused while the limit holds.
    right = client.post(reverse("account_login"), {"login": user.email, "password": "een-goed-wachtwoord"})
    assert "Too many failed login attempts" in right.content.decode()


@pytest.mark.django_db
def test_wrong_login_code_says_so_and_offers_a_new_code(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": "XXXXXX"})
    html = response.content.decode()
    assert response.status_code == 400 or response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'form="resend"' in html  # "Request new code"


@pytest.mark.django_db
def test_a_password_is_optional_but_works_when_set(client, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    call_command("seed_demo")
    response = client.post(
        reverse("account_login"), {"login": "moderator@example.org", "password": "moderator-demo-2022"}
    )
    assert response.status_code == 302
    # Signed in: as staff without a second factor yet, sent to set one up (anonymous: to the login).
    assert client.get(reverse("accounts:profile")).url == reverse("mfa_activate_totp")
    client.logout()
    # Without a password: a login code by email.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "deelnemer@example.org"})
    assert response.url == reverse("account_confirm_login_code")
    assert mail.outbox[-1].to == ["deelnemer@example.org"]


@pytest.mark.django_db
def test_emails_name_the_platform_not_example_com(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": UserFactory().email})
    assert "example.com" not in mail.outbox[0].body


@pytest.mark.django_db
def test_a_pending_login_code_is_not_readable_in_the_session_table(client, django_capture_on_commit_callbacks):
    """allauth keeps the code in the session until it is entered: the table must not show it."""
    import base64
    import zlib

    from django.contrib.sessions.models import Session

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    for row in Session.objects.all():
        assert code not in row.session_data and code.replace("-", "") not in row.session_data
        payload = row.session_data.split(":", 1)[0].lstrip(".")
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        if row.session_data.startswith("."):
            raw = zlib.decompress(raw)
        assert code.encode() not in raw and code.replace("-", "").encode() not in raw
        assert user.email.encode() not in raw  # the whole state is encrypted, not only the code
    # And the code still logs the person in.
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
