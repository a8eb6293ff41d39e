"""The group e-mails through the real Celery worker on the real Redis: the beat's sweep
enqueues them after commit, the worker claims and sends each once, however often it is swept."""

import time

import pytest
import time_machine
from django.utils import timezone

from certguide.celery import ping
from groups.models import GroupDigest
from groups.tasks import sweep_group_mail
from tests.learners.test_reminders_worker import messages_to, outbox  # noqa: F401  (fixture)

from .conftest import group_of, learner
from .test_group_mail import SLOT_BEFORE_DST

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until_sent(timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while GroupDigest.objects.exclude(status="sent").exists():
        assert time.monotonic() < deadline, "The worker sent nothing in time."
        time.sleep(0.1)
    # One solo worker takes tasks in order: all queued before the ping is done by its answer.
    assert ping.delay().get(timeout=10) == "pong"


def test_two_sweeps_send_each_member_one_digest(outbox):  # noqa: F811
    alice, bob = learner("alice"), learner("bob")
    group_of(alice, bob)
    group_of(alice, bob, name="Weekend learners")
    with time_machine.travel(SLOT_BEFORE_DST):
        assert timezone.now() >= SLOT_BEFORE_DST
        sweep_group_mail()
        sweep_group_mail()
    wait_until_sent()

    assert GroupDigest.objects.count() == 2
    assert messages_to(outbox, alice.email) == 1
    assert messages_to(outbox, bob.email) == 1
