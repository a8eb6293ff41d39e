"""The forms of a learner's own plan: skip a step (with a certificate held elsewhere), add a
program, answer a moved step or an offered course."""

import datetime as dt

from django import forms

from courses.models import Course
from courses.validators import CheckedText

from ..certificates import certificate_link
from ..models import PlanStep
from ..plan_rules import MAX_PLAN_STEPS
from .fields import CertificateLinkField, PlainLabels, local_date_input

SKIP_REASONS = [choice for choice in PlanStep.SkipReason.choices if choice[0]]


class PlanStepSkipForm(CheckedText, PlainLabels, forms.Form):
    """Why the learner skips a step; "I hold its certificate" asks who issued it and,
    optionally, its verification link (parsed like the site's certificates) and date."""

    reason = forms.ChoiceField(label="Why skip it?", choices=SKIP_REASONS, widget=forms.RadioSelect)
    issuer = forms.CharField(
        label="Issuer (for a certificate)",
        max_length=120,
        required=False,
        help_text="Who issued it, e.g. Coursera or DeepLearning.AI.",
    )
    url = CertificateLinkField(label="Verification link (optional)", required=False)
    earned_on = forms.DateField(label="Earned on (optional)", required=False)

    def __init__(self, *args, step: PlanStep, today: dt.date, **kwargs):
        super().__init__(*args, prefix=f"skip-{step.pk}", **kwargs)
        self.today = today
        self.fields["earned_on"].widget = local_date_input(today)

    def clean_earned_on(self):
        earned_on = self.cleaned_data["earned_on"]
        if earned_on and earned_on > self.today:
            raise forms.ValidationError("A certificate is earned on a day that has come.")
        return earned_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == PlanStep.SkipReason.CERTIFICATE and not cleaned.get("issuer"):
            # A known verification page names its issuer.
            link = certificate_link(cleaned["url"]) if cleaned.get("url") else None
            if link and link.known:
                cleaned["issuer"] = link.issuer
            else:
                self.add_error("issuer", "Say who issued the certificate you hold.")
        return cleaned


class PlanStepAddForm(CheckedText, PlainLabels, forms.Form):
    """A published program to add at a chosen place, with a note of why."""

    course = forms.ModelChoiceField(
        label="Program",
        queryset=Course.objects.none(),
        empty_label="Pick a program",
        error_messages={"invalid_choice": "Pick a program of the catalog not in your plan yet."},
    )
    position = forms.IntegerField(
        label="At position",
        min_value=1,
        max_value=MAX_PLAN_STEPS,
        help_text="1 puts it first; a number past the end puts it last.",
    )
    why = forms.CharField(
        label="Why (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, courses, step_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["position"].initial = step_count + 1
