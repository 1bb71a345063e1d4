"""Extra sections on a commitment's page, from apps above commitments.

A commitment's page belongs to commitments, but what happens to a published commitment (its
progress, reported by the action holder and checked by staff) lives in a higher app, and a lower
app never imports a higher one. So a higher app registers a section here (in its
``AppConfig.ready``): a template and a selector ``context(request, commitment)`` that returns what
the template shows (in a fixed number of queries), or ``None`` when the section is not shown.
The detail page renders the sections after the milestones, in the order they were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[Any, Any], dict | None]


@dataclass
class ShownSection:
    section: Section
    data: dict


_sections: dict[str, Section] = {}


def register(name: str, *, template: str, context: Callable[[Any, Any], dict | None]) -> None:
    """Add (or replace, by name) a section of the commitment page."""
    _sections[name] = Section(name=name, template=template, context=context)


def sections_for(request, commitment) -> list[ShownSection]:
    shown = []
    for section in _sections.values():
        data = section.context(request, commitment)
        if data is not None:
            shown.append(ShownSection(section=section, data=data))
    return shown
