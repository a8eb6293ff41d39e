"""The account's forms: onboarding, enrolment, settings, e-mail, API tokens, deletion."""

import datetime as dt

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.models import EmailAddress
from django import forms
from django.utils import timezone

from courses.validators import CheckedText

from ..models import AccessToken, Profile
from ..study_days import study_days_digits, study_days_from_digits, study_days_problem
from .fields import (
    GOAL_ERRORS,
    HOURS_WIDGET,
    GoalHoursField,
    PlainLabels,
    TargetDateForm,
    TimeZoneInput,
)


class OnboardingForm(CheckedText, PlainLabels, forms.ModelForm):
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
        field_classes = {"weekly_goal_hours": GoalHoursField}
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

    def clean_weekly_goal_hours(self):
        goal = self.cleaned_data["weekly_goal_hours"]
        # A learner back here may have study days: the goal must still share among them.
        if problem := study_days_problem(goal, self.instance.study_days):
            raise forms.ValidationError(f"{problem} Your study days are in your settings.")
        return goal


class EnrolForm(TargetDateForm, forms.Form):
    target_finish_on = forms.DateField(
        label="Target finish date", required=False, help_text=TargetDateForm.TARGET_HELP
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_target_date(today)


class SettingsForm(CheckedText, TargetDateForm, forms.ModelForm):
    study_weekdays = forms.TypedMultipleChoiceField(
        label="Study days",
        choices=Profile.Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Your calendar holds a weekly block on each day you tick, the weekly goal shared "
            "among them in quarter hours. With none ticked, it holds blocks of at most 2 hours "
            "on consecutive days from your reminder day, at your reminder time."
        ),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "weekly_goal_hours",
            "study_weekdays",
            "study_starts_at",
            "target_finish_on",
            "time_zone",
            "reminder_weekday",
            "reminder_hour",
            "reminders_enabled",
            "show_activity",
            "theme",
        ]
        labels = {
            "show_activity": "Show my activity on my public portfolio",
            "display_name": "Display name",
            "reminder_weekday": "Reminder day",
            "reminder_hour": "Reminder time",
            "reminders_enabled": "Send me a reminder when my week falls behind",
            "study_starts_at": "Study start time",
        }
        help_texts = {
            "display_name": "Shown on your public portfolio.",
            "weekly_goal_hours": "From 0.5 to 80 hours.",
            "reminder_hour": "Your local time; a reminder comes only when you are behind pace.",
            "target_finish_on": TargetDateForm.TARGET_HELP,
            "study_starts_at": "Your local time on each study day, e.g. 19:00.",
        }
        field_classes = {"weekly_goal_hours": GoalHoursField}
        widgets = {
            "weekly_goal_hours": HOURS_WIDGET,
            "study_starts_at": forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
            "time_zone": TimeZoneInput(),
            "reminder_hour": forms.Select(choices=[(h, f"{h:02d}:00") for h in range(24)]),
            "theme": forms.RadioSelect,
        }
        error_messages = {
            "weekly_goal_hours": GOAL_ERRORS,
            "study_starts_at": {"invalid": "Give the time as hours and minutes, e.g. 19:00."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The learner's today in the zone they have now; a target is days away, not hours.
        self.init_target_date(self.instance.local_today(timezone.now()))
        self.initial["study_weekdays"] = list(self.instance.study_days)

    def clean_study_weekdays(self) -> str:
        return study_days_digits(self.cleaned_data["study_weekdays"])

    def clean_study_starts_at(self) -> dt.time | None:
        starts_at = self.cleaned_data["study_starts_at"]
        return starts_at and starts_at.replace(second=0, microsecond=0)

    def clean(self):
        cleaned = super().clean()
        days = study_days_from_digits(cleaned.get("study_weekdays", ""))
        starts_at, goal = cleaned.get("study_starts_at"), cleaned.get("weekly_goal_hours")
        if days and starts_at is None and "study_starts_at" not in self.errors:
            self.add_error(
                "study_starts_at",
                "Give the time your study blocks start, e.g. 19:00, or untick the days.",
            )
        elif starts_at and not days and "study_weekdays" not in self.errors:
            self.add_error("study_weekdays", "Tick the days you study at that time, or clear it.")
        elif goal and (problem := study_days_problem(goal, days)):
            self.add_error("study_weekdays", problem)
        return cleaned


class DeleteAccountForm(PlainLabels, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, throttled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.throttled = user, throttled

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.throttled:
            # Not even checked: past the limit, a right guess must look like a wrong one.
            raise forms.ValidationError(
                "Too many password tries: wait a minute, then type it again. Nothing was deleted."
            )
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right: nothing was deleted.")
        return password


class AddEmailForm(AllauthAddEmailForm):
    """allauth's form to change one's address, refusing an address verified on another account.

    allauth lets it through (so as not to tell who has an account) and mails its owner a link
    that would hand the address over; here it is refused with a message that does not say why.
    """

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .exclude(user=self.user)
            .exists()
        ):
            raise forms.ValidationError("This address cannot be used. Give another one.")
        return super().clean_email()


class AccessTokenForm(CheckedText, PlainLabels, forms.ModelForm):
    class Meta:
        model = AccessToken
        fields = ["name"]
        labels = {"name": "Token name"}
        help_texts = {"name": "What will use it, e.g. “my timer script”."}
        error_messages = {
            "name": {
                "required": "Give the token a name, so that you know what it is for.",
                "max_length": "Keep the name to 80 characters at most.",
            }
        }
