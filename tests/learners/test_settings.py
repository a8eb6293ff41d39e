import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from learners.models import Profile
from learners.rules import TIME_ZONES

pytestmark = pytest.mark.django_db

SETTINGS = reverse("learners:settings")


def valid(**overrides):
    return {
        "display_name": "Alice A.",
        "weekly_goal_hours": "6.5",
        "time_zone": "America/Los_Angeles",
        "reminder_weekday": "1",
        "reminder_hour": "7",
        "reminders_enabled": "on",
        "theme": "system",
    } | overrides


def test_it_shows_the_current_settings(alice_client):
    page = alice_client.get(SETTINGS).content.decode()

    assert 'value="Europe/Berlin"' in page
    assert '<option value="3" selected>Thursday</option>' in page  # the default slot
    assert '<option value="18" selected>18:00</option>' in page


def test_the_time_zone_field_offers_every_zone_we_accept(alice_client):
    page = alice_client.get(SETTINGS).content.decode()

    assert 'list="time-zones"' in page
    datalist = re.search(r'<datalist id="time-zones">(.*?)</datalist>', page, re.S).group(1)
    assert re.findall(r'<option value="([^"]+)"></option>', datalist) == list(TIME_ZONES)


def test_it_saves_valid_settings(alice_client, alice):
    response = alice_client.post(SETTINGS, valid(), follow=True)

    assert "Settings saved." in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert str(profile.weekly_goal_hours) == "6.5"
    assert (profile.time_zone, profile.reminder_weekday, profile.reminder_hour) == (
        "America/Los_Angeles",
        1,
        7,
    )
    assert profile.display_name == "Alice A."


def test_unticking_reminders_turns_them_off(alice_client, alice):
    data = valid()
    del data["reminders_enabled"]

    alice_client.post(SETTINGS, data)

    assert not Profile.objects.get(user=alice).reminders_enabled


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weekly_goal_hours", "0", "Set a goal of at least half an hour a week."),
        ("weekly_goal_hours", "200", "A weekly goal can be at most 80 hours."),
        ("weekly_goal_hours", "٣", "Enter a number."),
        ("weekly_goal_hours", "7.3", "Give hours in steps of 0.5 h, e.g. 2.5."),
        ("weekly_goal_hours", "abc", "Enter a number."),
        ("time_zone", "Mars/Base", "“Mars/Base” is not a time zone we know"),
        # Python knows these, but they name no place: the server's clock and a placeholder.
        ("time_zone", "localtime", "“localtime” is not a time zone we know"),
        ("time_zone", "Factory", "“Factory” is not a time zone we know"),
        ("time_zone", "europe/berlin", "“europe/berlin” is not a time zone we know"),
        ("weekly_goal_hours", "7.25", "Use at most one decimal, e.g. 7.5."),
        ("reminder_hour", "24", "Pick an hour from 0 to 23."),
        ("reminder_weekday", "7", "Select a valid choice."),
        ("display_name", "x" * 81, "Ensure this value has at most 80 characters"),
    ],
)
def test_invalid_settings_are_refused_and_change_nothing(
    alice_client, alice, field, value, message
):
    before = model_to_dict(Profile.objects.get(user=alice))

    response = alice_client.post(SETTINGS, valid(**{field: value}))

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved" in page
    assert model_to_dict(Profile.objects.get(user=alice)) == before


def test_the_time_zones_offered_are_the_ones_accepted(alice_client):
    page = alice_client.get(SETTINGS).content.decode()

    offered = re.findall(r'<option value="([^"]*)"></option>', page)
    assert offered == list(TIME_ZONES)
    assert "localtime" not in offered


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(SETTINGS)["Location"].startswith(reverse("account_login"))


def test_a_target_that_has_passed_does_not_stop_other_settings_from_saving(alice_client, alice):
    Profile.objects.filter(user=alice).update(target_finish_on="2026-01-15")

    response = alice_client.post(SETTINGS, valid(target_finish_on="2026-01-15"), follow=True)

    assert "Settings saved." in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert (profile.display_name, str(profile.target_finish_on)) == ("Alice A.", "2026-01-15")


def test_a_new_target_in_the_past_is_still_refused(alice_client, alice):
    Profile.objects.filter(user=alice).update(target_finish_on="2026-01-15")

    response = alice_client.post(SETTINGS, valid(target_finish_on="2026-01-10"))

    assert response.status_code == 400
    assert "That day has passed" in response.content.decode()
    assert str(Profile.objects.get(user=alice).target_finish_on) == "2026-01-15"


def test_the_chosen_theme_is_kept_and_named_on_every_page(alice_client, alice):
    assert '<html lang="en">' in alice_client.get(SETTINGS).content.decode()  # the system's

    alice_client.post(SETTINGS, valid(theme="dark"))

    assert Profile.objects.get(user=alice).theme == "dark"
    assert '<html lang="en" data-theme="dark">' in alice_client.get(SETTINGS).content.decode()
    alice_client.post(SETTINGS, valid(theme="light"))
    assert '<html lang="en" data-theme="light">' in alice_client.get("/courses/").content.decode()


def test_an_unknown_theme_is_refused(alice_client, alice):
    response = alice_client.post(SETTINGS, valid(theme="purple"))

    assert response.status_code == 400
    assert Profile.objects.get(user=alice).theme == "system"


def test_study_days_and_a_start_time_are_saved_and_shown(alice_client, alice):
    response = alice_client.post(
        SETTINGS, valid(study_weekdays=["5", "1", "3"], study_starts_at="19:00"), follow=True
    )

    assert "Settings saved." in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert (profile.study_weekdays, profile.study_starts_at) == ("135", dt.time(19))
    assert profile.study_days == (1, 3, 5)
    page = alice_client.get(SETTINGS).content.decode()
    ticked = re.findall(r'name="study_weekdays" value="(\d)"[^>]* checked', page)
    assert ticked == ["1", "3", "5"]
    assert 'name="study_starts_at" value="19:00"' in page


def test_unticking_every_day_and_clearing_the_time_drops_the_pick(alice_client, alice):
    Profile.objects.filter(user=alice).update(study_weekdays="24", study_starts_at=dt.time(7))

    alice_client.post(SETTINGS, valid())

    profile = Profile.objects.get(user=alice)
    assert (profile.study_weekdays, profile.study_starts_at) == ("", None)


def test_the_settings_say_what_the_calendar_holds_without_a_pick(alice_client):
    page = alice_client.get(SETTINGS).content.decode()

    assert "With none ticked, it holds blocks of at most 2 hours on consecutive days" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"study_weekdays": ["1", "3"]}, "study_starts_at", "Give the time your study blocks"),
        ({"study_starts_at": "19:00"}, "study_weekdays", "Tick the days you study at that time"),
        (
            {"study_weekdays": ["1"], "study_starts_at": "25:00"},
            "study_starts_at",
            "Give the time as hours and minutes, e.g. 19:00.",
        ),
        (
            {"study_weekdays": ["7"], "study_starts_at": "19:00"},
            "study_weekdays",
            "Select a valid choice. 7 is not one of the available choices.",
        ),
        (
            {
                "weekly_goal_hours": "0.5",
                "study_weekdays": ["0", "2", "4"],
                "study_starts_at": "9:00",
            },
            "study_weekdays",
            "A weekly goal of 0.5 h fills at most 2 days with a quarter hour each",
        ),
        (
            {"weekly_goal_hours": "80", "study_weekdays": ["5"], "study_starts_at": "9:00"},
            "study_weekdays",
            "A weekly goal of 80 h is more than 24 h a day over 1 day: tick more days.",
        ),
    ],
)
def test_bad_study_days_are_refused_with_a_message_and_change_nothing(
    alice_client, alice, fields, field, message
):
    Profile.objects.filter(user=alice).update(study_weekdays="6", study_starts_at=dt.time(10))
    before = model_to_dict(Profile.objects.get(user=alice))

    response = alice_client.post(SETTINGS, valid(**fields))

    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert model_to_dict(Profile.objects.get(user=alice)) == before


def test_the_database_refuses_days_without_a_time_or_out_of_order(alice):
    for days, starts_at in [
        ("13", None),
        ("", dt.time(19)),
        ("31", dt.time(19)),
        ("7", dt.time(9)),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Profile.objects.filter(user=alice).update(
                study_weekdays=days, study_starts_at=starts_at
            )
