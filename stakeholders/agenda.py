"""What else is on a forum meeting's agenda, from apps above the forum.

A meeting's page belongs to the forum, but some of what the forum discusses lives higher up: the
reporting rounds of implementation are put on a meeting's agenda there. A lower app never imports
a higher one, so each such app describes its part in its own ``agenda.py``, discovered like the
``timeline.py`` modules: it calls ``register`` with a callable ``section(request, meeting)`` that
returns an HTML fragment (rendered by that app, escaped as any template) or "" when it has nothing
for this meeting. Each section costs a fixed number of queries.
"""

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString

Section = Callable[[Any, Any], str]

_sections: list[Section] = []


def register(section: Section) -> Section:
    """Usable as a decorator; registering the same callable twice keeps one."""
    if section not in _sections:
        _sections.append(section)
    return section


def sections(request, meeting) -> list[SafeString]:
    """The fragments of every registered section with something for this meeting, in
    INSTALLED_APPS order."""
    autodiscover_modules("agenda")
    fragments = [section(request, meeting) for section in list(_sections)]
    return [SafeString(f) for f in fragments if f]
