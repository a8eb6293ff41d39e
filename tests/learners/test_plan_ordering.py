"""Two tabs moving steps of one plan at once, over two database connections: each write locks
the learner's plan row, so the moves run one after the other and positions end 1, 2, 3… with
no gap and no duplicate."""

import threading

import pytest
from django.db import connection

from courses.models import Path
from learners import plan_services
from learners.models import PlanStep
from learners.services import enrollment_start
from tests.courses.factories import CourseFactory

from .factories import ProfileFactory

# Committed rows: each thread reads and locks through its own connection.
pytestmark = pytest.mark.django_db(transaction=True)

MOVES_EACH = 15


def positions(user) -> list[int]:
    return list(
        PlanStep.objects.filter(user=user).order_by("position").values_list("position", flat=True)
    )


def in_own_connection(work, barrier: threading.Barrier, errors: list) -> threading.Thread:
    """A thread that waits for the other at `barrier`, then runs `work` on its own connection."""

    def run():
        try:
            barrier.wait()
            work()
        except Exception as error:  # the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=run)


def test_two_tabs_moving_steps_at_once_leave_no_gap_or_duplicate(catalog):
    user = ProfileFactory().user
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=user, path=path)
    plan = plan_services.plan_make(user=user, path=path)
    first, *_, last = plan.steps.order_by("position")
    courses = set(plan.steps.values_list("course", flat=True))

    def move(step, offset):
        def work():
            for _ in range(MOVES_EACH):
                plan_services.plan_step_move(user=user, step_id=step.pk, offset=offset)

        return work

    barrier, errors = threading.Barrier(2), []
    tabs = [
        in_own_connection(move(first, 1), barrier, errors),
        in_own_connection(move(last, -1), barrier, errors),
    ]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=60)

    assert errors == []
    assert positions(user) == [1, 2, 3, 4, 5]
    assert set(plan.steps.values_list("course", flat=True)) == courses
    # Both moved to the far end, whatever the interleaving.
    order = list(plan.steps.order_by("position").values_list("pk", flat=True))
    assert order[-1] == first.pk and order[0] == last.pk


def test_a_move_and_an_addition_at_once_keep_the_positions_whole(catalog):
    user = ProfileFactory().user
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=user, path=path)
    plan = plan_services.plan_make(user=user, path=path)
    last = plan.steps.order_by("position").last()
    added = CourseFactory.create_batch(MOVES_EACH)

    def add_all():
        for course in added:
            plan_services.plan_step_add(user=user, course=course, position=1)

    def move_up():
        for _ in range(MOVES_EACH):
            plan_services.plan_step_move(user=user, step_id=last.pk, offset=-1)

    barrier, errors = threading.Barrier(2), []
    tabs = [
        in_own_connection(add_all, barrier, errors),
        in_own_connection(move_up, barrier, errors),
    ]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=60)

    assert errors == []
    assert positions(user) == list(range(1, 5 + MOVES_EACH + 1))
