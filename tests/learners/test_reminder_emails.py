"""The reminder e-mail: what it says, that it goes out once, retries, and one-click unsubscribe."""

import datetime as dt
import socket
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from courses.models import Path
from learners.mail_lease import LEASE
from learners.models import AssignmentCompletion, CourseProgress, Profile, Reminder
from learners.reminders import UNSUBSCRIBE_SIGNER, reminders_sweep, unsubscribe_token
from learners.services import enrollment_start
from learners.tasks import MAX_RETRIES, send_reminder

from .reminder_data import BERLIN_SLOT, MONDAY, learner, log

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def alice():
    return learner(user__username="alice", display_name="Alice")


def pending_reminder(profile: Profile, kind="behind_pace", logged="2.5") -> Reminder:
    return Reminder.objects.create(
        user=profile.user,
        kind=kind,
        week_start=MONDAY,
        hours_logged=Decimal(logged),
        goal_hours=profile.weekly_goal_hours,
    )


def test_the_reminder_has_the_figures_in_text_and_html_and_one_click_unsubscribe(alice):
    reminder = pending_reminder(alice)

    assert send_reminder(reminder.pk) is True

    [message] = mail.outbox
    html, mimetype = message.alternatives[0]
    unsubscribe_url = settings.SITE_URL + reverse(
        "learners:unsubscribe", args=[unsubscribe_token(alice.user_id)]
    )
    assert message.to == ["alice@example.com"]
    assert message.subject == "You've logged 2.5 of 8 h this week"
    assert "5.5 h to go" in message.body
    assert settings.SITE_URL + reverse("learners:dashboard") in message.body
    assert mimetype == "text/html"
    assert "<strong>2.5 of your 8 h</strong>" in html
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == ONE_CLICK
    assert unsubscribe_url in message.body
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 1)
    assert reminder.sent_at is not None


def test_it_names_the_next_assignment_on_the_learners_path(alice, catalog):
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=alice.user, path=path)
    first, second = (step.course for step in path.steps.order_by("position")[:2])
    CourseProgress.objects.create(user=alice.user, course=first, status="certified")
    done, following = second.assignments.order_by("position")[:2]
    AssignmentCompletion.objects.create(user=alice.user, assignment=done, day=MONDAY)

    send_reminder(pending_reminder(alice).pk)

    next_step = (
        "Next: Programming assignment: decision trees and ensembles, "
        "in Machine Learning: Classification (about 4 h)."
    )
    assert (following.title, second.title) == (
        "Programming assignment: decision trees and ensembles",
        "Machine Learning: Classification",
    )
    assert next_step in mail.outbox[0].body
    assert f"Next: <strong>{following.title}</strong>, in {second.title}" in html_of(mail.outbox[0])


def html_of(message) -> str:
    html, _ = message.alternatives[0]
    return html


@time_machine.travel(BERLIN_SLOT, tick=False)
def test_a_week_behind_carries_the_bare_minimum(alice):
    # Thursday evening in Berlin, 2.5 of 8 h: 5.5 h over Thursday to Sunday.
    log(alice, MONDAY, "2.5")

    send_reminder(pending_reminder(alice).pk)

    [message] = mail.outbox
    assert "The bare minimum: 1.5 h a day on the 4 days left keeps this week's goal." in (
        message.body
    )
    assert "<strong>1.5 h a day on the 4 days left</strong>" in html_of(message)
    assert "Reset your plan" not in message.body  # no target date


@time_machine.travel(BERLIN_SLOT, tick=False)
def test_the_reminder_names_the_study_days_and_the_bare_minimum_on_those_left(alice):
    Profile.objects.filter(pk=alice.pk).update(study_weekdays="135", study_starts_at=dt.time(19))
    # Thursday evening, 2.5 of 8 h: 5.5 h over Thursday and Saturday.
    log(alice, MONDAY, "2.5")

    send_reminder(pending_reminder(alice).pk)

    [message] = mail.outbox
    minimum = "2.75 h on each of your study days left (Thursday and Saturday)"
    assert f"The bare minimum: {minimum} keeps this week's goal." in message.body
    assert "Your study days: Tue, Thu and Sat at 19:00." in message.body
    assert f"<strong>{minimum}</strong>" in html_of(message)
    assert "Your study days: <strong>Tue, Thu and Sat at 19:00</strong>." in html_of(message)


@time_machine.travel(BERLIN_SLOT, tick=False)
def test_without_study_days_the_reminder_names_none(alice):
    log(alice, MONDAY, "2.5")

    send_reminder(pending_reminder(alice).pk)

    assert "study days" not in mail.outbox[0].body
    assert "study days" not in html_of(mail.outbox[0])


@time_machine.travel(BERLIN_SLOT, tick=False)
def test_a_week_on_pace_by_now_carries_no_bare_minimum(alice):
    log(alice, MONDAY, "6")

    send_reminder(pending_reminder(alice, logged="6").pk)

    assert "bare minimum" not in mail.outbox[0].body


@time_machine.travel(BERLIN_SLOT, tick=False)
def test_a_plan_behind_its_target_carries_the_link_to_reset_it(alice, catalog):
    enrollment_start(user=alice.user, path=Path.objects.get(slug="from-zero-to-building-ml-models"))
    # At 8 h a week the path takes months: a target three weeks out is far behind.
    Profile.objects.filter(pk=alice.pk).update(target_finish_on=dt.date(2026, 11, 19))

    send_reminder(pending_reminder(alice).pk)

    [message] = mail.outbox
    reset_url = settings.SITE_URL + reverse("learners:dashboard") + "#plan"
    assert f"Reset your plan to a date you can keep: {reset_url}" in message.body
    assert f'<a href="{reset_url}">Reset your plan</a>' in html_of(message)


@time_machine.travel(BERLIN_SLOT, tick=False)
def test_a_plan_on_track_carries_no_reset_link(alice, catalog):
    enrollment_start(user=alice.user, path=Path.objects.get(slug="from-zero-to-building-ml-models"))
    Profile.objects.filter(pk=alice.pk).update(target_finish_on=dt.date(2031, 1, 1))

    send_reminder(pending_reminder(alice).pk)

    assert "Reset your plan" not in mail.outbox[0].body


def test_last_weeks_reminder_speaks_of_last_week_and_a_fresh_goal(alice):
    send_reminder(pending_reminder(alice, kind="missed_last_week", logged="5").pk)

    message = mail.outbox[0]
    assert message.subject == "You logged 5 of 8 h last week"
    assert "This week is a fresh start: 8 h." in message.body


def test_both_reminders_of_a_monday_go_out_in_one_email(alice):
    this_week = pending_reminder(alice, logged="0.5")
    last_week = pending_reminder(alice, kind="missed_last_week", logged="5")

    assert send_reminder(this_week.pk) is True
    # The other row's task, if one was queued, finds it sent already.
    assert send_reminder(last_week.pk) is False

    [message] = mail.outbox
    assert message.subject == "Last week 5 of 8 h; this week so far 0.5 h"
    assert "Last week you logged 5 of your 8 h goal." in message.body
    assert "You've logged 0.5 of your 8 h goal this week: 7.5 h to go" in message.body
    assert "fresh start" not in message.body
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_another_learners_pending_reminder_is_not_taken_along(alice):
    bob = learner(user__username="bob")
    mine, theirs = pending_reminder(alice), pending_reminder(bob)

    send_reminder(mine.pk)

    theirs.refresh_from_db()
    assert theirs.status == "pending"
    assert [message.to for message in mail.outbox] == [[alice.user.email]]


def test_running_the_task_twice_sends_once(alice):
    reminder = pending_reminder(alice)

    assert send_reminder(reminder.pk) is True
    assert send_reminder(reminder.pk) is False

    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 1)


def test_a_reminder_being_sent_elsewhere_is_not_sent_again(alice):
    reminder = pending_reminder(alice)
    Reminder.objects.filter(pk=reminder.pk).update(status="sending")

    assert send_reminder(reminder.pk) is False
    assert mail.outbox == []


def test_nothing_goes_out_to_a_learner_who_turned_reminders_off_since(alice):
    reminder = pending_reminder(alice)
    Profile.objects.filter(pk=alice.pk).update(reminders_enabled=False)

    assert send_reminder(reminder.pk) is False
    assert mail.outbox == []


@pytest.fixture
def smtp_server_down(settings):
    """The real SMTP backend, pointed at a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def test_an_smtp_error_puts_the_reminder_back_to_pending_for_a_retry(alice, smtp_server_down):
    reminder = pending_reminder(alice)

    with pytest.raises(ConnectionRefusedError):
        send_reminder(reminder.pk)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.sent_at) == ("pending", 1, None)


def test_it_retries_with_back_off_and_fails_after_the_last_retry(alice, smtp_server_down):
    reminder = pending_reminder(alice)

    # Run as the worker would, retries included (apply() runs them at once, without delays).
    result = send_reminder.apply(args=[reminder.pk])

    assert result.failed()
    assert isinstance(result.result, ConnectionRefusedError)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("failed", MAX_RETRIES + 1)


def test_a_retry_comes_within_the_lease_and_long_before_redis_would_redeliver():
    longest_delay = send_reminder.retry_backoff_max
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

    # A try and the wait before the next fit in the lease: no sweep queues the row meanwhile.
    assert longest_delay + settings.CELERY_TASK_TIME_LIMIT < LEASE.total_seconds() < visibility
    assert send_reminder.acks_late is True
    assert send_reminder.max_retries == MAX_RETRIES


def unsubscribe_url(profile: Profile) -> str:
    return reverse("learners:unsubscribe", args=[unsubscribe_token(profile.user_id)])


def test_following_the_link_asks_to_confirm_and_changes_nothing(client, alice):
    response = client.get(unsubscribe_url(alice))

    assert response.status_code == 200
    assert "Stop weekly goal reminders?" in response.content.decode()
    alice.refresh_from_db()
    assert alice.reminders_enabled


def test_the_one_click_post_turns_reminders_off_without_cookies_or_csrf_token(alice):
    # As a mail provider posts it (RFC 8058): no session, no CSRF cookie or token.
    provider = Client(enforce_csrf_checks=True)
    reminder = pending_reminder(alice)

    response = provider.post(
        unsubscribe_url(alice), ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert "Reminders are off" in response.content.decode()
    alice.refresh_from_db()
    assert not alice.reminders_enabled
    # The reminder not sent yet is dropped, and no sweep brings one back the next week.
    assert not Reminder.objects.filter(pk=reminder.pk).exists()
    next_week = BERLIN_SLOT + dt.timedelta(days=7)
    with time_machine.travel(next_week, tick=False):
        assert reminders_sweep(now=next_week).due == []
    assert not Reminder.objects.exists()


def test_the_link_in_a_sent_reminder_unsubscribes(alice):
    send_reminder(pending_reminder(alice).pk)
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]

    Client(enforce_csrf_checks=True).post(
        header.strip("<>").removeprefix(settings.SITE_URL),
        ONE_CLICK,
        content_type="application/x-www-form-urlencoded",
    )

    alice.refresh_from_db()
    assert not alice.reminders_enabled


def forged(kind: str, user_id: int) -> str:
    genuine = unsubscribe_token(user_id)
    signature = genuine.rsplit(":", 1)[1]
    return {
        "other-salt": signing.Signer(salt="another-purpose").sign_object(user_id),
        "tampered": genuine[:-1] + ("A" if genuine[-1] != "A" else "B"),
        # Another learner's id under Alice's signature.
        "other-user": f"{unsubscribe_token(user_id + 1).rsplit(':', 1)[0]}:{signature}",
        "garbage": "not-a-token",
    }[kind]


@pytest.mark.parametrize("kind", ["other-salt", "tampered", "other-user", "garbage"])
def test_a_forged_token_is_refused_and_changes_nothing(client, alice, charlie, kind):
    url = reverse("learners:unsubscribe", args=[forged(kind, alice.user_id)])

    confirm = client.get(url)
    one_click = client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    for response in (confirm, one_click):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert Profile.objects.filter(reminders_enabled=True).count() == 2


# Signed with the right key and salt, so only a holder of the secret key could make them; still
# every shape other than a learner's id is a link that is not valid, never a 500.
WRONG_SHAPES = {
    "not-base64-json": lambda: UNSUBSCRIBE_SIGNER.sign("not json at all"),
    "bad-compression": lambda: UNSUBSCRIBE_SIGNER.sign(".eJzLSM3JyQcABiwCFQ"),
    "text": lambda: UNSUBSCRIBE_SIGNER.sign_object("alice"),
    "number-as-text": lambda: UNSUBSCRIBE_SIGNER.sign_object("1"),
    "list": lambda: UNSUBSCRIBE_SIGNER.sign_object([1]),
    "object": lambda: UNSUBSCRIBE_SIGNER.sign_object({"user": 1}),
    "boolean": lambda: UNSUBSCRIBE_SIGNER.sign_object(True),
    "null": lambda: UNSUBSCRIBE_SIGNER.sign_object(None),
    "fraction": lambda: UNSUBSCRIBE_SIGNER.sign_object(1.5),
    "huge": lambda: UNSUBSCRIBE_SIGNER.sign_object(10**40),
}


@pytest.mark.parametrize("shape", WRONG_SHAPES)
def test_a_signed_token_of_the_wrong_shape_is_400(client, alice, shape):
    url = reverse("learners:unsubscribe", args=[WRONG_SHAPES[shape]()])

    confirm = client.get(url)
    one_click = client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    for response in (confirm, one_click):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    alice.refresh_from_db()
    assert alice.reminders_enabled
