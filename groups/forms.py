"""The study groups' forms: a group, the sharing choice, a check-in."""

from django import forms

from courses.models import Path
from courses.validators import CheckedText
from learners.forms.fields import PlainLabels

from . import rules
from .models import CheckIn, StudyGroup

SHARING_HELP = (
    "Your display name always shows. Sharing adds this week's hours against your goal and your "
    "streak, nothing else: never your notes, hour entries, e-mail address or time zone."
)


class GroupForm(PlainLabels, CheckedText, forms.ModelForm):
    """A new group, or its name, path and description changed by its owner."""

    path = forms.ModelChoiceField(
        queryset=Path.objects.published().order_by("position", "title"),
        required=False,
        empty_label="No path",
        help_text="Optional: the path the group studies together.",
    )

    class Meta:
        model = StudyGroup
        fields = ["name", "path", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"description": "Optional: who it is for, when you meet (300 characters)."}


class SharingForm(PlainLabels, forms.Form):
    """Whether the member shares their week: asked on joining, changed on the group page."""

    shares_week = forms.BooleanField(
        label="Share my week with the group", required=False, help_text=SHARING_HELP
    )


class CheckInForm(PlainLabels, CheckedText, forms.ModelForm):
    """This week's check-in: three prompts, at most CHECK_IN_MAX_CHARS together."""

    class Meta:
        model = CheckIn
        fields = ["did", "next", "stuck"]
        widgets = {field: forms.Textarea(attrs={"rows": 3}) for field, _ in CheckIn.PROMPTS}
        labels = dict(CheckIn.PROMPTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_length = rules.CHECK_IN_MAX_CHARS
            field.widget.attrs["maxlength"] = rules.CHECK_IN_MAX_CHARS
        self.fields[
            "stuck"
        ].help_text = (
            f"Markdown. The three together hold at most {rules.CHECK_IN_MAX_CHARS:,} characters."
        )

    def clean(self):
        cleaned = super().clean()
        texts = [cleaned.get(field) or "" for field, _ in CheckIn.PROMPTS]
        if problem := rules.check_in_problem(*texts):
            raise forms.ValidationError(problem)
        return cleaned
