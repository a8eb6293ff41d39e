"""The weekly group digest and "Your project got a review": each sent once, at the right
moment in the member's own zone, claim-then-send; unsubscribing stops digests only."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from groups.models import CheckIn, DigestOptOut, GroupDigest, ReviewEmail
from groups.review_mail import digest_unsubscribe_token, group_mail_sweep
from groups.review_rules import review_email_due_at
from groups.review_services import Verdict, review_save
from groups.tasks import send_digest, send_review_email
from learners.models import Profile

from .conftest import group_of, signed_in

UTC = dt.UTC
# Berlin's Thursday 18:00 slot: 17:00 UTC in winter time, 16:00 UTC after the clocks go forward
# on Sunday 29 March 2026.
SLOT_BEFORE_DST = dt.datetime(2026, 3, 26, 17, tzinfo=UTC)
SLOT_AFTER_DST = dt.datetime(2026, 4, 2, 16, tzinfo=UTC)
MINUTE = dt.timedelta(minutes=1)
WEEK = dt.timedelta(weeks=1)


@pytest.fixture
def two_groups(alice, bob, carol, group):
    """Alice and Bob are in two groups; Carol in one."""
    return group, group_of(alice, bob, name="Weekend learners")


def sweep_and_send(now) -> list:
    """One sweep at `now`, each e-mail task run as a worker would; the messages sent."""
    before = len(mail.outbox)
    sweep = group_mail_sweep(now=now)
    for pk in sweep.digests:
        send_digest(pk)
    for pk in sweep.review_emails:
        send_review_email(pk)
    return mail.outbox[before:]


def recipients(messages) -> list[str]:
    return sorted(address for message in messages for address in message.to)


def test_one_digest_per_member_per_week_across_two_groups_and_two_sweeps(
    two_groups, alice, bob, carol
):
    assert sweep_and_send(SLOT_BEFORE_DST - MINUTE) == []
    sent = sweep_and_send(SLOT_BEFORE_DST)
    assert recipients(sent) == sorted([alice.email, bob.email, carol.email])
    [to_alice] = [message for message in sent if message.to == [alice.email]]
    assert "== Evening learners ==" in to_alice.body
    assert "== Weekend learners ==" in to_alice.body
    assert sweep_and_send(SLOT_BEFORE_DST + 15 * MINUTE) == []
    assert GroupDigest.objects.count() == 3


def test_the_digest_says_who_met_their_goal_the_check_ins_and_the_reviews_waiting(
    two_groups, alice, bob, review_request
):
    monday = dt.date(2026, 3, 23)
    CheckIn.objects.create(group=two_groups[0], user=alice, week_start=monday, did="Chapter 4")
    Profile.objects.filter(user=alice).update(weekly_goal_hours=1)
    alice.study_sessions.create(day=monday, hours=2)
    sent = sweep_and_send(SLOT_BEFORE_DST)
    [to_bob] = [message for message in sent if message.to == [bob.email]]
    assert "Met their goal: Alice." in to_bob.body
    assert "Alice posted a check-in." in to_bob.body
    assert 'Review waiting for you: "House prices" by Alice' in to_bob.body


def test_a_check_in_posted_after_a_digest_is_in_the_next_one_once(two_groups, alice, bob, carol):
    sweep_and_send(SLOT_BEFORE_DST)
    # Posted after this week's digest went out (Thursday evening or the weekend).
    CheckIn.objects.create(group=two_groups[0], user=alice, week_start="2026-03-23", did="Ch. 5")
    CheckIn.objects.create(group=two_groups[0], user=carol, week_start="2026-03-23", did="Ch. 2")
    carol.is_active = False
    carol.save()

    [next_week] = [m for m in sweep_and_send(SLOT_AFTER_DST) if m.to == [bob.email]]
    [week_after] = [m for m in sweep_and_send(SLOT_AFTER_DST + WEEK) if m.to == [bob.email]]

    assert "Alice posted a check-in." in next_week.body
    # A deactivated member's check-in is no more in the digest than on the group page.
    assert "Carol" not in next_week.body
    assert "posted a check-in" not in week_after.body


def test_the_digest_has_a_one_click_unsubscribe_and_none_comes_after_it(two_groups, bob):
    [message] = [m for m in sweep_and_send(SLOT_BEFORE_DST) if m.to == [bob.email]]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url.endswith(f"/groups/digest/unsubscribe/{digest_unsubscribe_token(bob.pk)}/")
    path = url.removeprefix("http://testserver").split("://", 1)[-1]
    path = path[path.index("/") :]
    # The mail provider posts without cookies or CSRF token.
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.get(path).status_code == 200
    assert anonymous.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert DigestOptOut.objects.filter(user=bob).exists()
    # Hour reminders are another list.
    assert Profile.objects.get(user=bob).reminders_enabled
    assert bob.email not in recipients(sweep_and_send(SLOT_AFTER_DST))


def test_a_forged_unsubscribe_token_changes_nothing(client, bob):
    assert client.post("/groups/digest/unsubscribe/forged/").status_code == 400
    assert not DigestOptOut.objects.exists()


def test_the_digest_keeps_the_members_own_slot_across_daylight_saving(two_groups, alice):
    sweep_and_send(SLOT_BEFORE_DST)
    # A week later 18:00 Berlin is an hour earlier in UTC: not before it, and then at once.
    assert sweep_and_send(SLOT_AFTER_DST - MINUTE) == []
    assert alice.email in recipients(sweep_and_send(SLOT_AFTER_DST))


def test_a_member_in_another_zone_gets_it_at_their_own_slot(two_groups, carol):
    Profile.objects.filter(user=carol).update(time_zone="America/New_York", reminder_hour=9)
    # Thursday 9:00 in New York (daylight time since 8 March) is 13:00 UTC.
    thursday_nine = dt.datetime(2026, 3, 26, 13, tzinfo=UTC)
    assert carol.email not in recipients(sweep_and_send(thursday_nine - MINUTE))
    assert recipients(sweep_and_send(thursday_nine)) == [carol.email]


def review(reviewer, review_request, now):
    return review_save(
        reviewer=reviewer,
        review_request=review_request,
        overall="",
        verdicts={"answer_data": Verdict("convincing", "")},
        now=now,
    )


def test_the_review_email_goes_once_a_day_listing_that_days_reviews(
    alice, bob, carol, review_request
):
    now = timezone.now()
    review(bob, review_request, now)
    review(carol, review_request, now)
    [row] = ReviewEmail.objects.all()
    morning = review_email_due_at(row.day, ZoneInfo("Europe/Berlin"))
    assert sweep_and_send(morning - MINUTE) == []
    [message] = sweep_and_send(morning)
    assert message.to == [alice.email]
    assert message.subject == "Your projects got 2 reviews"
    assert "by Bob" in message.body and "by Carol" in message.body
    assert sweep_and_send(morning + 15 * MINUTE) == []


def test_an_edited_review_sends_nothing_new(alice, bob, review_request):
    now = timezone.now()
    review(bob, review_request, now)
    review(bob, review_request, now + dt.timedelta(days=1))
    assert ReviewEmail.objects.count() == 1


def test_a_digest_abandoned_by_a_dead_worker_is_sent_after_its_lease(two_groups, alice):
    sweep = group_mail_sweep(now=SLOT_BEFORE_DST)
    digest = GroupDigest.objects.get(user=alice)
    assert digest.pk in sweep.digests
    # A worker claimed it and died before sending.
    GroupDigest.objects.filter(pk=digest.pk).update(status="sending", claimed_at=SLOT_BEFORE_DST)
    assert digest.pk not in group_mail_sweep(now=SLOT_BEFORE_DST + 5 * MINUTE).digests
    assert digest.pk in group_mail_sweep(now=SLOT_BEFORE_DST + 11 * MINUTE).digests


def test_the_groups_page_turns_the_digest_off_and_on(two_groups, bob):
    client = signed_in(bob)
    assert "Stop the weekly digest" in client.get("/groups/").content.decode()
    client.post("/groups/digest/", {"digests": "off"})
    assert DigestOptOut.objects.filter(user=bob).exists()
    assert "Send me the weekly digest" in client.get("/groups/").content.decode()
    assert bob.email not in recipients(sweep_and_send(SLOT_BEFORE_DST))
    client.post("/groups/digest/", {"digests": "on"})
    assert bob.email in recipients(sweep_and_send(SLOT_AFTER_DST))


def test_the_digest_switch_swaps_with_htmx_and_says_what_it_did(two_groups, bob):
    client = signed_in(bob)
    page = client.get("/groups/").content.decode()
    assert '<p id="digest-status" class="live-message" role="status"></p>' in page
    assert 'data-hx-post="/groups/digest/" data-hx-target="#digest"' in page

    response = client.post("/groups/digest/", {"digests": "off"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<p id="digest-status" data-hx-swap-oob="innerHTML">')
    assert "No more weekly group digests." in html
    assert '<section id="digest"' in html and "<html" not in html
    # Focus stays on the switch, which now turns the digest back on.
    assert re.search(r'<button [^>]*id="digest-switch" autofocus>Send me the weekly digest', html)
    assert DigestOptOut.objects.filter(user=bob).exists()

    back_on = client.post("/groups/digest/", {"digests": "on"}, headers={"HX-Request": "true"})
    assert "You get the weekly group digest" in back_on.content.decode()
    assert not DigestOptOut.objects.filter(user=bob).exists()
