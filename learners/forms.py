import datetime as dt
import zoneinfo

from django import forms

from courses.models import Course

from . import rules
from .models import Profile, StudySession

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


class TimeZoneInput(forms.TextInput):
    """A text box searched through the page's time-zone <datalist>; JS may guess a value."""

    def __init__(self, guess: bool = False):
        attrs = {"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
        if guess:
            attrs["data-guess-time-zone"] = ""
        super().__init__(attrs)


HOURS_WIDGET = forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "80"})
# The decimal validator speaks of digits; a learner thinks in hours.
GOAL_ERRORS = {
    "max_whole_digits": "A weekly goal can be at most 80 hours.",
    "max_digits": "A weekly goal can be at most 80 hours.",
    "max_decimal_places": "Use at most one decimal, e.g. 7.5.",
}


class OnboardingForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["background", "target_role", "weekly_goal_hours", "time_zone"]
        labels = {
            "background": "Your background",
            "target_role": "The role you are aiming at",
            "weekly_goal_hours": "Hours you can give each week",
            "time_zone": "Your time zone",
        }
        help_texts = {
            "weekly_goal_hours": "Be honest: 5 to 10 hours is what most people sustain.",
            "time_zone": "Weeks and reminders follow it. Start typing a city, e.g. Europe/Berlin.",
        }
        widgets = {
            "background": forms.RadioSelect,
            "target_role": forms.RadioSelect,
            "weekly_goal_hours": HOURS_WIDGET,
            "time_zone": TimeZoneInput(guess=True),
        }
        error_messages = {
            "weekly_goal_hours": GOAL_ERRORS,
            "background": {"required": "Tell us whether you program."},
            "target_role": {"required": "Pick the role you are aiming at."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio lists have no blank choice: the learner must answer.
        for name in ("background", "target_role"):
            self.fields[name].required = True
            self.fields[name].choices = self.fields[name].choices[1:]
        if self.instance.onboarded_at is None and not self.is_bound:
            # A new learner's zone is guessed by the browser, not defaulted to UTC.
            self.initial["time_zone"] = ""


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "display_name",
            "weekly_goal_hours",
            "time_zone",
            "reminder_weekday",
            "reminder_hour",
            "reminders_enabled",
        ]
        labels = {
            "display_name": "Display name",
            "reminder_weekday": "Reminder day",
            "reminder_hour": "Reminder time",
            "reminders_enabled": "Send me a reminder when my week falls behind",
        }
        help_texts = {
            "display_name": "Shown on your public portfolio.",
            "weekly_goal_hours": "From 0.5 to 80 hours.",
            "reminder_hour": "Your local time; a reminder comes only when you are behind pace.",
        }
        widgets = {
            "weekly_goal_hours": HOURS_WIDGET,
            "time_zone": TimeZoneInput(),
            "reminder_hour": forms.Select(choices=[(h, f"{h:02d}:00") for h in range(24)]),
        }
        error_messages = {"weekly_goal_hours": GOAL_ERRORS}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right: nothing was deleted.")
        return password


class StudySessionForm(forms.ModelForm):
    """Hours of study on one local day; the day's 24-hour cap is checked when saving."""

    class Meta:
        model = StudySession
        fields = ["day", "hours", "course", "note"]
        labels = {"hours": "Hours", "course": "Course (optional)", "note": "Note (optional)"}
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "24"}),
            "note": forms.TextInput(attrs={"placeholder": "e.g. week 2 lectures, lasso notebook"}),
        }
        error_messages = {
            "hours": {
                "max_whole_digits": "A day has 24 hours: log at most 24.",
                "max_digits": "A day has 24 hours: log at most 24.",
                "max_decimal_places": "Use at most two decimals, e.g. 1.25.",
            }
        }

    def __init__(self, *args, today: dt.date, joined_on: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.joined_on = today, joined_on
        self.fields["day"].initial = today
        self.fields["day"].widget.attrs["max"] = today.isoformat()
        self.fields["hours"].error_messages["invalid"] = "Enter the hours as a number, e.g. 1.5."
        course = self.fields["course"]
        course.queryset = Course.objects.published().order_by("title")
        course.empty_label = "Not about one course"

    def clean_day(self):
        day = self.cleaned_data["day"]
        if problem := rules.day_problem(day, self.today, self.joined_on):
            raise forms.ValidationError(problem)
        return day

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise forms.ValidationError("Log more than 0 hours.")
        if hours > rules.MAX_HOURS_A_DAY:
            raise forms.ValidationError("A day has 24 hours: log at most 24.")
        return hours
