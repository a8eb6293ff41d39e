"""The attributes and options of the site's form widgets and labels (the templates in
templates/django/forms), written in Python as Django's templates write them: a template loop
costs ~15 µs an item, most of a 24-hour select, a week of checkboxes or an input's attributes."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def attributes(attrs: dict | None) -> SafeString:
    """` name="value"` for each attribute, ` name` alone for True, nothing for False (nor for
    no attributes: a legend may have none)."""
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
            for name, value in (attrs or {}).items()
            if value is not False
        )
    )


@register.simple_tag
def select_options(optgroups) -> SafeString:
    """Each <option> of a Select's `optgroups`, in its <optgroup>. A Select's option carries
    no attribute but `selected` (no widget here adds any)."""
    parts = []
    for group_name, options, _ in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            selected = " selected" if option["selected"] else ""
            value = conditional_escape(str(option["value"]))
            label = conditional_escape(option["label"])
            parts.append(f'\n  <option value="{value}"{selected}>{label}</option>')
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))


@register.simple_tag
def choice_inputs(optgroups) -> SafeString:
    """Each radio or checkbox of a RadioSelect's or CheckboxSelectMultiple's `optgroups`, in
    its <div>, its label wrapped around it."""
    parts = []
    for group_name, options, _ in optgroups:
        if group_name:
            parts.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
        for option in options:
            attrs = option["attrs"]
            value = option["value"]
            label_start = label_end = ""
            if option["wrap_label"]:
                label_for = f' for="{conditional_escape(attrs["id"])}"' if attrs.get("id") else ""
                label_start = f"<label{label_for}>"
                label_end = f" {conditional_escape(option['label'])}</label>"
            value_attr = f' value="{conditional_escape(str(value))}"' if value is not None else ""
            parts.append(
                f'<div>\n    {label_start}<input type="{conditional_escape(option["type"])}"'
                f' name="{conditional_escape(option["name"])}"{value_attr}{attributes(attrs)}>'
                f"{label_end}</div>"
            )
        if group_name:
            parts.append("\n  </div>")
    return mark_safe("".join(parts))
