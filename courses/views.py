"""The public catalog and path pages. Each swaps one region of itself for htmx requests.

The learner's weekly hours: the course and path pages start from a signed-in learner's own
weekly goal. The catalog knows no learner, so it asks through one seam, the setting
CATALOG_LEARNER_WEEKLY_HOURS: the dotted path of a function taking the signed-in user and
returning their weekly hours (a Decimal) or None. The project points it at
learners.weekly_hours.learner_weekly_hours. It is called only by these views, only for a
signed-in user and only when the address gives no hours (one query).

Kept fragments: each page keeps its content in the cache, keyed on the catalog's version and
on the validated values only (the filter form's cleaned data, the page number the paginator
settled on, the hours), never on the raw query string, so made-up parameters cannot add keys.
A page whose input has errors shows that input back and is not kept.
"""

from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from . import rules, selectors
from .caching import catalog_version, conditional_when_anonymous, kept_fragment
from .forms import CourseFilterForm, WeeklyHoursForm
from .models import Course, Path, Skill

COURSES_PER_PAGE = 12


def _content(name: str, vary_on: list, render_content, *, keep: bool) -> str:
    """The page's content region, kept for everyone at the same validated values; rendered
    afresh when the input is invalid (the form shows that input back)."""
    return kept_fragment(name, vary_on, render_content) if keep else render_content()


def _learner_weekly_hours(request: HttpRequest) -> Decimal | None:
    """The signed-in learner's weekly hours through the seam described above; None for a
    visitor."""
    if not request.user.is_authenticated:
        return None
    return import_string(settings.CATALOG_LEARNER_WEEKLY_HOURS)(request.user)


def _weekly_hours(request: HttpRequest) -> tuple[WeeklyHoursForm, Decimal | None]:
    """The form and the hours per week it asks for: when not given, the signed-in learner's
    goal or 10; None when invalid."""
    if "hours_per_week" not in request.GET:
        hours = _learner_weekly_hours(request) or rules.DEFAULT_HOURS_PER_WEEK
        return WeeklyHoursForm(initial={"hours_per_week": hours}), hours
    form = WeeklyHoursForm(request.GET)
    return form, form.cleaned_data["hours_per_week"] if form.is_valid() else None


@conditional_when_anonymous
@vary_on_headers("HX-Request")
@require_safe
def course_list(request: HttpRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET)
    form.is_valid()  # invalid filters are reported and left out; the valid ones still apply
    courses = selectors.course_list(filters=form.filters())
    # The key needs the page number the paginator settles on, so the courses are counted; their
    # rows are read only when the page's content is not kept.
    page = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page}

    def results() -> dict:
        return {
            # Learners' median hours are read with the rest of the content; their renewal
            # changes the catalog's version, hence the key.
            "courses": selectors.with_real_hours(page),
            "page_range": page.paginator.get_elided_page_range(page.number),
        }

    template = "courses/course_list.html"
    if request.htmx:
        return render(request, f"{template}#results", context | results())
    context["content"] = _content(
        "catalog_page",
        [catalog_version(request), form.cache_key(), page.number],
        lambda: render_to_string(f"{template}#content", context | results(), request),
        keep=not form.errors,
    )
    return render(request, template, context)


@conditional_when_anonymous
@vary_on_headers("HX-Request")
@require_safe
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    title = selectors.published_title(Course, slug=slug)
    if title is None:
        raise Http404("No published course at this address.")
    form, hours_per_week = _weekly_hours(request)

    def figures() -> dict:
        course = selectors.course_detail(slug=slug)
        selectors.with_real_hours([course])
        verdict = None
        if hours_per_week is not None:
            facts = course.verdict_facts(selectors.workflow_stage_names())
            verdict = rules.verdict(facts, hours_per_week)
        skills = course.skills.all()
        return {
            "course": course,
            "topics": [skill for skill in skills if skill.kind == Skill.Kind.TOPIC],
            "employer_checks": [s for s in skills if s.kind == Skill.Kind.EMPLOYER_CHECK],
            "verdict": verdict,
        }

    context = {"title": title, "form": form, "hours_per_week": hours_per_week}
    page = "courses/course_detail.html"
    if request.htmx:
        return render(request, f"{page}#verdict", context | figures())
    context["content"] = _content(
        "course_page",
        [catalog_version(request), request.path, hours_per_week],
        lambda: render_to_string(f"{page}#content", context | figures(), request),
        keep=hours_per_week is not None,
    )
    return render(request, page, context)


@conditional_when_anonymous
@require_safe
def path_list(request: HttpRequest) -> HttpResponse:
    template = "courses/path_list.html"
    content = kept_fragment(
        "paths_page",
        [catalog_version(request)],
        lambda: render_to_string(f"{template}#content", {"paths": selectors.path_list()}),
    )
    return render(request, template, {"content": content})


@conditional_when_anonymous
@vary_on_headers("HX-Request")
@require_safe
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    title = selectors.published_title(Path, slug=slug)
    if title is None:
        raise Http404("No published path at this address.")
    form, hours_per_week = _weekly_hours(request)
    today = timezone.localdate()

    def figures() -> dict:
        path = selectors.path_detail(slug=slug)
        steps = path.published_steps
        projection = plan = None
        if steps and hours_per_week is not None:
            plan = selectors.path_plan(step.course for step in steps)
            projection = rules.project(plan.items, hours_per_week, start=today)
        return {
            "path": path,
            "steps": steps,
            "total_hours": sum((step.course.estimated_hours for step in steps), Decimal(0)),
            "projection": projection,
            "plan": plan,
        }

    context = {"title": title, "form": form, "hours_per_week": hours_per_week, "today": today}
    page = "courses/path_detail.html"
    if request.htmx:
        return render(request, f"{page}#projection", context | figures())
    context["content"] = _content(
        "path_page",
        [catalog_version(request), request.path, hours_per_week, today],
        lambda: render_to_string(f"{page}#content", context | figures(), request),
        keep=hours_per_week is not None,
    )
    return render(request, page, context)
