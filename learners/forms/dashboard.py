"""The dashboard's forms: logging study hours (also on the hours pages and in the API), and
resetting the plan."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.models import Course
from courses.validators import CheckedText

from .. import rules, services
from ..models import StudySession
from .fields import HoursField, PlainLabels, TargetDateForm


class PlanResetForm(TargetDateForm, forms.Form):
    target_finish_on = forms.DateField(
        label="New target date",
        required=False,
        help_text="Leave it empty to take your projected finish.",
    )

    def __init__(self, *args, today: dt.date, projected: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_target_date(today)
        self.projected = projected

    def clean_target_finish_on(self):
        """The date picked, or else the projected finish, under the same rule."""
        picked = self.cleaned_data["target_finish_on"]
        target = picked or self.projected
        if target and (problem := rules.target_date_problem(target, self.today)):
            raise forms.ValidationError(
                problem if picked else f"Your projected finish is {target:%-d %B %Y}. {problem}"
            )
        return target


class StudySessionForm(CheckedText, PlainLabels, forms.ModelForm):
    """Hours of study on one local day; the day's 24-hour cap is checked when saving."""

    class Meta:
        model = StudySession
        fields = ["day", "hours", "course", "note"]
        labels = {"hours": "Hours", "course": "Course (optional)", "note": "Note (optional)"}
        help_texts = {"day": "", "hours": "In quarter hours, e.g. 1.25."}
        field_classes = {"hours": HoursField}
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours": forms.NumberInput(attrs={"min": "0.25", "max": "24"}),
            "note": forms.TextInput(attrs={"placeholder": "e.g. week 2 lectures, lasso notebook"}),
        }
        error_messages = {
            "hours": {
                "max_whole_digits": "A day has 24 hours: log at most 24.",
                "max_digits": "A day has 24 hours: log at most 24.",
                "max_decimal_places": "Use at most two decimals, e.g. 1.25.",
            }
        }

    def __init__(self, *args, today: dt.date, joined_on: dt.date, course_by: str = "pk", **kwargs):
        """`course_by="slug"` takes the course by its slug (the API's door) instead of its id."""
        super().__init__(*args, **kwargs)
        self.today, self.joined_on = today, joined_on
        self.fields["day"].initial = today
        self.fields["day"].widget.attrs["max"] = today.isoformat()
        self.fields["hours"].error_messages["invalid"] = "Enter the hours as a number, e.g. 1.5."
        course = self.fields["course"]
        # The <select> shows titles; the API's door takes a course by its slug.
        course.queryset = Course.objects.published().order_by("title").only("title", "slug")
        course.empty_label = "Not about one course"
        course.to_field_name = course_by
        course.error_messages["invalid_choice"] = "That is not a published course of the catalog."

    def saved(self, *, user) -> bool:
        """Whether the form is valid and its session saved through the service, which
        refuses a day past 24 hours: that refusal becomes a form error."""
        if not self.is_valid():
            return False
        try:
            services.study_session_save(user=user, session=self.instance)
        except ValidationError as error:
            self.add_error(None, error)
            return False
        return True

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


def study_session_form(profile, data=None, **kwargs) -> StudySessionForm:
    """The form logging hours on the learner's days: up to their local today."""
    return StudySessionForm(
        data, today=profile.local_today(timezone.now()), joined_on=profile.joined_on, **kwargs
    )


def dashboard_forms(profile, *, log_form=None, reset_form=None) -> dict:
    """The dashboard's forms, fresh unless given: logging hours, and resetting the plan."""
    return {
        "log_form": log_form or study_session_form(profile),
        "reset_form": reset_form or PlanResetForm(today=profile.local_today(timezone.now())),
    }
