"""The forms of a course as the learner takes it: status, assignments done, note."""

import datetime as dt

from django import forms

from courses.validators import CheckedText

from .. import rules
from ..models import NOTE_MAX_CHARS, CourseNote, CourseProgress
from .fields import CertificateLinkField, HoursField, PlainLabels, WebLinkField, local_date_input


class AssignmentCompletionForm(CheckedText, forms.Form):
    """An assignment done: the learner's local day, the hours it took and where the work is.

    Prefixed with the assignment, so that a page of assignments has one form each."""

    day = forms.DateField(required=False, help_text="Today if left empty.")
    hours = HoursField(
        label="Hours it took",
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "max": "24"}),
        error_messages={
            "required": "Give the hours it took: 0 if they are in your study log already.",
            "invalid": "Enter the hours as a number, e.g. 1.5.",
            "max_whole_digits": "A day has 24 hours: log at most 24.",
            "max_digits": "A day has 24 hours: log at most 24.",
            "max_decimal_places": "Use at most two decimals, e.g. 1.25.",
        },
    )
    link = WebLinkField(label="Notebook or repository link (optional)", required=False)
    note = forms.CharField(label="Note (optional)", max_length=500, required=False)

    def __init__(self, *args, assignment, today: dt.date, joined_on: dt.date, **kwargs):
        super().__init__(*args, prefix=f"assignment-{assignment.pk}", **kwargs)
        self.assignment, self.today, self.joined_on = assignment, today, joined_on
        self.fields["day"].widget = local_date_input(today)
        self.fields["day"].initial = today
        estimate = rules.format_hours(assignment.estimated_hours)
        self.fields["hours"].help_text = f"Estimated: {estimate} h. 0 if it is in your study log."

    def clean_day(self):
        day = self.cleaned_data["day"] or self.today
        if problem := rules.day_problem(day, self.today, self.joined_on):
            raise forms.ValidationError(problem)
        return day

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours < 0:
            raise forms.ValidationError("Hours cannot be negative: give 0 or more.")
        if hours > rules.MAX_HOURS_A_DAY:
            raise forms.ValidationError("A day has 24 hours: log at most 24.")
        return hours


# The day each status after "planned" begins, in order.
STATUS_DATES = ("started_on", "completed_on", "certified_on")
STATUS_DATE_PHRASES = {
    "started_on": "the day you started",
    "completed_on": "the day you completed the course",
}


class CourseStatusForm(CheckedText, forms.Form):
    """Where the learner stands in a course, and since when.

    The date of the status picked defaults to today; the dates of later statuses are dropped
    (a course in progress has no completion date). A certificate may wait for its link: the
    page asks for it until it is given."""

    status = forms.ChoiceField(label="Where you are", choices=CourseProgress.Status.choices)
    started_on = forms.DateField(label="Started on", required=False)
    completed_on = forms.DateField(label="Completed on", required=False)
    certified_on = forms.DateField(label="Certificate earned on", required=False)
    certificate_url = CertificateLinkField(
        label="Certificate verification link",
        required=False,
        help_text="Its page on Coursera, Credly or edX: it is what a recruiter checks.",
    )

    def __init__(self, *args, today: dt.date, progress: CourseProgress | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for name in STATUS_DATES:
            self.fields[name].widget = local_date_input(today)
        if progress is not None:
            self.initial = {name: getattr(progress, name) for name in self.fields}

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status is None:
            return cleaned
        reached = CourseProgress.Status.values.index(status)
        for step, name in enumerate(STATUS_DATES, start=1):
            if step > reached:
                cleaned[name] = None
            elif step == reached and cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = self.today
        if status != CourseProgress.Status.CERTIFIED:
            cleaned["certificate_url"] = ""
        self._check_date_order(cleaned)
        return cleaned

    def _check_date_order(self, cleaned) -> None:
        """No date in the future, none before an earlier status's date."""
        earlier: tuple[str, dt.date] | None = None
        for name in STATUS_DATES:
            day = cleaned.get(name)
            if day is None:
                continue
            if day > self.today:
                self.add_error(name, "That day has not come yet: give today or a day before.")
            elif earlier and day < earlier[1]:
                phrase = STATUS_DATE_PHRASES[earlier[0]]
                self.add_error(name, f"That is before {phrase}, {earlier[1]:%-d %B %Y}.")
            else:
                earlier = (name, day)


class CourseNoteForm(CheckedText, PlainLabels, forms.ModelForm):
    """The learner's notes on one course, in Markdown."""

    class Meta:
        model = CourseNote
        fields = ["text"]
        labels = {"text": "Your notes"}
        help_texts = {
            "text": f"Only you see them. Markdown: headings, lists, code and links; at most "
            f"{NOTE_MAX_CHARS:,} characters."
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, autosave_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Typing pauses save the notes; only the status line under the box is swapped.
        self.fields["text"].widget.attrs.update(
            {
                "data-hx-post": autosave_url,
                "data-hx-trigger": "input changed delay:1s",
                "data-hx-target": "#note-status",
                "data-hx-swap": "innerHTML",
                "data-hx-sync": "closest form:replace",
            }
        )
