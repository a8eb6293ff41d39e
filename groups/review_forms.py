"""The review form: the project's answered interview questions one by one, each with a verdict
and an optional comment, and an overall comment. Plain fields: it works without JavaScript."""

from django import forms

from courses.validators import CheckedText
from learners.models import PortfolioProject

from . import review_rules
from .models import Review, ReviewAnswer
from .review_models import COMMENT_TOO_LONG
from .review_services import Verdict

MAX = review_rules.REVIEW_COMMENT_MAX_CHARS


def comment_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX,
        error_messages={"max_length": COMMENT_TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(CheckedText, forms.Form):
    overall = comment_field("Overall comment (optional)")

    def __init__(self, *args, project: PortfolioProject, review: Review | None = None, **kwargs):
        self.project = project
        # Only answered questions are reviewed: there is nothing to judge in an empty answer.
        self.keys = [key for key, _ in project.INTERVIEW_QUESTIONS if getattr(project, key).strip()]
        initial = {}
        if review is not None:
            initial["overall"] = review.overall
            for answer in review.answers.all():
                initial[f"{answer.question}-verdict"] = answer.verdict
                initial[f"{answer.question}-comment"] = answer.comment
        super().__init__(*args, initial=initial, **kwargs)
        questions = dict(project.INTERVIEW_QUESTIONS)
        for key in self.keys:
            self.fields[f"{key}-verdict"] = forms.ChoiceField(
                label=f"Is this answer convincing? ({questions[key]})",
                choices=ReviewAnswer.Verdict.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose convincing or needs work."},
            )
            self.fields[f"{key}-comment"] = comment_field("Comment (optional)")
        # The overall comment comes last, after the questions.
        self.order_fields([*(f for f in self.fields if f != "overall"), "overall"])

    def clean(self):
        if not self.keys:
            raise forms.ValidationError(
                "This project has no answered interview question to review yet. Nothing was saved."
            )
        return super().clean()

    def questions(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        """(question, answer, verdict field, comment field) in the questions' order."""
        questions = dict(self.project.INTERVIEW_QUESTIONS)
        return [
            (
                questions[key],
                getattr(self.project, key),
                self[f"{key}-verdict"],
                self[f"{key}-comment"],
            )
            for key in self.keys
        ]

    def verdicts(self) -> dict[str, Verdict]:
        data = self.cleaned_data
        return {key: Verdict(data[f"{key}-verdict"], data[f"{key}-comment"]) for key in self.keys}


class ReportForm(CheckedText, forms.Form):
    reason = forms.CharField(
        label="What is wrong with it? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
