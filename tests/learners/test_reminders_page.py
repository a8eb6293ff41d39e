"""/reminders/: the learner's own reminder history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import Reminder

from .reminder_data import MONDAY, UTC

pytestmark = pytest.mark.django_db

REMINDERS = reverse("learners:reminders")


def reminder(user, weeks_ago: int, **fields) -> Reminder:
    return Reminder.objects.create(
        user=user,
        kind=fields.pop("kind", "behind_pace"),
        week_start=MONDAY - dt.timedelta(weeks=weeks_ago),
        hours_logged=Decimal("2.5"),
        goal_hours=Decimal(8),
        **fields,
    )


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(REMINDERS)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={REMINDERS}"


def test_it_lists_the_learners_reminders_with_the_figures_of_the_time(alice_client, alice):
    # Sent Thursday 29 October, 17:00 UTC: 18:00 in Berlin, Alice's zone.
    sent_at = dt.datetime(2026, 10, 29, 17, tzinfo=UTC)
    reminder(alice, 0, status="sent", sent_at=sent_at)
    reminder(alice, 1, kind="missed_last_week", status="failed")

    page = alice_client.get(REMINDERS).content.decode()

    assert page.index("26 Oct 2026") < page.index("19 Oct 2026")
    assert "Behind pace this week" in page
    assert "Missed last week&#x27;s goal" in page
    assert "2.5 h" in page and "8 h" in page
    assert "Sent <time" in page and "29 Oct, 18:00" in page
    assert "Failed" in page


def test_it_shows_none_of_another_learners_reminders(alice_client, charlie):
    reminder(charlie, 5)

    page = alice_client.get(REMINDERS).content.decode()

    assert "No reminders yet." in page
    assert "21 Sep 2026" not in page


def queries_for_page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(REMINDERS).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_reminders(alice_client, alice):
    reminder(alice, 0)
    few = queries_for_page(alice_client)
    for weeks_ago in range(1, 30):
        reminder(alice, weeks_ago)

    assert queries_for_page(alice_client) == few


def test_staff_see_reminders_in_the_admin_and_cannot_write_them(client, alice, django_user_model):
    reminder(alice, 0, status="sent")
    staff = django_user_model.objects.create_superuser("staff", "staff@example.com", "x" * 20)
    client.force_login(staff)
    changelist = reverse("admin:learners_reminder_changelist")

    page = client.get(changelist, {"kind": "behind_pace", "status__exact": "sent"})

    assert page.status_code == 200
    assert "alice@example.com" in page.content.decode()
    assert client.get(reverse("admin:learners_reminder_add")).status_code == 403
    change = client.get(reverse("admin:learners_reminder_change", args=[alice.reminders.get().pk]))
    assert 'name="_save"' not in change.content.decode()
