"""The calendar feed: its events (across a daylight-saving change), its secret address, and the
settings that make and renew it."""

import datetime as dt
from decimal import Decimal
from itertools import islice
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.urls import reverse
from icalendar import Calendar

from courses.models import Path
from learners.calendar import PlannedFinish, study_plan_calendar
from learners.models import CourseProgress, Profile
from learners.rules import calendar_token
from learners.services import calendar_link_renew, enrollment_start
from learners.study_days import StudyBlock, study_blocks

BERLIN = ZoneInfo("Europe/Berlin")
# Tuesday 24 March 2026; Berlin moves its clocks forward on Sunday 29 March at 02:00.
BEFORE_SPRING_CHANGE = dt.datetime(2026, 3, 24, 12, tzinfo=dt.UTC)
# Tuesday 20 October 2026; Berlin moves them back on Sunday 25 October at 03:00.
BEFORE_AUTUMN_CHANGE = dt.datetime(2026, 10, 20, 12, tzinfo=dt.UTC)


def feed(**kwargs) -> Calendar:
    arguments = {
        "owner": "7",
        "zone": BERLIN,
        "blocks": [StudyBlock(3, dt.time(18), dt.timedelta(hours=1))],
        "finishes": [],
        "now": BEFORE_SPRING_CHANGE,
        "domain": "certguide.test",
        "url": "https://certguide.test/cal/7-secret.ics",
    } | kwargs
    return Calendar.from_ical(study_plan_calendar(**arguments))


def study_block(calendar: Calendar):
    (block,) = [event for event in calendar.walk("VEVENT") if "RRULE" in event]
    return block


def test_the_study_block_stays_at_the_local_hour_across_a_daylight_saving_change():
    block = study_block(feed())

    start = block.decoded("DTSTART")
    assert block["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start == dt.datetime(2026, 3, 26, 18, tzinfo=BERLIN)
    assert block.decoded("DTEND") - start == dt.timedelta(hours=1)
    rule = block["RRULE"].to_ical().decode()
    occurrences = list(islice(rrulestr(rule, dtstart=start), 3))

    # Thursdays at 18:00 in Berlin: 17:00 UTC before the change, 16:00 UTC after it.
    assert [o.astimezone(dt.UTC).hour for o in occurrences] == [17, 16, 16]
    assert [o.astimezone(BERLIN).hour for o in occurrences] == [18, 18, 18]


def study_events(calendar: Calendar) -> list:
    return sorted(
        (event for event in calendar.walk("VEVENT") if "RRULE" in event),
        key=lambda event: event.decoded("DTSTART"),
    )


@pytest.mark.parametrize(
    ("now", "first_week", "utc_before", "utc_after"),
    [
        (BEFORE_SPRING_CHANGE, dt.date(2026, 3, 23), 18, 17),
        (BEFORE_AUTUMN_CHANGE, dt.date(2026, 10, 19), 17, 18),
    ],
)
def test_three_picked_days_give_three_weekly_blocks_adding_up_to_the_goal_across_a_change(
    now, first_week, utc_before, utc_after
):
    blocks = study_blocks(
        goal_hours=Decimal(5),
        days=(1, 3, 5),
        starts_at=dt.time(19),
        reminder_weekday=3,
        reminder_hour=18,
    )

    calendar = feed(blocks=blocks, now=now)

    events = study_events(calendar)
    assert len(events) == 3
    assert {event["RRULE"].to_ical().decode() for event in events} == {"FREQ=WEEKLY"}
    assert {event["DTSTART"].params["TZID"] for event in events} == {"Europe/Berlin"}
    lengths = [event.decoded("DTEND") - event.decoded("DTSTART") for event in events]
    assert lengths == [dt.timedelta(minutes=105)] * 2 + [dt.timedelta(minutes=90)]
    assert sum(lengths, dt.timedelta()) == dt.timedelta(hours=5)
    # Two weeks of each block, read in the feed's own VTIMEZONE: the week before the change
    # and the week after it keep 19:00 local on Tuesday, Thursday and Saturday.
    zone = calendar.timezones[0].to_tz()
    occurrences = sorted(
        occurrence.replace(tzinfo=zone)
        for event in events
        for occurrence in islice(
            rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.decoded("DTSTART")), 2
        )
    )
    days = [first_week + dt.timedelta(days=n) for n in (1, 3, 5, 8, 10, 12)]
    assert [o.date() for o in occurrences] == days
    assert {o.time() for o in occurrences} == {dt.time(19)}
    assert [o.astimezone(dt.UTC).hour for o in occurrences] == [utc_before] * 3 + [utc_after] * 3


def test_the_feed_carries_the_time_zone_with_both_of_its_offsets():
    calendar = feed()

    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    offsets = {(part.name, part["TZOFFSETTO"].to_ical()) for part in zone.subcomponents}
    assert ("STANDARD", "+0100") in offsets and ("DAYLIGHT", "+0200") in offsets
    # Its own offsets decide the instant: the block read back is 18:00 local after the change.
    tz = calendar.timezones[0].to_tz()
    assert dt.datetime(2026, 4, 2, 18, tzinfo=tz).utcoffset() == dt.timedelta(hours=2)


def test_a_slot_in_the_skipped_hour_falls_an_hour_later():
    # Sunday 02:00 does not exist in Berlin on 29 March 2026.
    block = study_block(feed(blocks=[StudyBlock(6, dt.time(2), dt.timedelta(hours=1))]))

    assert block.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC)


def test_planned_finishes_are_all_day_events_with_stable_ids():
    finishes = [
        PlannedFinish("regression", "Projected finish: Regression", dt.date(2026, 5, 4)),
        PlannedFinish("target", "Your target finish date", dt.date(2026, 9, 1)),
    ]

    calendar = feed(finishes=finishes)

    events = {str(event["UID"]): event for event in calendar.walk("VEVENT") if "RRULE" not in event}
    assert set(events) == {
        "finish-regression-7@certguide.test",
        "finish-target-7@certguide.test",
    }
    target = events["finish-target-7@certguide.test"]
    assert target.decoded("DTSTART") == dt.date(2026, 9, 1)
    assert target.decoded("DTEND") == dt.date(2026, 9, 2)
    assert str(target["SUMMARY"]) == "Your target finish date"
    # Read again later, the same plan has the same ids: calendar apps update, not duplicate.
    again = feed(finishes=finishes, now=BEFORE_SPRING_CHANGE + dt.timedelta(days=3))
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {
        str(e["UID"]) for e in calendar.walk("VEVENT")
    }


@pytest.mark.django_db
def test_the_feed_opens_by_its_token_alone_and_is_private(client, alice, catalog):
    profile = alice.profile
    profile.time_zone, profile.weekly_goal_hours = "Europe/Berlin", Decimal(10)
    profile.save()
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=alice, path=path)
    first_course = path.steps.order_by("position").first().course
    CourseProgress.objects.create(user=alice, course=first_course, status="completed")
    secret = calendar_link_renew(profile=profile).calendar_secret
    url = reverse("learners:calendar_feed", args=[calendar_token(profile.pk, secret)])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    assert "sessionid" not in response.cookies
    calendar = Calendar.from_ical(response.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    remaining = path.steps.filter(course__published=True).exclude(course=first_course)
    # No study days picked: the 10 h goal in five blocks of 2 h, Thursday to Monday.
    assert summaries == ["Study block (certguide)"] * 5 + [
        f"Projected finish: {step.course.title}" for step in remaining.order_by("position")
    ]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"


@pytest.mark.django_db
def test_the_feed_holds_a_block_on_each_study_day_sharing_the_goal(client, alice):
    Profile.objects.filter(pk=alice.profile.pk).update(
        weekly_goal_hours=Decimal(6), study_weekdays="135", study_starts_at=dt.time(19, 30)
    )
    secret = calendar_link_renew(profile=alice.profile).calendar_secret
    url = reverse("learners:calendar_feed", args=[calendar_token(alice.profile.pk, secret)])

    events = study_events(Calendar.from_ical(client.get(url).content))

    local_starts = [event.decoded("DTSTART") for event in events]
    assert [start.strftime("%a %H:%M") for start in local_starts] == [
        "Tue 19:30",
        "Thu 19:30",
        "Sat 19:30",
    ]
    assert {event.decoded("DTEND") - event.decoded("DTSTART") for event in events} == {
        dt.timedelta(hours=2)
    }
    assert len({str(event["UID"]) for event in events}) == 3
    assert "2 h of your 6 h weekly goal" in str(events[0]["DESCRIPTION"])


@pytest.mark.django_db
def test_a_new_link_makes_the_old_one_404(alice_client, alice):
    alice_client.post(reverse("learners:calendar_link"))
    alice.profile.refresh_from_db()
    old = reverse(
        "learners:calendar_feed",
        args=[calendar_token(alice.profile.pk, alice.profile.calendar_secret)],
    )
    page = alice_client.get(reverse("learners:settings")).content.decode()
    assert f"http://testserver{old}" in page
    assert "Make a new link" in page

    response = alice_client.post(reverse("learners:calendar_link"), follow=True)

    assert "the old one no longer works" in response.content.decode()
    alice.profile.refresh_from_db()
    new = reverse(
        "learners:calendar_feed",
        args=[calendar_token(alice.profile.pk, alice.profile.calendar_secret)],
    )
    assert new != old
    assert alice_client.get(old).status_code == 404
    assert alice_client.get(new).status_code == 200


@pytest.mark.django_db
def test_settings_offer_to_make_a_link_until_there_is_one(alice_client):
    page = alice_client.get(reverse("learners:settings")).content.decode()

    assert "Make my calendar link" in page
    assert 'id="calendar-url"' not in page


@pytest.mark.django_db
def test_a_deactivated_learners_feed_is_gone(client, alice):
    secret = calendar_link_renew(profile=alice.profile).calendar_secret
    url = reverse("learners:calendar_feed", args=[calendar_token(alice.profile.pk, secret)])
    assert client.get(url).status_code == 200

    type(alice).objects.filter(pk=alice.pk).update(is_active=False)

    assert client.get(url).status_code == 404
