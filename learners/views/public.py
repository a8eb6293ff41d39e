"""A learner's public portfolio, for recruiters: anonymous, and only when the learner says so."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..selectors.hours import activity_heatmap
from ..selectors.portfolio import published_portfolio


@require_safe
def public_portfolio(request: HttpRequest, slug: str) -> HttpResponse:
    portfolio = published_portfolio(slug=slug, now=timezone.now())
    if portfolio is None:
        raise Http404("No public portfolio here.")
    profile = portfolio.profile
    # The year of study days only when the learner ticked "show my activity".
    activity = (
        activity_heatmap(profile=profile, now=timezone.now()) if profile.show_activity else None
    )
    context = {"portfolio": portfolio, "activity": activity}
    return render(request, "learners/public_portfolio.html", context)
