"""The rules of a learner's own plan, without the database: its size, moves, insertions and
which steps the projection counts."""

import datetime as dt
from decimal import Decimal

from courses.rules import CostItem, project
from learners.plan_rules import (
    MAX_PLAN_STEPS,
    StepState,
    inserted,
    moved,
    room_problem,
    steps_left,
)

MONDAY = dt.date(2026, 12, 7)


def test_a_step_moves_up_and_down():
    assert moved([1, 2, 3], 3, -1) == [1, 3, 2]
    assert moved([1, 2, 3], 1, 1) == [2, 1, 3]


def test_a_move_past_an_end_leaves_the_order_as_it_is():
    assert moved([1, 2, 3], 1, -1) == [1, 2, 3]
    assert moved([1, 2, 3], 3, 1) == [1, 2, 3]
    assert moved([7], 7, 1) == [7]


def test_an_insertion_goes_where_asked_and_past_the_end_goes_last():
    assert inserted([1, 2], 9, 1) == [9, 1, 2]
    assert inserted([1, 2], 9, 2) == [1, 9, 2]
    assert inserted([1, 2], 9, 40) == [1, 2, 9]
    assert inserted([], 9, 1) == [9]


def test_a_plan_holds_at_most_forty_steps():
    assert MAX_PLAN_STEPS == 40
    assert room_problem(39) is None
    assert "at most 40 steps" in room_problem(40)


def test_skipped_steps_are_not_counted():
    left = steps_left(
        [
            StepState(1, Decimal(30)),
            StepState(2, Decimal(20), skipped=True),
            StepState(3, Decimal(10)),
        ]
    )

    assert [step.key for step in left.counted] == [1, 3]
    assert left.hours_unknown == []


def test_added_steps_count_and_an_exam_without_hours_is_named_not_guessed():
    left = steps_left(
        [StepState(1, Decimal(30), done=True), StepState(2, Decimal(12)), StepState(3, None)]
    )

    assert [step.key for step in left.counted] == [2]
    assert [step.key for step in left.hours_unknown] == [3]


def test_a_plan_entirely_done_leaves_nothing():
    left = steps_left([StepState(1, Decimal(30), done=True), StepState(2, None, skipped=True)])

    assert left.counted == [] and left.hours_unknown == []
    finished = project([], Decimal(8), MONDAY)
    assert finished.total_hours == 0 and finished.finish == MONDAY


def test_added_hours_count_at_the_learners_pace():
    counted = steps_left([StepState(1, Decimal(30)), StepState(2, Decimal(10))]).counted
    items = [
        CostItem(hours=step.hours * Decimal("1.5"), price_model="free", platform="x")
        for step in counted
    ]

    # 60 h at 8 h a week: 8 weeks.
    assert project(items, Decimal(8), MONDAY).weeks == 8
