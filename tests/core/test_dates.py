"""One local time and one date format; ``<time datetime>`` values without microseconds."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ideas.models import Idea
from tests.factories import EventFactory, PhaseFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import SessionFactory

LATE_EVENING_UTC = datetime.datetime(2022, 9, 20, 23, 30, 0, 123456, tzinfo=datetime.UTC)
DATETIME_ATTR = re.compile(r'datetime="([^"]*)"')


def _datetime_values(html: str) -> list[str]:
    values = DATETIME_ATTR.findall(html)
    assert values, "the page shows no <time> element"
    return values


def _no_microseconds(values):
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", value), value


@pytest.mark.django_db
def test_a_contribution_shows_the_same_local_date_on_the_list_and_on_its_page(client):
    idea = IdeaFactory(published_at=LATE_EVENING_UTC)
    Idea.objects.filter(pk=idea.pk).update(created_at=LATE_EVENING_UTC)
    listing = client.get(reverse("ideas:list")).content.decode()
    page = client.get(idea.get_absolute_url()).content.decode()
    for html in (listing, page):
        assert "21 september 2022" in html  # 01:30 on the 21st in Amsterdam
        assert "20 september 2022" not in html and "21 sep 2022" not in html
        assert "2022-09-21T01:30:00+02:00" in html
        _no_microseconds(_datetime_values(html))


@pytest.mark.django_db
def test_time_elements_on_session_and_plan_pages_have_no_microseconds(client):
    session = SessionFactory(starts_at=LATE_EVENING_UTC)
    PhaseFactory(plan=session.plan)
    EventFactory(plan=session.plan, starts_at=LATE_EVENING_UTC)
    for url in (session.get_absolute_url(), reverse("sessions:list"), session.plan.get_absolute_url()):
        html = client.get(url).content.decode()
        _no_microseconds(_datetime_values(html))
        assert "2022-09-21T01:30:00+02:00" in html


def test_one_format_for_a_date_and_one_for_a_moment():
    template = Template("{{ v|day }}|{{ v|moment }}|{{ v|clock }}|{% time_tag v %}|{% time_tag d %}")
    with translation.override("en"):
        html = template.render(Context({"v": LATE_EVENING_UTC, "d": datetime.date(2022, 9, 21)}))
    assert html == (
        '21 September 2022|21 September 2022, 01:30|01:30|<time datetime="2022-09-21T01:30:00+02:00">'
        '21 September 2022, 01:30</time>|<time datetime="2022-09-21">21 September 2022</time>'
    )
