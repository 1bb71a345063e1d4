"""What needs a staff member: the sections of the work list on ``/staff/``.

The work itself lives in apps above plans (contributions to moderate and answer, commitments
behind their deadline), and a lower app never imports a higher one. So each app describes its own
part in a ``staff.py`` module, discovered like the ``timeline.py`` and ``personal_data.py``
modules: it calls ``register`` with a section, a callable ``section(request, plans)`` that returns
the items the person can act on, each ``Item(label, count, url)``. A section returns nothing for a
person without the permission for that work, so moderators see what they can act on and process
owners everything.

A section must cost a fixed number of queries whatever the amount of data (aggregates, never a
query per row): the dashboard's query budget is tested at two sizes.

Charts work the same way: an app calls ``register_chart`` with a callable ``chart(request, plans)``
that returns rendered HTML fragments (figures with their tables), shown under "Figures". The
figures are about data of apps above plans (contributions, sessions, commitments), so plans only
places them; it neither knows nor renders what they show. Same query rule as sections.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str


Section = Callable[[Any, list], list[Item]]

_sections: list[Section] = []


def register(section: Section) -> Section:
    """Called at import of an app's ``staff.py``; usable as a decorator. Registering the same
    callable twice (a module imported again) keeps one."""
    if section not in _sections:
        _sections.append(section)
    return section


Chart = Callable[[Any, list], list[str]]

_charts: list[Chart] = []


def register_chart(chart: Chart) -> Chart:
    """Like ``register``, for a chart provider; usable as a decorator."""
    if chart not in _charts:
        _charts.append(chart)
    return chart


def charts(request, plans) -> list[str]:
    """Every chart's HTML, in INSTALLED_APPS order (the providers are found through ``staff.py``)."""
    autodiscover_modules("staff")
    fragments = []
    for chart in list(_charts):
        fragments += chart(request, plans)
    return fragments


def sections() -> list[Section]:
    autodiscover_modules("staff")
    return list(_sections)


def work_items(request, plans) -> list[Item]:
    """Every item that needs the person, in INSTALLED_APPS order; items with nothing to do are left
    out, so an empty list means nothing needs them."""
    items = []
    for section in sections():
        items += [item for item in section(request, plans) if item.count]
    return items
