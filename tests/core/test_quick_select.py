"""``core.forms.QuickSelect`` builds a select in Python: the page must not change by it."""

import re

from django import forms

from core.forms import QuickSelect

CHOICES = [
    ("", "Alle thema's"),
    ("open-data", "Open data"),
    ("a&b", 'Lobby "transparantie" <b>'),
    ("Groep", [("x", "Eén"), ("y", "Twee")]),
]


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_a_quick_select_writes_the_same_html_as_djangos_select():
    for value in ("", "a&b", "y", None):
        for attrs in ({"id": "id_theme"}, {"id": "id_theme", "aria-describedby": "x_hint", "disabled": True}):
            expected = forms.Select(choices=CHOICES).render("theme", value, attrs=attrs)
            assert squeeze(QuickSelect(choices=CHOICES).render("theme", value, attrs=attrs)) == squeeze(expected)
    html = QuickSelect(choices=CHOICES).render("theme", "a&b")
    assert 'value="a&amp;b" selected' in html and "&lt;b&gt;" in html
