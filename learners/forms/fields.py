"""Fields, widgets and form bases the learners' forms share."""

import datetime as dt

from django import forms

from .. import rules
from ..certificates import MAX_LINK_CHARS, CertificateLinkError, certificate_link
from ..models import validate_web_link


class PlainLabels:
    """Labels without Django's trailing colon, like every other form of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TimeZoneInput(forms.TextInput):
    """A text box searched through the page's time-zone <datalist>; JS may guess a value."""

    def __init__(self, guess: bool = False):
        attrs = {"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
        if guess:
            attrs["data-guess-time-zone"] = ""
        super().__init__(attrs)


class HoursField(forms.DecimalField):
    """Hours as an ASCII decimal in whole steps (rules.parse_hours, rules.hours_step_problem);
    the widget states the step, so a browser offers and checks the same ones."""

    step = rules.QUARTER_HOUR

    def to_python(self, value):
        if value not in self.empty_values and rules.parse_hours(str(value)) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def clean(self, value):
        hours = super().clean(value)
        if hours is not None and (problem := rules.hours_step_problem(hours, self.step)):
            raise forms.ValidationError(problem, code="step")
        return hours

    def widget_attrs(self, widget):
        return super().widget_attrs(widget) | {"step": str(self.step)}


class GoalHoursField(HoursField):
    step = rules.HALF_HOUR


HOURS_WIDGET = forms.NumberInput(attrs={"min": "0.5", "max": "80"})
# The decimal validator speaks of digits; a learner thinks in hours.
GOAL_ERRORS = {
    "max_whole_digits": "A weekly goal can be at most 80 hours.",
    "max_digits": "A weekly goal can be at most 80 hours.",
    "max_decimal_places": "Use at most one decimal, e.g. 7.5.",
}


def target_date_input(today: dt.date, kept: dt.date | None = None) -> forms.DateInput:
    """A date picker from the learner's local today (or the target they already have, when it
    has passed: it may stay as it is) to the farthest target allowed."""
    earliest = min(today, kept) if kept else today
    latest = rules.target_horizon(today)
    return forms.DateInput(
        attrs={"type": "date", "min": earliest.isoformat(), "max": latest.isoformat()},
        format="%Y-%m-%d",
    )


class TargetDateForm(PlainLabels):
    """A form with an optional `target_finish_on`, checked by `rules.target_date_problem`
    against the learner's local `self.today`."""

    TARGET_HELP = "Optional: the day you mean to finish your path by. The dashboard keeps count."

    def init_target_date(self, today: dt.date) -> None:
        self.today = today
        field = self.fields["target_finish_on"]
        field.widget = target_date_input(today, kept=self.initial.get("target_finish_on"))
        field.error_messages["invalid"] = "Give the date as a day, e.g. 2027-06-30."

    def clean_target_finish_on(self):
        target = self.cleaned_data["target_finish_on"]
        # A target kept as it was may have passed since: saving other settings must not fail
        # on it (the dashboard offers the reset). Only a new date is checked.
        changed = "target_finish_on" in self.changed_data
        if target and changed and (problem := rules.target_date_problem(target, self.today)):
            raise forms.ValidationError(problem)
        return target


class WebLinkField(forms.URLField):
    """A link others will follow: http(s) only. That is checked first, so that a `javascript:`
    or `ftp:` link is told what to give rather than that it is not a valid URL."""

    default_error_messages = {"invalid": "Enter a whole link, e.g. https://github.com/you/work."}

    def __init__(self, **kwargs):
        # 200 characters, as the models' URLFields.
        super().__init__(assume_scheme="https", max_length=200, **kwargs)

    def run_validators(self, value):
        validate_web_link(value)
        super().run_validators(value)


class CertificateLinkField(forms.URLField):
    """A certificate's verification page: https only, normalised by
    `certificates.certificate_link` (a known issuer's link loses its tracking query)."""

    default_error_messages = {
        "invalid": "Enter a whole link, e.g. https://www.coursera.org/verify/ABC123."
    }

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", max_length=MAX_LINK_CHARS, **kwargs)

    def clean(self, value):
        # The rule speaks before the URL validator, so that a javascript: or http: link is told
        # what to give, and an over-long one how long it is.
        value = self.to_python(value)
        if value:
            try:
                value = certificate_link(value).url
            except CertificateLinkError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
        self.validate(value)
        self.run_validators(value)
        return value


def local_date_input(today: dt.date) -> forms.DateInput:
    """A date picker that offers no day after the learner's local today."""
    return forms.DateInput(attrs={"type": "date", "max": today.isoformat()}, format="%Y-%m-%d")
