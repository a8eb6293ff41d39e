"""Showing portfolio projects: sanitised write-ups and answered interview questions."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from learners.markdown import render_markdown
from learners.models import PortfolioProject

register = template.Library()


@register.filter
def markdown(text: str, top_level: int = 3) -> SafeString:
    # Safe because nh3 cleaned it against an allow-list.
    return mark_safe(render_markdown(text, top_level=top_level))


@register.filter
def answered_questions(project: PortfolioProject) -> list[tuple[str, str]]:
    return [
        (question, answer) for question, answer in project.interview_answers() if answer.strip()
    ]
