"""Checks every text input shares, for forms: the pure rules are in rules.py."""

from django import forms
from django.core.exceptions import ValidationError

from . import rules


def validate_text(value) -> None:
    if isinstance(value, str) and rules.has_lone_surrogates(value):
        raise ValidationError(rules.BROKEN_CHARACTER, code="lone_surrogate")


class CheckedText:
    """Form mixin: every text field refuses what text cannot hold (validate_text), beside the
    field. Browsers cannot send a lone surrogate, but the API fills the same forms from JSON."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_text)
