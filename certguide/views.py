from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from courses.caching import conditional_when_anonymous
from courses.forms import WeeklyHoursForm
from courses.rules import DEFAULT_HOURS_PER_WEEK, GUIDE_WORKLOADS, weeks_to_finish

from . import health


@conditional_when_anonymous
@vary_on_headers("HX-Request")
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Landing page, with a quick "what does my week allow?" estimate from the guide's figures."""
    form = WeeklyHoursForm(request.GET or None, initial={"hours_per_week": DEFAULT_HOURS_PER_WEEK})
    hours_per_week = (
        form.cleaned_data["hours_per_week"] if form.is_valid() else DEFAULT_HOURS_PER_WEEK
    )
    estimates = [
        (
            workload,
            weeks_to_finish(workload.low_hours, hours_per_week),
            weeks_to_finish(workload.high_hours, hours_per_week),
        )
        for workload in GUIDE_WORKLOADS
    ]
    template = "home.html#estimate" if request.htmx else "home.html"
    context = {"form": form, "hours_per_week": hours_per_week, "estimates": estimates}
    return render(request, template, context)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers; Redis being down is reported but not fatal."""
    database = health.database_ok()
    body = {
        "database": "ok" if database else "down",
        "redis": "ok" if health.redis_ok() else "down",
    }
    return JsonResponse(body, status=200 if database else 503)
