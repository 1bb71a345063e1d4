import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import path, reverse
from django.utils import translation

from accounts.models import Organisation, User
from config import urls as root_urls
from plans.models import ActionPlan, Event, Phase

PUBLIC_URLS = ["/", "/plans/", "/accessibility/", "/accounts/login/", "/accounts/signup/", "/this-does-not-exist/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_page_has_skip_link_landmarks_and_the_accessibility_statement(client, url):
    html = client.get(url).content.decode()
    assert '<a class="skip-link" href="#content">' in html
    assert '<main id="content"' in html and "<header" in html and "<footer" in html and "<nav" in html
    assert 'href="/accessibility/"' in html
    assert 'name="language" value="en"' in html  # English is one click away on every page


@pytest.mark.django_db
def test_unknown_url_gives_a_friendly_404_in_the_visitors_language(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert '<html lang="nl">' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html and "Page not found" in html and 'href="/"' in html


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view), *root_urls.urlpatterns]
handler500 = root_urls.handler500


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_gives_a_friendly_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "boom" not in html
    assert '<html lang="nl">' in html


@pytest.mark.django_db
def test_language_switch_works_without_javascript_and_remembers_the_choice(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/plans/"})
    assert response.status_code == 302 and response.url == "/plans/"
    html = client.get("/plans/").content.decode()
    assert '<html lang="en">' in html and 'value="nl" lang="nl"' in html


@pytest.mark.django_db
def test_seed_demo_is_safe_to_run_twice(capsys):
    call_command("seed_demo")
    counts = [m.objects.count() for m in (User, Organisation, ActionPlan, Phase, Event)]
    call_command("seed_demo")
    assert [m.objects.count() for m in (User, Organisation, ActionPlan, Phase, Event)] == counts
    plan = ActionPlan.objects.get(number=5)
    assert plan.phases.count() == len(Phase.Kind)
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    output = capsys.readouterr().out
    for email in ("deelnemer@", "moderator@", "proceseigenaar@", "actiehouder@", "forumlid@"):
        assert email in output


@pytest.mark.django_db
def test_demo_accounts_have_their_roles():
    from accounts import roles
    from plans.roles import is_action_holder
    from stakeholders.roles import is_forum_member

    call_command("seed_demo")
    by_email = {u.email.split("@")[0]: u for u in User.objects.all()}
    assert roles.is_moderator(by_email["moderator"])
    assert roles.is_process_owner(by_email["proceseigenaar"])
    assert is_action_holder(by_email["actiehouder"])
    assert is_forum_member(by_email["forumlid"])
    with translation.override("en"):
        assert roles.role_names(by_email["deelnemer"]) == ["participant"]
        assert roles.role_names(by_email["forumlid"]) == ["participant", "forum member"]


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
