"""Finding one's own commitments: the link on /commitments/ and the preselected new-commitment form."""

import re

from django.urls import reverse

from tests.factories import MembershipFactory, OrganisationFactory


def selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [v for v in re.findall(r"<option value=\"([^\"]*)\"[^>]*selected", select) if v]


def test_the_list_links_an_action_holder_to_their_organisations_commitments(client, world, login):
    workspace = f'href="{reverse("commitments:workspace")}"'
    people = world["people"]
    for role in ("anonymous", "participant", "forum_member"):
        login(people[role])
        assert workspace not in client.get(reverse("commitments:list")).content.decode().split("<main")[1], role
    login(people["action_holder"])
    html = client.get(reverse("commitments:list")).content.decode()
    assert workspace in html and "My organisation's commitments" in html


def test_the_new_commitment_form_preselects_the_only_plan_and_organisation(client, world, login):
    login(world["people"]["action_holder"])
    html = client.get(reverse("commitments:new")).content.decode()
    assert selected(html, "plan") == [str(world["plan"].pk)]
    assert selected(html, "lead_organisation") == [str(world["org"].pk)]


def test_with_two_organisations_the_action_holder_chooses(client, world, login):
    person = world["people"]["action_holder"]
    second = OrganisationFactory(name="Tweede organisatie")
    world["plan"].action_holders.add(second)
    MembershipFactory(user=person, organisation=second)
    login(person)
    html = client.get(reverse("commitments:new")).content.decode()
    assert selected(html, "plan") == [str(world["plan"].pk)]
    assert selected(html, "lead_organisation") == []


def test_a_refused_form_keeps_what_was_chosen(client, world, login):
    login(world["people"]["action_holder"])
    response = client.post(
        reverse("commitments:new"), {"plan": world["plan"].pk, "lead_organisation": "", "title_nl": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert selected(html, "plan") == [str(world["plan"].pk)] and selected(html, "lead_organisation") == []
