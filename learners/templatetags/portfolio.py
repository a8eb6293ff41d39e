"""Showing portfolio projects: sanitised write-ups, safe links, answered interview questions."""

from django import template
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe

from learners.markdown import render_markdown
from learners.models import PortfolioProject, validate_web_link

register = template.Library()


@register.filter
def markdown(text: str, top_level: int = 3) -> SafeString:
    # Safe because nh3 cleaned it against an allow-list.
    return mark_safe(render_markdown(text, top_level=top_level))


@register.filter
def web_link(url: str) -> str:
    """The link when it is http(s), else "": rows made without validation may hold others."""
    try:
        validate_web_link(url)
    except ValidationError:
        return ""
    return url


@register.filter
def answered_questions(project: PortfolioProject) -> list[tuple[str, str]]:
    return [
        (question, answer) for question, answer in project.interview_answers() if answer.strip()
    ]
