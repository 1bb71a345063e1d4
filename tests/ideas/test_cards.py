"""The cards of a list, built in Python (``{% idea_cards %}``), say the same as the template they
replaced, in both languages, with everything from the database escaped."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from ideas.models import Idea
from tests.factories import ThemeFactory
from tests.ideas.factories import IdeaFactory

# The template of one card as it was (templates/ideas/_idea_card.html before #16).
REFERENCE = """{% load i18n %}{% for idea in ideas %}<li class="card idea-card">
  <p class="idea-card__meta"><span class="tag">{{ idea.get_kind_display }}</span>{% for theme in idea.themes.all %} <span class="tag">{{ theme|localized:"name" }}</span>{% endfor %}</p>
  <h3 class="idea-card__title"><a href="{{ idea.get_absolute_url }}">{{ idea.title }}</a></h3>
  <p class="idea-card__facts">
    {% if idea.status == "duplicate" %}{% translate "Duplicate" %}{% elif idea.outcome %}{{ idea.get_outcome_display }}{% else %}{% translate "Not answered yet" %}{% endif %}
    · {% blocktranslate count counter=idea.support_count %}{{ counter }} person finds this important{% plural %}{{ counter }} people find this important{% endblocktranslate %}
    · {% if idea.published_at %}{% time_tag idea.published_at "date" %}{% endif %}
    {% if idea.channel != "online" %}· {{ idea.get_channel_display }}{% endif %}
  </p>
</li>{% endfor %}"""


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_cards_say_what_the_card_template_said(language):
    theme = ThemeFactory(slug="lobby", name_nl="Lobby & <invloed>", name_en="Lobbying & <influence>")
    original = IdeaFactory(title="Open <agenda's> & meer", support_count=1, themes=[theme])
    ideas = [
        original,
        IdeaFactory(answered=True, support_count=0, channel=Idea.Channel.SESSION, kind=Idea.Kind.CRITICAL_NOTE),
        IdeaFactory(status=Idea.Status.DUPLICATE, duplicate_of=original, support_count=1234, channel="email"),
        IdeaFactory(published_at=None, support_count=2),
    ]
    ideas = list(Idea.objects.filter(pk__in=[i.pk for i in ideas]).order_by("pk").prefetch_related("themes"))
    with translation.override(language):
        expected = Template(REFERENCE).render(Context({"ideas": ideas}))
        built = Template("{% load contributions %}{% idea_cards ideas %}").render(Context({"ideas": ideas}))
    assert squeeze(built) == squeeze(expected)
    assert "Open &lt;agenda&#x27;s&gt; &amp; meer" in built
    assert ("&lt;invloed&gt;" if language == "nl" else "&lt;influence&gt;") in built
