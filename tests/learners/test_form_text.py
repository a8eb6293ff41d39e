"""Every text a form reads refuses a lone surrogate beside the field: the API fills these forms
from JSON, which can carry one, and PostgreSQL cannot store it (a 500 before)."""

import pytest
from django import forms

from courses.forms import CourseFilterForm
from courses.validators import validate_text
from learners.forms.account import AccessTokenForm
from learners.forms.my_course import CourseNoteForm
from learners.forms.portfolio import ProjectForm

BROKEN = "ok\ud800"


@pytest.mark.parametrize(
    ("make_form", "field"),
    [
        (lambda data: CourseNoteForm(data, autosave_url="/notes/"), "text"),
        (lambda data: AccessTokenForm(data), "name"),
        (lambda data: ProjectForm(data), "title"),
        (lambda data: ProjectForm(data), "write_up"),
        (lambda data: CourseFilterForm(data), "q"),
    ],
)
@pytest.mark.django_db
def test_a_lone_surrogate_is_refused_beside_its_field(make_form, field):
    form = make_form({field: BROKEN})

    assert not form.is_valid()
    assert any("lone UTF-16 surrogate" in message for message in form.errors[field])


@pytest.mark.django_db
def test_every_text_field_of_a_checked_form_has_the_check():
    form = ProjectForm()
    text_fields = [field for field in form.fields.values() if isinstance(field, forms.CharField)]

    assert text_fields
    assert all(validate_text in field.validators for field in text_fields)
