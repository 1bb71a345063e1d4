"""Sections that apps above commitments add to a commitment's page.

commitments sits below implementation and must not import it, yet the page shows what happens to
a commitment after publication (its amendments in the mid-term refresh, its progress). An app
registers a function (in its ``AppConfig.ready()``); the detail page renders what each returns.
"""

from collections.abc import Callable

Section = Callable[..., str]
_sections: list[Section] = []


def register(fn: Section) -> Section:
    """``fn(commitment, request)`` returns rendered HTML (escaped by a template), or "" for nothing."""
    if fn not in _sections:  # ready() may run twice in tests
        _sections.append(fn)
    return fn


def sections(commitment, request) -> list[str]:
    return [html for fn in _sections if (html := fn(commitment, request))]
