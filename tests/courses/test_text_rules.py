"""Text no input keeps: lone surrogates, and cells a spreadsheet would run as formulas."""

import pytest
from django.core.exceptions import ValidationError

from courses.rules import has_lone_surrogates, looks_like_a_formula
from courses.validators import validate_text


@pytest.mark.parametrize("text", ["ok\ud800", "\udfff", "a\udc00b"])
def test_lone_surrogates_are_found(text):
    assert has_lone_surrogates(text)
    with pytest.raises(ValidationError, match="lone UTF-16 surrogate"):
        validate_text(text)


@pytest.mark.parametrize("text", ["", "plain", "naïve café", "emoji 🎓", "日本語"])
def test_real_characters_pass(text):
    assert not has_lone_surrogates(text)
    validate_text(text)


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", '=HYPERLINK("x")', "+1+1", "-2", "@SUM(1)", "\tx", "\rx"]
)
def test_formula_starts_are_found(text):
    assert looks_like_a_formula(text)


@pytest.mark.parametrize("text", ["Coursera", "1+1", "a=b", "C++ basics", " =x"])
def test_other_starts_are_not_formulas(text):
    assert not looks_like_a_formula(text)
