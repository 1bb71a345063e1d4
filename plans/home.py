"""What the home page offers: the "what you can do now" actions per phase kind, and sections
such as the sessions open for sign-up under "Coming up".

The home page belongs to plans (it shows the current plan's timeline), but most of what a
visitor can do lives in apps above plans, and a lower app never imports a higher one. So each
app describes its part in its own ``home.py``, discovered like the ``timeline.py`` modules: it
calls ``register_action`` for the phases in which its action is open and ``register_section``
for a block under "Coming up" with its own selector.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from plans.models import Phase


@dataclass(frozen=True)
class Action:
    phase_kind: str
    label: Any
    url_name: str
    # Reverse the URL with the plan's slug (the plan's own pages) instead of without arguments.
    with_plan: bool = False
    # Who sees it: a callable taking the user, e.g. only people who are not signed in yet.
    audience: Callable[[Any], bool] | None = None
    primary: bool = True
    order: int = 100

    def url(self, plan) -> str:
        return reverse(self.url_name, args=[plan.slug]) if self.with_plan else reverse(self.url_name)


@dataclass(frozen=True)
class Section:
    name: str
    title: Any
    template: str
    # ``context(request=..., plan=...)`` returns what the template shows, in a fixed number of queries.
    context: Callable[..., dict]
    order: int = 100
    # Where it shows: under "Coming up" on the home page (COMING_UP), at the top of the home page
    # (TOP), or on the plan's own page (PLAN_PAGE).
    place: str = "coming_up"


COMING_UP, TOP, PLAN_PAGE = "coming_up", "top", "plan_page"


@dataclass
class Card:
    phase: Phase
    text: Any
    actions: list[tuple[Action, str]]


@dataclass
class ShownSection:
    section: Section
    data: dict


_actions: list[Action] = []
_sections: dict[str, Section] = {}


def register_action(
    phase_kind: str,
    label,
    url_name: str,
    *,
    with_plan: bool = False,
    audience: Callable[[Any], bool] | None = None,
    primary: bool = True,
    order: int = 100,
) -> None:
    """Called at import of an app's ``home.py``: during a current phase of ``phase_kind`` the
    card of that phase links to ``url_name`` with ``label``. Registering the same action twice
    (a module imported again) keeps one."""
    action = Action(phase_kind, label, url_name, with_plan, audience, primary, order)
    if action not in _actions:
        _actions.append(action)


def register_section(
    name: str, *, title, template: str, context: Callable[..., dict], order: int = 100, place: str = COMING_UP
) -> None:
    _sections[name] = Section(name=name, title=title, template=template, context=context, order=order, place=place)


def _discover() -> None:
    autodiscover_modules("home")


def actions_for(phase_kind: str, user) -> list[Action]:
    _discover()
    found = [a for a in _actions if a.phase_kind == phase_kind and (a.audience is None or a.audience(user))]
    return sorted(found, key=lambda a: (not a.primary, a.order))


def cards(*, timeline, user) -> list[Card]:
    """One card per current phase: what the phase is about and links to what one can do in it."""
    from plans.guidance import WHAT_YOU_CAN_DO

    if timeline is None:
        return []
    return [
        Card(
            phase=phase,
            text=WHAT_YOU_CAN_DO[phase.kind],
            actions=[(a, a.url(timeline.plan)) for a in actions_for(phase.kind, user)],
        )
        for phase in timeline.current
    ]


def sections(*, request, plan, place: str = COMING_UP) -> list[ShownSection]:
    """The sections registered for ``place``, in their order. A section whose context is empty
    (nothing to show for this plan) is left out."""
    _discover()
    shown = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        if section.place != place:
            continue
        data = section.context(request=request, plan=plan)
        if data or place == COMING_UP:
            shown.append(ShownSection(section=section, data=data))
    return shown


# --- The plans app's own actions: its process page -----------------------------------------------


def _anonymous(user) -> bool:
    return not user.is_authenticated


register_action(Phase.Kind.EXPLORATION, _("Create an account"), "account_signup", audience=_anonymous)
# Every card links at least to the plan's process page; in the publication phase that is the plan itself.
for _kind in Phase.Kind.values:
    if _kind != Phase.Kind.PUBLICATION:
        register_action(
            _kind, _("See the timeline and how to take part"), "plans:detail", with_plan=True, primary=False
        )
register_action(Phase.Kind.PUBLICATION, _("Read the plan"), "plans:detail", with_plan=True, order=10)
