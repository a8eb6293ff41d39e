"""The portfolio's forms: a project, and publishing the public page."""

from django import forms
from django.utils.text import slugify

from courses.models import Course, Skill
from courses.validators import CheckedText

from ..models import PortfolioProject, Profile
from .fields import WebLinkField


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
            "show_peer_reviews",
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
