import re

import pytest
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
