"""The readiness map: each check employers make, the learner's evidence for it, and the gaps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..selectors.readiness import readiness_of


@login_required
@require_safe
def readiness(request: HttpRequest) -> HttpResponse:
    return render(
        request, "learners/readiness.html", {"readiness": readiness_of(user=request.user)}
    )
