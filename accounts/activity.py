"""The "my activity" page: what a signed-in person has going on, gathered from the apps.

A person's contributions, registrations, commitments and reviews live in apps above accounts,
and a lower app never imports a higher one. So each app describes its part in its own
``activity.py``, discovered like the ``personal_data.py`` modules: it calls ``register`` with a
title, a template and a selector ``context(user)`` that returns what the template shows (in a
fixed number of queries), or ``None`` when the section is not for this person (commitments for
someone in no action holder organisation). Sections come in the order of INSTALLED_APPS.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Section:
    name: str
    title: Any
    template: str
    context: Callable[[Any], dict | None]


@dataclass
class ShownSection:
    section: Section
    data: dict


_sections: dict[str, Section] = {}


def register(name: str, *, title, template: str, context: Callable[[Any], dict | None]) -> None:
    _sections[name] = Section(name=name, title=title, template=template, context=context)


def sections_for(user) -> list[ShownSection]:
    autodiscover_modules("activity")
    shown = []
    for section in _sections.values():
        data = section.context(user)
        if data is not None:
            shown.append(ShownSection(section=section, data=data))
    return shown
