"""A learner's own plan as pure functions: its size, the order of its steps after a move or an
insertion, and which of its steps the projection counts. No database."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")

# A plan longer than this is no plan: it also bounds what the dashboard reads.
MAX_PLAN_STEPS = 40


def room_problem(step_count: int, adding: int = 1) -> str | None:
    """Why `adding` more steps do not fit a plan of `step_count` steps; None when they do."""
    if step_count + adding > MAX_PLAN_STEPS:
        return (
            f"A plan holds at most {MAX_PLAN_STEPS} steps, and yours has {step_count}: "
            "remove a program before adding another. Nothing was added."
        )
    return None


def moved(order: Sequence[T], item: T, offset: int) -> list[T]:
    """`order` with `item` moved `offset` places (-1 up, +1 down), kept within the ends: a
    move past an end leaves it where it is."""
    order = list(order)
    old = order.index(item)
    new = min(max(old + offset, 0), len(order) - 1)
    order.insert(new, order.pop(old))
    return order


def inserted(order: Sequence[T], item: T, position: int) -> list[T]:
    """`order` with `item` at `position` (1 is first), a position past the end meaning last."""
    order = list(order)
    order.insert(min(max(position, 1), len(order) + 1) - 1, item)
    return order


@dataclass(frozen=True)
class StepState:
    """A plan step as the projection sees it."""

    key: int  # the step's course
    hours: Decimal | None  # None: no source gives its hours (an exam, often)
    done: bool = False
    skipped: bool = False


@dataclass(frozen=True)
class StepsLeft:
    """The steps the projection counts, and those left whose hours nobody knows, which it
    names instead of guessing."""

    counted: list[StepState]
    hours_unknown: list[StepState]


def steps_left(steps: Sequence[StepState]) -> StepsLeft:
    """What is left of a plan: no step done, none skipped; those with known hours counted."""
    left = [step for step in steps if not (step.done or step.skipped)]
    return StepsLeft(
        counted=[step for step in left if step.hours is not None],
        hours_unknown=[step for step in left if step.hours is None],
    )
