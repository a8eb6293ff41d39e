import datetime as dt

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.models import EmailAddress
from django import forms
from django.utils import timezone
from django.utils.text import slugify

from courses.models import Course, Skill
from courses.validators import CheckedText

from . import rules
from .certificates import MAX_LINK_CHARS, CertificateLinkError, certificate_link
from .models import (
    NOTE_MAX_CHARS,
    AccessToken,
    CourseNote,
    CourseProgress,
    PortfolioProject,
    Profile,
    StudySession,
    validate_web_link,
)


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


class EnrolForm(TargetDateForm, forms.Form):
    target_finish_on = forms.DateField(
        label="Target finish date", required=False, help_text=TargetDateForm.TARGET_HELP
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_target_date(today)


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


class SettingsForm(CheckedText, TargetDateForm, forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "display_name",
            "weekly_goal_hours",
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
        }
        help_texts = {
            "display_name": "Shown on your public portfolio.",
            "weekly_goal_hours": "From 0.5 to 80 hours.",
            "reminder_hour": "Your local time; a reminder comes only when you are behind pace.",
            "target_finish_on": TargetDateForm.TARGET_HELP,
        }
        field_classes = {"weekly_goal_hours": GoalHoursField}
        widgets = {
            "weekly_goal_hours": HOURS_WIDGET,
            "time_zone": TimeZoneInput(),
            "reminder_hour": forms.Select(choices=[(h, f"{h:02d}:00") for h in range(24)]),
            "theme": forms.RadioSelect,
        }
        error_messages = {"weekly_goal_hours": GOAL_ERRORS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The learner's today in the zone they have now; a target is days away, not hours.
        self.init_target_date(self.instance.local_today(timezone.now()))


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


def skill_choices(kind: str, label: str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Skill.objects.filter(kind=kind).order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
        help_text=help_text,
    )


class ProjectForm(CheckedText, forms.ModelForm):
    """A portfolio project; its skills come as two lists, employer checks and topics."""

    SKILL_FIELDS = {Skill.Kind.EMPLOYER_CHECK: "employer_checks", Skill.Kind.TOPIC: "topics"}

    repo_url = WebLinkField(
        label="Repository link",
        required=False,
        help_text="e.g. https://github.com/you/project",
    )
    demo_url = WebLinkField(
        label="Demo link", required=False, help_text="Optional: a notebook, an app or a report."
    )
    employer_checks = skill_choices(
        Skill.Kind.EMPLOYER_CHECK,
        "Employer checks it shows",
        "What an interviewer could probe you on with this project.",
    )
    topics = skill_choices(Skill.Kind.TOPIC, "Topics")
    courses = forms.ModelMultipleChoiceField(
        queryset=Course.objects.published().order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Courses it came out of",
    )

    class Meta:
        model = PortfolioProject
        fields = [
            "title",
            "summary",
            "write_up",
            "repo_url",
            "demo_url",
            "public",
            "courses",
            *(field for field, _ in PortfolioProject.INTERVIEW_QUESTIONS),
        ]
        labels = {
            "summary": "One-line summary",
            "write_up": "Write-up",
            "public": "Show it on my public portfolio",
        }
        help_texts = {
            "write_up": "Markdown: headings, lists, code and links. What you built, how, and "
            "what you found.",
            "public": "Seen by others only while your public portfolio is on.",
        }
        widgets = {
            "write_up": forms.Textarea(attrs={"rows": 12}),
            **{
                field: forms.Textarea(attrs={"rows": 3})
                for field, _ in PortfolioProject.INTERVIEW_QUESTIONS
            },
        }
        error_messages = {"title": {"required": "Give the project a title."}}

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        for field, question in PortfolioProject.INTERVIEW_QUESTIONS:
            self.fields[field].label = question
        # Ticked before the learner ticks anything: the project's own skills, or one asked for.
        for kind, field in self.SKILL_FIELDS.items():
            self.initial[field] = [skill.pk for skill in skills if skill.kind == kind]

    def chosen_skills(self) -> list[Skill]:
        return [skill for field in self.SKILL_FIELDS.values() for skill in self.cleaned_data[field]]

    def interview_fields(self) -> list[forms.BoundField]:
        return [self[field] for field, _ in PortfolioProject.INTERVIEW_QUESTIONS]


class PublishForm(CheckedText, forms.ModelForm):
    """The public portfolio: on or off, and the address it lives at."""

    class Meta:
        model = Profile
        fields = ["public_portfolio", "public_slug"]
        labels = {"public_portfolio": "Publish my portfolio", "public_slug": "Its address"}
        help_texts = {"public_slug": "3 to 60 letters, digits or hyphens; it becomes /u/address/."}
        error_messages = {
            "public_slug": {
                "invalid": "Use only letters, digits, hyphens and underscores.",
                "max_length": "Keep the address to 60 characters at most.",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.public_slug:
            self.initial["public_slug"] = slugify(self.instance.display_name)[:60]

    def clean_public_slug(self) -> str | None:
        slug = (self.cleaned_data["public_slug"] or "").lower()
        if slug and len(slug) < 3:
            raise forms.ValidationError("Make the address at least 3 characters long.")
        return slug or None

    def clean(self):
        cleaned = super().clean()
        # A slug refused already ("public_slug" not cleaned) needs no second message.
        slug_missing = "public_slug" in cleaned and not cleaned["public_slug"]
        if cleaned.get("public_portfolio") and slug_missing:
            self.add_error("public_slug", "Choose an address for your public page.")
        return cleaned

    def validate_unique(self):
        # Whether an address is free is left to its unique column (services.portfolio_publish),
        # which also settles two learners claiming one at the same moment.
        pass


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
