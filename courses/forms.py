from decimal import Decimal

from django import forms

from .models import Course, Institution, Platform, Skill
from .selectors import CourseFilters
from .validators import CheckedText


class WeeklyHoursForm(forms.Form):
    hours_per_week = forms.DecimalField(
        label="Hours per week",
        min_value=Decimal("0.5"),
        max_value=Decimal(80),
        decimal_places=1,
        max_digits=3,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "min_value": "Give at least half an hour a week.",
            "max_value": "A week has room for at most 80 study hours.",
            "invalid": "Enter the hours as a number, for example 6 or 7.5.",
        },
    )


def _not_in_catalog(what: str) -> dict[str, str]:
    return {
        "invalid_choice": f"There is no {what} “%(value)s” in the catalog: pick one from the list."
    }


class CourseFilterForm(CheckedText, forms.Form):
    """The catalog's filters. A field left empty filters nothing; so does one with an error."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. regression"}),
        error_messages={"max_length": "Keep the search under %(limit_value)d characters."},
    )
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.filter(courses__published=True).distinct(),
        to_field_name="slug",
        required=False,
        empty_label="Any platform",
        error_messages=_not_in_catalog("platform"),
    )
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.filter(courses__published=True).distinct(),
        to_field_name="slug",
        required=False,
        empty_label="Any institution",
        error_messages=_not_in_catalog("institution"),
    )
    program_type = forms.ChoiceField(
        label="Program type",
        choices=[("", "Any type"), *Course.ProgramType.choices],
        required=False,
        error_messages=_not_in_catalog("program type"),
    )
    level = forms.ChoiceField(
        choices=[("", "Any level"), *Course.Level.choices],
        required=False,
        error_messages=_not_in_catalog("level"),
    )
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.filter(courses__published=True).distinct(),
        to_field_name="slug",
        required=False,
        empty_label="Any skill",
        error_messages=_not_in_catalog("skill"),
    )
    non_programmer = forms.BooleanField(label="Suited to non-programmers", required=False)
    free_to_audit = forms.BooleanField(label="Free to audit", required=False)

    def cache_key(self) -> str:
        """The filters that passed validation as text, for the key of a kept page: two
        addresses asking for the same courses get the same key (call `is_valid()` first)."""
        values = {name: getattr(value, "slug", value) for name, value in self.cleaned_data.items()}
        return "&".join(f"{name}={values[name]}" for name in sorted(values))

    def filters(self) -> CourseFilters:
        """The filters that passed validation (call `is_valid()` first)."""
        return CourseFilters(**self.cleaned_data)
