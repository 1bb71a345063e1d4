"""Guards on the workflow's steps that apps above commitments add.

commitments sits below stakeholders and must not import it, yet "revise" may only be taken when
the forum's remarks are all answered. So an app registers a guard for a step (in its
``AppConfig.ready()``); ``commitment_transition`` asks every guard of the step, on the locked row,
and refuses the step with the first message a guard returns.
"""

from collections.abc import Callable

Guard = Callable[..., str | None]
_guards: dict[str, list[Guard]] = {}


def register_guard(step: str, guard: Guard) -> None:
    """``guard(commitment=..., actor=...)`` returns None to allow the step, or why it is refused."""
    guards = _guards.setdefault(step, [])
    if guard not in guards:  # ready() may run twice in tests
        guards.append(guard)


def refusal(step: str, *, commitment, actor) -> str | None:
    for guard in _guards.get(step, []):
        message = guard(commitment=commitment, actor=actor)
        if message:
            return str(message)
    return None
