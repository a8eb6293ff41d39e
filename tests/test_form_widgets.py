"""The site's form widget and label templates (templates/django/forms, written with the
form_widgets tags instead of Django's template loops) write the markup Django's own templates
write, for every kind of widget the site uses, whitespace aside."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting

GROUPED = [
    ("Math & stats", [("lin", "Linear <algebra>"), ("prob", "Probability")]),
    ("Code", [("py", "Python")]),
]


class EveryWidget(forms.Form):
    title = forms.CharField(max_length=80, help_text="Shown on your page.")
    empty = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": "a < b"}))
    count = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"step": "0.25"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), disabled=True)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    level = forms.ChoiceField(choices=[("", "Pick one"), ("a", "A & B"), ("b", "B")])
    topic = forms.ChoiceField(choices=GROUPED)
    topics = forms.MultipleChoiceField(choices=GROUPED, required=False)
    kind = forms.ChoiceField(choices=[("x", "X"), ("y", "Y <why>")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False
    )


BOUND = {
    "title": 'A "quoted" <title> & more',
    "empty": "",
    "count": "0",
    "agree": "on",
    "note": "Line one\n<b>bold</b>",
    "level": "a",
    "topic": "prob",
    "topics": ["lin", "py"],
    "kind": "y",
    "days": ["prob"],
}


def flat(html: str) -> str:
    """The markup with whitespace between tags dropped and other runs made one space."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound"])
@pytest.mark.parametrize("name", list(EveryWidget.base_fields))
def test_each_widget_and_label_is_djangos_own_markup(name, data):
    site = EveryWidget(data, renderer=TemplatesSetting())[name]
    django = EveryWidget(data, renderer=DjangoTemplates())[name]

    assert flat(site.as_widget()) == flat(django.as_widget())
    assert flat(site.label_tag()) == flat(django.label_tag())
    assert flat(site.legend_tag()) == flat(django.legend_tag())
