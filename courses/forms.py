from decimal import Decimal

from django import forms


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
